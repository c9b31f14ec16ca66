import { describe, expect, test } from 'vitest';
import { EventRecord, toJson } from '../../src/runtime/values/index.js';
import { evaluate, value } from './harness.js';

describe('user functions (semantics §7.6, §14.2)', () => {
  test('implicit result: the last expression statement executed', () => {
    const functions = `
fn volume(w: float, h: float, d: float) -> float:
    w * h * d
`;
    expect(value('volume(2.0, 3.0, 4)', { functions })).toEqual(value('24.0'));
  });

  test('return, if / elif / else', () => {
    const functions = `
fn band(weight: float) -> str:
    if weight > 30.0:
        return "freight"
    elif weight > 10.0:
        return "heavy"
    else:
        return "standard"
`;
    expect(value('band(40.0)', { functions })).toBe('freight');
    expect(value('band(20.0)', { functions })).toBe('heavy');
    expect(value('band(1.0)', { functions })).toBe('standard');
    expect(value('band(missing)', { functions })).toBe('standard');
  });

  test('a function whose last statement is not an expression returns null', () => {
    const functions = `
fn f(x: int) -> int:
    x + 1
    let y = 2
`;
    expect(value('f(1)', { functions })).toBe(null);
  });

  test('named arguments bind by name (S9); missing ones are null', () => {
    const functions = `
fn sub(a: int, b: int) -> int:
    a - b
fn pair(a: int, b: int):
    [a, b]
`;
    expect(value('sub(b: 1, a: 10)', { functions })).toBe(9);
    expect(value('sub(10, b: 3)', { functions })).toBe(7);
    expect(value('pair(1)', { functions })).toEqual([1, null]);
  });

  test('recursion works up to the depth limit, then VPL-R005', () => {
    const functions = `
fn fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)
fn down(n: int) -> int:
    down(n + 1)
`;
    expect(value('fact(20)', { functions })).toBe(2432902008176640000n);
    expect(value('fact(10)', { functions })).toBe(3628800);
    const r = evaluate('down(0)', { functions });
    expect(r.value).toBe(null);
    expect(r.codes).toEqual(['VPL-R005']);
    expect(r.diagnostics[0]!.message).toContain('recursion depth limit of 256');
  });

  test("functions read globals, the record being processed and the calling stream's aliases", () => {
    const functions = `
fn over(limit: int) -> bool:
    amount > limit and amount > THRESHOLD
fn alias_amount() -> int:
    o.amount
`;
    const opts = {
      functions,
      globals: { THRESHOLD: 10 },
      record: { amount: 50 },
      aliases: { o: EventRecord.of('Order', 0, { amount: 7 }) },
    };
    expect(value('over(20)', opts)).toBe(true);
    expect(value('over(60)', opts)).toBe(false);
    expect(value('alias_amount()', opts)).toBe(7);
  });

  test('locals, assignment, for over ranges, arrays, maps and ints; break and continue', () => {
    const functions = `
fn checksum(codes: int) -> int:
    var total = 0
    for c in codes:
        if c < 0:
            continue
        total := total + c
        if total > 1000000:
            break
    return total % 97
fn keys_of(m: int) -> int:
    var out = []
    for kv in m:
        out := push(out, kv[0])
    out
fn count_to(n: int) -> int:
    var s = 0
    for i in n:
        s := s + i
    s
`;
    expect(value('checksum([5, -3, 100])', { functions })).toBe(105 % 97);
    expect(value('checksum(0..3)', { functions })).toBe(3);
    expect(value('keys_of({x: 1, y: 2})', { functions })).toEqual(['x', 'y']);
    expect(value('count_to(5)', { functions })).toBe(10);
    expect(value('count_to(missing)', { functions })).toBe(0);
    expect(evaluate('count_to("abc")', { functions }).codes).toEqual(['VPL-R001']);
  });

  test('a let inside a loop binds afresh each iteration (S37)', () => {
    const functions = `
fn f() -> int:
    var acc = []
    for i in 0..3:
        let sq = i * i
        acc := push(acc, sq)
    acc
`;
    expect(value('f()', { functions })).toEqual([0, 1, 4]);
  });

  test('while stops at the loop budget with VPL-R005', () => {
    const functions = `
fn spin() -> int:
    var i = 0
    while true:
        i := i + 1
    i
fn count(n: int) -> int:
    var i = 0
    while i < n:
        i := i + 1
    return i
`;
    const r = evaluate('spin()', { functions });
    expect(r.codes).toEqual(['VPL-R005']);
    expect(r.diagnostics[0]!.message).toBe(
      'Loop stopped after 10000 iterations (the while-loop budget; see --max-loop-iterations).',
    );
    expect(r.diagnostics[0]!.span.line).toBe(4);
    expect(value('count(10000)', { functions })).toBe(10000);
    const small = evaluate('spin()', { functions, limits: { maxLoopIterations: 5 } });
    expect(small.codes).toEqual(['VPL-R005']);
  });

  test('the evaluation step budget stops runaway work without a hang', () => {
    const functions = `
fn spin() -> int:
    var i = 0
    while true:
        i := i + 1
    i
fn nested() -> int:
    var n = 0
    for i in 0..10000:
        n := n + spin()
    n
`;
    const r = evaluate('nested()', { functions, limits: { maxSteps: 100_000 } });
    expect(r.value).toBe(null);
    expect(r.codes.at(-1)).toBe('VPL-R005');
    expect(r.diagnostics.at(-1)!.message).toContain('budget of 100000 operations');
  });

  test('emit statements create records in the collector with the current event time', () => {
    const functions = `
fn split_batch(batch_id: str, units: int):
    for i in 0..units:
        emit UnitQueued(batch: batch_id, unit: i, last: i == units - 1)
`;
    const out: EventRecord[] = [];
    evaluate('split_batch("b7", 3)', { functions, emit: out });
    expect(out.map((r) => [r.type, r.timeMs, Object.fromEntries(r.entries())])).toEqual([
      ['UnitQueued', 1000, { batch: 'b7', unit: 0, last: false }],
      ['UnitQueued', 1000, { batch: 'b7', unit: 1, last: false }],
      ['UnitQueued', 1000, { batch: 'b7', unit: 2, last: true }],
    ]);
    // Without a collector, emit has no effect.
    expect(evaluate('split_batch("b7", 3)', { functions }).codes).toEqual([]);
  });
});

describe('lambdas (language §10.9)', () => {
  test('as arguments of collection methods', () => {
    expect(value('[1, 2, 3, 4].filter(x => x % 2 == 0)')).toEqual([2, 4]);
    expect(value('[1, 2, 3].map(x => x * 10)')).toEqual([10, 20, 30]);
    expect(value('[1, 2, 3].map(x => [x, 1]).flatten()')).toEqual([1, 1, 2, 1, 3, 1]);
  });

  test('stored in a variable and called', () => {
    const functions = `
fn apply() -> int:
    let twice = x => x * 2
    let add = (a, b) => a + b
    add(twice(3), 1)
`;
    expect(value('apply()', { functions })).toBe(7);
  });

  test('closures see enclosing locals', () => {
    const functions = `
fn scale(xs: int, k: int) -> int:
    xs.map(x => x * k)
fn nested(xs: int) -> int:
    xs.map(x => [1, 2].map(y => x * 10 + y))
`;
    expect(value('scale([1, 2], 3)', { functions })).toEqual([3, 6]);
    expect(value('nested([1, 2])', { functions })).toEqual([
      [11, 12],
      [21, 22],
    ]);
  });

  test('block bodies run every statement; the value is the last expression', () => {
    expect(toJson(value('[212.0].map((t) => { let c = t - 32.0  c * 5.0 / 9.0 })'))).toBe('[100.0]');
    expect(value('[1].map(x => {})')).toEqual([null]);
  });

  test('filter reports a non-bool lambda result and drops the element', () => {
    const r = evaluate('[1, 2].filter(x => x)');
    expect(r.value).toEqual([]);
    expect(r.codes).toEqual(['VPL-R001', 'VPL-R001']);
  });

  test('calling a non-lambda is a type error', () => {
    expect(evaluate('f(1)', { globals: { f: 3 } }).codes).toEqual(['VPL-R001']);
  });
});
