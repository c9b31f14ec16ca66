/**
 * Compiled step filters (runtime/patterns/step-filter.ts) decide exactly like the generic evaluator: random
 * filters of the shapes they handle (and a few they do not), over values of every kind the fast nodes must
 * either decide or hand over (ints, boxed integral floats, NaN, bigints, strings, null, missing fields, Kleene
 * arrays, unbound aliases), give the same result and the same diagnostics as the generic compiled condition.
 */

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ExprPlan, LiteralValue } from '../../src/plan/expression.js';
import type { SourceSpan } from '../../src/plan/source-span.js';
import { type AliasBinding, EvalContext } from '../../src/runtime/expressions/context.js';
import type { RuntimeDiagnostic } from '../../src/runtime/expressions/diagnostics.js';
import { createExpressionRuntime } from '../../src/runtime/expressions/runtime.js';
import { compileStepDecider, compileStepFilter, UNDECIDED } from '../../src/runtime/patterns/step-filter.js';
import { EventRecord, Shape } from '../../src/runtime/values/record.js';
import { FloatValue, type Value } from '../../src/runtime/values/value.js';

const span = (n: number): SourceSpan => ({ line: 1, column: n, endLine: 1, endColumn: n + 1 });

const VALUES: Value[] = [
  0,
  1,
  new FloatValue(1),
  2,
  -3,
  7,
  2.5,
  Number.MAX_SAFE_INTEGER,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  new FloatValue(3),
  new FloatValue(-0),
  new FloatValue(1e21),
  12345678901234567890n,
  'a',
  'b',
  null,
  true,
];

const LITERALS: LiteralValue[] = [
  { type: 'int', value: '1' },
  { type: 'int', value: '-2' },
  { type: 'int', value: '9007199254740991' },
  { type: 'int', value: '9223372036854775807' },
  { type: 'float', value: 2.5 },
  { type: 'float', value: 3 },
  { type: 'str', value: 'a' },
  { type: 'null' },
  { type: 'bool', value: true },
];

/** Candidate fields `x`, `y`; alias 0 (`a`), alias 1 (the step's own alias when the step is ordinary). */
const operand = fc.letrec<{ e: ExprPlan }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', 'z').map((name): ExprPlan => ({ kind: 'field', name, span: span(1) })),
    fc
      .record({ slot: fc.constantFrom(0, 1), field: fc.constantFrom('x', 'y') })
      .map(({ slot, field }): ExprPlan => ({ kind: 'aliasField', alias: `s${slot}`, slot, field, span: span(2) })),
    fc.constantFrom(...LITERALS).map((value): ExprPlan => ({ kind: 'literal', value, span: span(3) })),
    fc
      .record({ op: fc.constantFrom('+' as const, '-' as const), left: tie('e'), right: tie('e') })
      .map(({ op, left, right }): ExprPlan => ({ kind: 'binary', op, left, right, span: span(4) })),
  ),
})).e;

const ORDERINGS = ['<', '<=', '>', '>='] as const;

/** `field op alias.field [± literal]`, either way round: the fused shape. */
const fusedLike = fc
  .record({
    op: fc.constantFrom(...ORDERINGS),
    field: fc.constantFrom('x', 'y'),
    slot: fc.constantFrom(0, 1),
    aliasField: fc.constantFrom('x', 'y'),
    offset: fc.option(
      fc.record({ op: fc.constantFrom('+' as const, '-' as const), value: fc.constantFrom(...LITERALS) }),
    ),
    swapped: fc.boolean(),
  })
  .map(({ op, field, slot, aliasField, offset, swapped }): ExprPlan => {
    const f: ExprPlan = { kind: 'field', name: field, span: span(1) };
    let a: ExprPlan = { kind: 'aliasField', alias: `s${slot}`, slot, field: aliasField, span: span(2) };
    if (offset !== null) {
      const right: ExprPlan = { kind: 'literal', value: offset.value, span: span(3) };
      a = { kind: 'binary', op: offset.op, left: a, right, span: span(4) };
    }
    return { kind: 'compare', op, left: swapped ? a : f, right: swapped ? f : a, span: span(5) };
  });

const condition = fc.letrec<{ c: ExprPlan }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fusedLike,
    fc
      .record({
        op: fc.constantFrom('==' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const),
        left: operand,
        right: operand,
      })
      .map(({ op, left, right }): ExprPlan => ({ kind: 'compare', op, left, right, span: span(5) })),
    fc
      .record({ op: fc.constantFrom('and' as const, 'or' as const), left: tie('c'), right: tie('c') })
      .map(({ op, left, right }): ExprPlan => ({ kind: 'logical', op, left, right, span: span(6) })),
    tie('c').map((operand): ExprPlan => ({ kind: 'not', operand, span: span(7) })),
    fc
      .record({ operand, negated: fc.boolean() })
      .map(({ operand, negated }): ExprPlan => ({ kind: 'is', operand, test: 'null', negated, span: span(8) })),
  ),
})).c;

const XY = Shape.of(['x', 'y']);
const X = Shape.of(['x']);
const record = fc
  .record({ x: fc.constantFrom(...VALUES), y: fc.constantFrom(...VALUES), full: fc.boolean() })
  .map(({ x, y, full }) => (full ? new EventRecord('T', 1, XY, [x, y]) : new EventRecord('T', 1, X, [x])));
const binding = fc.oneof(
  fc.constant(null),
  record,
  fc.array(record, { maxLength: 2 }).map((rs): AliasBinding => rs),
);

interface Outcome {
  readonly result: boolean;
  readonly diagnostics: RuntimeDiagnostic[];
}

describe('compiled step filters decide like the generic evaluator', () => {
  test('random filters, values and bindings: same result, same diagnostics', () => {
    const runtime = createExpressionRuntime();
    let diagnostics: RuntimeDiagnostic[] = [];
    const ctx = new EvalContext({ report: (d) => diagnostics.push(d) });
    const measure = (f: () => boolean): Outcome => {
      diagnostics = [];
      const result = f();
      return { result, diagnostics };
    };
    fc.assert(
      fc.property(
        condition,
        fc.constantFrom(-1, 1),
        record,
        record,
        binding,
        binding,
        (plan, ownSlot, candidate, other, b0, b1) => {
          const generic = runtime.compileCondition(plan);
          const reference = (rec: EventRecord, caps: AliasBinding[]): Outcome =>
            measure(() => {
              ctx.record = rec;
              ctx.aliases = ownSlot < 0 ? caps : caps.map((b, i) => (i === ownSlot ? rec : b));
              return generic(ctx);
            });
          const fast = compileStepFilter(plan, ownSlot, runtime, ctx)!;
          const decide = compileStepDecider(plan, ownSlot, ctx);
          const caps: AliasBinding[] = [b0, b1];
          // the same record twice (per-record caches), then another one
          for (const rec of [candidate, candidate, other]) {
            const want = reference(rec, caps);
            expect(measure(() => fast(rec, caps))).toEqual(want);
            expect(caps).toEqual([b0, b1]);
            if (decide !== null) {
              const d = decide(rec, caps);
              if (d !== UNDECIDED) {
                // a fast decision is only ever made where the generic path reports nothing
                expect(d === 1).toBe(want.result);
                expect(want.diagnostics).toEqual([]);
              }
            }
          }
        },
      ),
      { numRuns: 3000, seed: 20261122 },
    );
  });

  test('the common shapes are decided without the generic evaluator', () => {
    const ctx = new EvalContext();
    const f = (name: string): ExprPlan => ({ kind: 'field', name, span: span(1) });
    const a = (field: string): ExprPlan => ({ kind: 'aliasField', alias: 'a', slot: 0, field, span: span(2) });
    const lit = (value: number): ExprPlan => ({ kind: 'literal', value: { type: 'float', value }, span: span(3) });
    const cmp = (op: '>' | '!=', left: ExprPlan, right: ExprPlan): ExprPlan => ({
      kind: 'compare',
      op,
      left,
      right,
      span: span(4),
    });
    const plus: ExprPlan = { kind: 'binary', op: '+', left: a('price'), right: lit(1), span: span(5) };
    const shape = Shape.of(['price', 'ip']);
    const rec = (price: Value, ip: string) => new EventRecord('T', 0, shape, [price, ip]);
    const plans: [ExprPlan, boolean][] = [
      [cmp('>', f('price'), a('price')), true], // 101.0 > 100.0
      [cmp('>', f('price'), plus), false], // 101.0 > 100.0 + 1.0
      [cmp('>', f('price'), lit(100)), true],
      [cmp('!=', f('ip'), a('ip')), true],
      [
        {
          kind: 'logical',
          op: 'and',
          left: cmp('>', f('price'), lit(50)),
          right: cmp('!=', f('ip'), a('ip')),
          span: span(6),
        },
        true,
      ],
    ];
    const caps: AliasBinding[] = [[rec(new FloatValue(99), 'x'), rec(new FloatValue(100), '10.0.0.1')]];
    for (const [plan, expected] of plans) {
      const decide = compileStepDecider(plan, -1, ctx);
      expect(decide).not.toBeNull();
      expect(decide!(rec(new FloatValue(101), '10.0.0.2'), caps)).toBe(expected ? 1 : 0);
    }
  });
});
