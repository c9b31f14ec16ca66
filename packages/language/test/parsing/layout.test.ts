/**
 * Layout (§4.3): INDENT/DEDENT only after block headers, never inside brackets; comment and blank lines are
 * invisible; trailing comments on headers, `else :`, and headers whose brackets span lines (L45).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { first, parse, parseValid, reset, sexpr } from './parse.js';

afterEach(reset);

describe('layout (§4.3)', () => {
  test('a trailing comment on a header and `else :` still open blocks', async () => {
    const text = [
      'fn band(x: int) -> str:   # classification',
      '    if x > 10:   # big',
      '        return "big"',
      '    else :',
      '        return "small"',
    ].join('\n');
    expect(await first(text)).toBe(
      '(FnDecl band (Param x (TypeRef (PrimitiveType int))) (TypeRef (PrimitiveType str)) (IfStmt (ComparisonExpr > (NameRef &x) (IntLiteral 10)) (ReturnStmt (StringLiteral big)) (ReturnStmt (StringLiteral small))))',
    );
  });

  test('comment lines at any column and blank lines inside a block do not end it', async () => {
    const text = [
      'fn f(x: int) -> int:',
      '    let y = x',
      '# at column zero',
      '',
      '  # shallower',
      '    /* block',
      'comment */',
      '    y + 1',
      'let after = 1',
    ].join('\n');
    const program = await parseValid(text);
    expect(program.statements.map((s) => s.$type)).toEqual(['FnDecl', 'VarDecl']);
    expect(sexpr(program.statements[0]!)).toContain('(ExprStmt (BinaryExpr + (NameRef &y) (IntLiteral 1)))');
  });

  test('a header whose brackets span lines opens its block on the line that closes them (L45)', async () => {
    const text = [
      'fn weighted(a: float,',
      '            b: float) -> float:',
      '    a * b',
      '',
      'fn in_band(x: float) -> bool:',
      '    if (x > 1.0 and',
      '            x < 9.0):',
      '        return true',
      '    return false',
    ].join('\n');
    const program = await parseValid(text);
    expect(program.statements.map((s) => s.$type)).toEqual(['FnDecl', 'FnDecl']);
    expect(sexpr(program.statements[1]!)).toContain('(IfStmt (ParenExpr (LogicalExpr and');
  });

  test('stream chains are free-form: indentation of continuation lines is irrelevant', async () => {
    const text = [
      'stream Fast = Turbine',
      '    .where(rpm > 1800.0)',
      '        .emit(turbine: turbine_id)',
      'stream Slow = Turbine . where (rpm < 10.0)',
      '.emit(turbine: turbine_id)',
    ].join('\n');
    const program = await parseValid(text);
    expect(program.statements.map((s) => sexpr(s))).toEqual([
      '(StreamDecl Fast (EventSource &Turbine) (WhereOp (ComparisonExpr > (NameRef &rpm) (FloatLiteral 1800))) (EmitOp (NamedArg turbine (NameRef &turbine_id))))',
      '(StreamDecl Slow (EventSource &Turbine) (WhereOp (ComparisonExpr < (NameRef &rpm) (FloatLiteral 10))) (EmitOp (NamedArg turbine (NameRef &turbine_id))))',
    ]);
  });

  test('a continuation line inside brackets may be less indented than the block', async () => {
    const text = ['fn total(a: int, b: int) -> int:', '    let s = max(a,', 'b)', '    s'].join('\n');
    const program = await parseValid(text);
    expect(sexpr(program.statements[0]!)).toContain(
      '(VarDecl s let (CallExpr (NameRef &max) (Argument (NameRef &a)) (Argument (NameRef &b))))',
    );
  });

  test('several blocks close at once on a dedent', async () => {
    const text = [
      'fn f(x: int) -> int:',
      '    while x > 0:',
      '        if x > 5:',
      '            return x',
      'let y = 1',
    ].join('\n');
    const program = await parseValid(text);
    expect(program.statements.map((s) => s.$type)).toEqual(['FnDecl', 'VarDecl']);
  });

  test('a dedent to a column that matches no block is accepted with warning VPL-L010', async () => {
    const text = [
      'fn grade(score: int) -> str:',
      '    if score > 90:',
      '            return "A"',
      '      return "B"',
    ].join('\n');
    const { errors, program } = await parse(text);
    expect(errors).toEqual([expect.stringMatching(/^VPL-L010 /)]);
    expect(program.statements).toHaveLength(1);
  });

  test('an `if` statement and an `if … then … else` expression statement are told apart', async () => {
    const text = ['fn f(x: int) -> str:', '    if x > 1:', '        return "a"', '    if x > 0 then "b" else "c"'].join(
      '\n',
    );
    expect(await first(text)).toContain(
      '(IfStmt (ComparisonExpr > (NameRef &x) (IntLiteral 1)) (ReturnStmt (StringLiteral a))) (ExprStmt (IfExpr',
    );
  });

  test('a one-line block is not VPL: the body must be on indented lines', async () => {
    const { errors } = await parse('fn f(): return 1');
    expect(errors.length).toBeGreaterThan(0);
  });

  test('a line starting with `(` continues the previous expression (L39)', async () => {
    expect(await first('let y = f\n(a + b) * 2')).toBe(
      '(VarDecl y let (BinaryExpr * (CallExpr (NameRef &f) (Argument (BinaryExpr + (NameRef &a) (NameRef &b)))) (IntLiteral 2)))',
    );
  });

  test('`return` takes the expression on the next line as its value (L23)', async () => {
    const text = ['fn pick(x: int) -> int:', '    if x > 0:', '        return', '            x * 2', '    0'].join(
      '\n',
    );
    expect(await first(text)).toContain('(ReturnStmt (BinaryExpr * (NameRef &x) (IntLiteral 2)))');
  });
});
