/** Appendix A: inputs on which the reference parser misbehaves, and what ours must produce. */
import { afterEach, describe, expect, test } from 'vitest';
import { first, parse, reset } from './parse.js';

afterEach(reset);

async function errorsOf(text: string): Promise<string[]> {
  return (await parse(text)).errors;
}

describe('Appendix A: reference quirks', () => {
  test('words that start with a keyword are identifiers (L1)', async () => {
    expect(await first('stream S = E.where(notified == true)')).toBe(
      '(StreamDecl S (EventSource &E) (WhereOp (ComparisonExpr == (NameRef &notified) (BoolLiteral true))))',
    );
    expect(await first('stream S = E.where(null_count > 0)')).toContain('(NameRef &null_count)');
    expect(await first('stream S = A as a -> allocations as b')).toBe(
      '(StreamDecl S (EventSource &A (Alias a)) (FollowedBy &allocations (Alias b)))',
    );
  });

  test('malformed numbers are one lexical error each (§3.12)', async () => {
    for (const text of ['let x = 5min', 'let x = 1e5', 'let x = 1_000', 'let x = 0x1F', 'let x = 1.5s']) {
      const errors = await errorsOf(text);
      expect(errors, text).toHaveLength(1);
      expect(errors[0], text).toMatch(/^VPL-P001 Invalid numeric literal/);
    }
  });

  test('`xor` exists only inside `.pattern(...)`', async () => {
    expect((await errorsOf('let v = a xor b')).length).toBeGreaterThan(0);
    expect(await first('stream S = E.window(5).pattern(p: A -> B xor C)')).toContain(
      '(PatBinary xor (PatChain) (PatChain))',
    );
  });

  test('`within` in a pattern declaration takes a duration literal, not an expression', async () => {
    const { program } = await parse('pattern P = SEQ(A, B) within 5 * 60s');
    expect(program.statements[0]?.$type).toBe('PatternDecl');
    expect((program.statements[0] as { within?: string }).within).toBeUndefined();
    expect(program.statements.length).toBeGreaterThan(1);
  });

  test('window options in any order; `session` only as a keyword followed by `:` (L6)', async () => {
    expect(await first('stream S = E.window(5m, policy: "p", sliding: 1m)')).toBe(
      '(StreamDecl S (EventSource &E) (WindowOp (DurationLiteral 5m) (WindowOption policy (StringLiteral p)) (WindowOption sliding (DurationLiteral 1m))))',
    );
    expect(await first('stream S = E.window(session_len)')).toBe(
      '(StreamDecl S (EventSource &E) (WindowOp (NameRef &session_len)))',
    );
    expect(await first('stream S = E.window(session: 2m)')).toBe(
      '(StreamDecl S (EventSource &E) (WindowOp session (DurationLiteral 2m)))',
    );
  });

  test('`?` may follow any type (L12)', async () => {
    expect(await first('type W = [int]?')).toBe(
      '(TypeDecl W (TypeRef optional (ArrayType (TypeRef (PrimitiveType int)))))',
    );
  });

  test('doubled prefix operators and `is not` [EXT]', async () => {
    expect(await first('let x = - -y')).toBe('(VarDecl x let (UnaryExpr - (UnaryExpr - (NameRef &y))))');
    expect(await first('let x = not not y')).toBe('(VarDecl x let (NotExpr (NotExpr (NameRef &y))))');
    expect(await first('stream S = E.where(x is not null)')).toBe(
      '(StreamDecl S (EventSource &E) (WhereOp (ComparisonExpr is not (NameRef &x) (NullLiteral))))',
    );
  });

  test('string escapes are decoded (L11) and `>>` is a right shift (L9)', async () => {
    expect(await first('let s = "a\\"b"')).toBe('(VarDecl s let (StringLiteral a"b))');
    expect(await first('let x = a >> 2')).toBe('(VarDecl x let (BinaryExpr >> (NameRef &a) (IntLiteral 2)))');
  });

  test('precedence: unary minus binds tighter than `**`, `not` looser than comparison (L9)', async () => {
    expect(await first('let x = -2 ** 2')).toBe(
      '(VarDecl x let (BinaryExpr ** (UnaryExpr - (IntLiteral 2)) (IntLiteral 2)))',
    );
    expect(await first('let x = not a == b')).toBe(
      '(VarDecl x let (NotExpr (ComparisonExpr == (NameRef &a) (NameRef &b))))',
    );
    expect(await first('let x = a | b == c')).toBe(
      '(VarDecl x let (ComparisonExpr == (BinaryExpr | (NameRef &a) (NameRef &b)) (NameRef &c)))',
    );
  });

  test('syntax errors the reference also rejects', async () => {
    for (const text of [
      'connector C = mqtt(port: -1)',
      'stream S = E.to(C, topic: "a" + "b")',
      'stream S = LoginFailed+ -> LoginOk',
      'stream S = E.emit as Alert',
      'stream S = (E)',
      'stream S = E.emit(a: 1,)',
      'let c = a < b < c',
    ]) {
      expect((await errorsOf(text)).length, text).toBeGreaterThan(0);
    }
  });

  test('un-indented event fields parse, marked for VPL-P010', async () => {
    const { program, errors } = await parse('event E: a: int b: float');
    expect(errors).toEqual([]);
    expect(program.statements[0]).toMatchObject({ $type: 'EventDecl', unindented: true });
  });
});
