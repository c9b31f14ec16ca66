import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { kthSmallest } from '../../src/runtime/patterns/kth-smallest.js';

describe('kthSmallest (the conformal quantile of forecasting)', () => {
  test('is the value a sort puts at k, with duplicates and any k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.nat(),
        (xs, k0) => {
          const k = k0 % xs.length;
          const sorted = Float64Array.from(xs).sort();
          const a = new Float64Array(xs.length + 3).fill(-1);
          a.set(xs);
          expect(kthSmallest(a, xs.length, k)).toBe(sorted[k]);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});
