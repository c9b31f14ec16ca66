import { describe, expect, test } from 'vitest';
import type { ExprPlan } from '../../src/plan/expression.js';
import { NO_SPAN } from '../../src/plan/source-span.js';
import { createExpressionRuntime, EvalContext, type RuntimeDiagnostic } from '../../src/runtime/expressions/index.js';
import { EventRecord, toJson } from '../../src/runtime/values/index.js';
import { parseExpr, parseFunctions } from './mini-vpl.js';

describe('the expression runtime API', () => {
  test('plans are plain data: a JSON round trip compiles to the same behaviour', () => {
    const fns = parseFunctions('fn f(x: int) -> int:\n    x * 2\n');
    const expr = parseExpr('f(price) + len([1, 2]) + (if price > 10 then 1 else 0)', { functions: ['f'] });
    const copy = JSON.parse(JSON.stringify({ fns, expr })) as { fns: typeof fns; expr: ExprPlan };
    expect(copy).toEqual({ fns, expr });
    const rt = createExpressionRuntime(copy.fns);
    const ctx = new EvalContext();
    ctx.record = EventRecord.of('T', 0, { price: 20 });
    expect(rt.compile(copy.expr)(ctx)).toBe(43);
  });

  test('one compiled expression evaluates many records; the context is reused', () => {
    const rt = createExpressionRuntime();
    const cond = rt.compileCondition(parseExpr('price > 100 and symbol == "ACME"'));
    const ctx = new EvalContext();
    const records = [
      EventRecord.of('Trade', 1, { symbol: 'ACME', price: 150 }),
      EventRecord.of('Trade', 2, { symbol: 'ACME', price: 50 }),
      EventRecord.of('Trade', 3, { price: 150.5, symbol: 'ACME' }), // another shape
      EventRecord.of('Trade', 4, { symbol: 'X', price: 150 }),
    ];
    expect(
      records.map((r) => {
        ctx.record = r;
        return cond(ctx);
      }),
    ).toEqual([true, false, true, false]);
  });

  test('diagnostics carry code, severity, message and span', () => {
    const seen: RuntimeDiagnostic[] = [];
    const rt = createExpressionRuntime();
    const ctx = new EvalContext({ report: (d) => seen.push(d) });
    const e = rt.compile(parseExpr('10 / n'));
    expect(e(ctx)).toBe(null); // no record: n is null, which propagates without an error
    expect(seen).toEqual([]);
    ctx.record = EventRecord.of('T', 0, { n: 0 });
    e(ctx);
    expect(seen).toEqual([
      {
        code: 'VPL-R002',
        severity: 'error',
        message: 'Division by zero.',
        span: { line: 1, column: 1, endLine: 1, endColumn: 7 },
      },
    ]);
    ctx.record = EventRecord.of('T', 0, { n: 4 });
    expect(e(ctx)).toBe(2);
    expect(seen.length).toBe(1);
  });

  test('statement blocks and direct function calls', () => {
    const rt = createExpressionRuntime(parseFunctions('fn add(a: int, b: int) -> int:\n    a + b\n'));
    const ctx = new EvalContext();
    expect(rt.callFunction(ctx, 'add', [2, 3], NO_SPAN)).toBe(5);
    expect(rt.callFunction(ctx, 'nope', [], NO_SPAN)).toBe(null);
    const block = rt.compileBlock(
      [
        {
          kind: 'let',
          binding: 'var',
          name: 'x',
          slot: 0,
          value: { kind: 'literal', value: { type: 'int', value: '41' }, span: NO_SPAN },
          span: NO_SPAN,
        },
        {
          kind: 'expr',
          expr: {
            kind: 'binary',
            op: '+',
            left: { kind: 'local', name: 'x', slot: 0, depth: 0, span: NO_SPAN },
            right: { kind: 'literal', value: { type: 'float', value: 1 }, span: NO_SPAN },
            span: NO_SPAN,
          },
          span: NO_SPAN,
        },
      ],
      1,
    );
    expect(toJson(block(ctx))).toBe('42.0');
  });

  test('globals are read from the shared slot array and may change between evaluations', () => {
    const rt = createExpressionRuntime();
    const globals = [5];
    const ctx = new EvalContext({ globals });
    const e = rt.compile(parseExpr('LIMIT * 2', { globals: ['LIMIT'] }));
    expect(e(ctx)).toBe(10);
    globals[0] = 7;
    expect(e(ctx)).toBe(14);
  });

  test('aggregate references read the context', () => {
    const rt = createExpressionRuntime();
    const ctx = new EvalContext();
    ctx.aggregates = [10, 4];
    const e = rt.compile({
      kind: 'binary',
      op: '-',
      left: { kind: 'aggregate', index: 0, span: NO_SPAN },
      right: { kind: 'aggregate', index: 1, span: NO_SPAN },
      span: NO_SPAN,
    });
    expect(e(ctx)).toBe(6);
  });
});
