/**
 * Synthetic streams with a known completion probability, for forecasting tests and the calibration bench.
 *
 * A fixed second-order Markov chain over cycles `A B (C|D)`: the pattern `A as a -> B as b -> C .not(D)`
 * completes a cycle's run when C comes, and D discards it. The probability of C depends on the previous
 * cycle's outcome: P(C | previous C) = pAfterHit, P(C | previous D) = pAfterMiss. A run in state `a` or `b`
 * therefore completes with exactly that probability, and the context of depth ≥ 3 (… outcome, A, B)
 * identifies it. Deterministic: a seeded mulberry32 generator.
 */

export interface MarkovEvent {
  readonly type: 'A' | 'B' | 'C' | 'D';
  readonly timeMs: number;
  /** the cycle's true completion probability (for A and B events) */
  readonly truth: number;
  readonly key: number;
}

export const P_AFTER_HIT = 0.8;
export const P_AFTER_MISS = 0.3;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `cycles` cycles per partition, `partitions` partitions interleaved cycle by cycle, one event per second
 * and partition.
 */
export function markovStream(seed: number, cycles: number, partitions = 1): MarkovEvent[] {
  const rnd = mulberry32(seed);
  const previousHit = new Array(partitions).fill(true);
  const out: MarkovEvent[] = [];
  let t = 0;
  for (let c = 0; c < cycles; c++) {
    for (let k = 0; k < partitions; k++) {
      const truth = previousHit[k] ? P_AFTER_HIT : P_AFTER_MISS;
      const hit = rnd() < truth;
      previousHit[k] = hit;
      out.push({ type: 'A', timeMs: t + 1000, truth, key: k });
      out.push({ type: 'B', timeMs: t + 2000, truth, key: k });
      out.push({ type: hit ? 'C' : 'D', timeMs: t + 3000, truth, key: k });
      t += 3000;
    }
  }
  return out;
}

export const MARKOV_PROGRAM = (params: string, partitioned = false): string =>
  `stream F = A as a -> B as b -> C .not(D)${partitioned ? ' .partition_by(key)' : ''}
    .forecast(${params})
    .emit(p: forecast_probability, lo: forecast_lower, hi: forecast_upper, time: forecast_time, state: forecast_state, depth: forecast_context_depth, conf: forecast_confidence)`;
