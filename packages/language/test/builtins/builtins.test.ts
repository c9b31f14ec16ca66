import { describe, expect, test } from 'vitest';
import {
  AGGREGATE_BUILTINS,
  BUILTINS,
  describeArity,
  METHOD_BUILTINS,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  VARIABLE_BUILTINS,
} from '../../src/builtins/builtins.js';

describe('builtin registry (§12)', () => {
  test('every entry is well formed', () => {
    for (const builtin of BUILTINS) {
      expect(builtin.name, builtin.name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(builtin.doc.length, builtin.name).toBeGreaterThan(10);
      expect(builtin.minArgs, builtin.name).toBeLessThanOrEqual(builtin.maxArgs);
      if (
        builtin.status === 'implemented' &&
        builtin.maxArgs !== Number.POSITIVE_INFINITY &&
        builtin.kind !== 'variable'
      ) {
        expect(builtin.params.length, builtin.name).toBe(builtin.maxArgs);
      }
    }
  });

  test('names are unique within a kind', () => {
    for (const kind of ['scalar', 'aggregate', 'trend', 'method', 'variable'] as const) {
      const names = BUILTINS.filter((b) => b.kind === kind).map((b) => b.name);
      expect(new Set(names).size, kind).toBe(names.length);
    }
  });

  test('the tables of §12.2–§12.5', () => {
    const implemented = (map: ReadonlyMap<string, { status: string }>) =>
      [...map].filter(([, b]) => b.status === 'implemented').map(([n]) => n);
    expect(implemented(AGGREGATE_BUILTINS)).toEqual([
      'count',
      'sum',
      'min',
      'max',
      'avg',
      'stddev',
      'first',
      'last',
      'count_distinct',
      'ema',
    ]);
    expect([...AGGREGATE_BUILTINS.keys()].filter((n) => !implemented(AGGREGATE_BUILTINS).includes(n))).toEqual([
      'percentile',
      'collect',
      'variance',
      'median',
    ]);
    expect([...TREND_BUILTINS.keys()]).toEqual([
      'count_trends',
      'count_events',
      'sum_trends',
      'avg_trends',
      'min_trends',
      'max_trends',
    ]);
    expect([...METHOD_BUILTINS.keys()].sort()).toEqual(
      ['avg', 'count', 'filter', 'first', 'flatten', 'last', 'len', 'map', 'max', 'min', 'sliding_pairs', 'sum'].sort(),
    );
    expect(VARIABLE_BUILTINS.get('forecast_expected_time')?.replacedBy).toBe('forecast_time');
    expect(VARIABLE_BUILTINS.size).toBe(12);
  });

  test('scalar arities of §12.1', () => {
    const arity = (name: string) => {
      const b = SCALAR_BUILTINS.get(name)!;
      return [b.minArgs, b.maxArgs];
    };
    expect(arity('round')).toEqual([1, 1]);
    expect(arity('clamp')).toEqual([3, 3]);
    expect(arity('substring')).toEqual([2, 3]);
    expect(arity('range')).toEqual([1, 2]);
    expect(arity('min')).toEqual([1, Number.POSITIVE_INFINITY]);
    expect(arity('now')).toEqual([0, 0]);
    expect(SCALAR_BUILTINS.get('uuid')?.status).toBe('docs-only');
    expect(SCALAR_BUILTINS.has('distinct')).toBe(false);
  });

  test('arities read well in messages', () => {
    expect(describeArity({ minArgs: 1, maxArgs: 1 })).toBe('1 argument');
    expect(describeArity({ minArgs: 2, maxArgs: 3 })).toBe('2 or 3 arguments');
    expect(describeArity({ minArgs: 1, maxArgs: Number.POSITIVE_INFINITY })).toBe('at least 1 argument');
    expect(describeArity({ minArgs: 0, maxArgs: 0 })).toBe('no arguments');
  });
});
