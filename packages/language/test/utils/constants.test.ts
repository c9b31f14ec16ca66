import { afterEach, describe, expect, test } from 'vitest';
import type { VarDecl } from '../../src/generated/ast.js';
import { type ConstValue, describeNanos, evaluateConstant } from '../../src/utils/constants.js';
import { parseValid, reset } from '../parsing/parse.js';

afterEach(reset);

/** Evaluates the initialiser of the last `let` of a program. */
async function value(text: string): Promise<ConstValue | undefined> {
  const program = await parseValid(text);
  const last = program.statements[program.statements.length - 1] as VarDecl;
  return evaluateConstant(last.value);
}

describe('constant expressions (L42)', () => {
  test('literals, unary minus and arithmetic', async () => {
    expect(await value('let x = 7')).toEqual({ kind: 'int', value: 7n });
    expect(await value('let x = -(2 + 3) * 4')).toEqual({ kind: 'int', value: -20n });
    expect(await value('let x = 7 / 2')).toEqual({ kind: 'int', value: 3n });
    expect(await value('let x = 1.5 * 2')).toEqual({ kind: 'float', value: 3 });
    expect(await value('let x = "a" + "b"')).toEqual({ kind: 'string', value: 'ab' });
  });

  test('durations: arithmetic with durations and integers', async () => {
    expect(await value('let x = 5m')).toEqual({ kind: 'duration', nanos: 300_000_000_000n });
    expect(await value('let x = 1s + 500ms')).toEqual({ kind: 'duration', nanos: 1_500_000_000n });
    expect(await value('let x = 2 * 1m')).toEqual({ kind: 'duration', nanos: 120_000_000_000n });
    expect(await value('let x = 1s / 3')).toEqual({ kind: 'duration', nanos: 333_333_333n });
    expect(await value('let x = 1s * 1s')).toBeUndefined();
  });

  test('const and let globals are constant, declared before or after; var globals are not', async () => {
    expect(await value('const A = 10\nlet B = A * 2\nlet x = B + 1')).toEqual({ kind: 'int', value: 21n });
    expect(await value('const LATER = 3\nlet x = LATER')).toEqual({ kind: 'int', value: 3n });
    expect(await value('var V = 10\nlet x = V')).toBeUndefined();
  });

  test('calls, fields and failing arithmetic are not constant', async () => {
    expect(await value('let x = abs(3)')).toBeUndefined();
    expect(await value('let x = field')).toBeUndefined();
    expect(await value('let x = 1 / 0')).toBeUndefined();
    expect(await value('let a = b\nlet b = a\nlet x = a')).toBeUndefined();
  });

  test('durations are shown in their largest exact unit', () => {
    expect(describeNanos(90_000_000_000n)).toBe('90s');
    expect(describeNanos(1_500_000n)).toBe('1500us');
    expect(describeNanos(3_600_000_000_000n)).toBe('1h');
  });
});
