// Calibration of the forecasting model (run after `pnpm run build`):
//   node packages/engine/bench/forecast-calibration.mjs
// Synthetic streams from a fixed second-order Markov chain over cycles `A B (C|D)` (the same as
// test/forecast/markov.ts): the pattern `A -> B -> C .not(D)` completes with P = 0.8 after a completed cycle
// and 0.3 after a failed one, so every forecast has a known true probability. Prints convergence by event
// count, the coverage of the conformal intervals (nominal 90 %), a reliability table and Brier scores.
import { compileSource, createEngine, EventRecord, Shape } from '../out/index.js';

const P_HIT = 0.8;
const P_MISS = 0.3;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHAPE = Shape.of(['key']);
/** events, and per forecast (one per A and per B) the truth and the cycle's actual outcome */
function stream(seed, cycles) {
  const rnd = mulberry32(seed);
  let hitBefore = true;
  let t = 0;
  const events = [];
  const truth = [];
  const outcome = [];
  for (let c = 0; c < cycles; c++) {
    const p = hitBefore ? P_HIT : P_MISS;
    const hit = rnd() < p;
    hitBefore = hit;
    events.push(new EventRecord('A', t + 1000, SHAPE, [0]), new EventRecord('B', t + 2000, SHAPE, [0]));
    events.push(new EventRecord(hit ? 'C' : 'D', t + 3000, SHAPE, [0]));
    t += 3000;
    truth.push(p, p);
    outcome.push(hit ? 1 : 0, hit ? 1 : 0);
  }
  return { events, truth, outcome };
}

const program = (params) =>
  `stream F = A as a -> B as b -> C .not(D) .forecast(${params}) .emit(p: forecast_probability, lo: forecast_lower, hi: forecast_upper, depth: forecast_context_depth)`;

async function run(params, s) {
  const { plan, ok, errors } = await compileSource(program(params));
  if (!ok) throw new Error(JSON.stringify(errors));
  const out = [];
  const engine = createEngine(plan, {
    sinks: {
      emit: (e) => out.push({ p: num(e.record.get('p')), lo: num(e.record.get('lo')), hi: num(e.record.get('hi')) }),
    },
  });
  for (const e of s.events) engine.push(e);
  engine.end();
  if (out.length !== s.truth.length) throw new Error(`expected ${s.truth.length} forecasts, got ${out.length}`);
  return out.map((f, i) => ({ ...f, truth: s.truth[i], outcome: s.outcome[i] }));
}
const num = (v) => (typeof v === 'number' ? v : v.value);

const PARAMS = 'confidence: 0.0, warmup: 1, max_depth: 3, mode: "accurate"';

console.log('Convergence (last 10 % of the forecasts of one stream; truth 0.8 / 0.3 by context):');
console.log('  events     mean |p − truth|   max |p − truth|');
for (const cycles of [1_000, 10_000, 100_000]) {
  const f = await run(PARAMS, stream(1, cycles));
  const tail = f.slice(-Math.floor(f.length / 10));
  const errs = tail.map((x) => Math.abs(x.p - x.truth));
  console.log(
    `  ${String(cycles * 3).padStart(7)}    ${(errs.reduce((a, b) => a + b, 0) / errs.length).toFixed(4).padStart(10)}   ${Math.max(
      ...errs,
    )
      .toFixed(4)
      .padStart(14)}`,
  );
}

console.log('\nConformal interval coverage of the true probability (nominal 90 %), 100 streams × 10 points:');
for (const cycles of [300, 1500, 6000]) {
  let covered = 0;
  let total = 0;
  let width = 0;
  for (let seed = 1000; seed < 1100; seed++) {
    const f = await run(PARAMS, stream(seed, cycles));
    for (let i = 1; i <= 10; i++) {
      const x = f[Math.floor((i * f.length) / 10) - 1];
      total++;
      width += x.hi - x.lo;
      if (x.lo <= x.truth && x.truth <= x.hi) covered++;
    }
  }
  console.log(
    `  ${String(cycles * 3).padStart(6)} events per stream: coverage ${((100 * covered) / total).toFixed(1)} %, mean width ${(width / total).toFixed(3)}`,
  );
}

console.log('\nReliability (one stream of 30 000 events, all forecasts): predicted vs observed completion');
const f = await run(PARAMS, stream(7, 10_000));
const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
let brier = 0;
let oracle = 0;
for (const x of f) {
  const b = bins[Math.min(9, Math.floor(x.p * 10))];
  b.n++;
  b.p += x.p;
  b.y += x.outcome;
  brier += (x.p - x.outcome) ** 2;
  oracle += (x.truth - x.outcome) ** 2;
}
console.log('  bin        forecasts   mean predicted   observed');
bins.forEach((b, i) => {
  if (b.n > 0)
    console.log(
      `  [${(i / 10).toFixed(1)}, ${((i + 1) / 10).toFixed(1)})  ${String(b.n).padStart(9)}   ${(b.p / b.n).toFixed(3).padStart(14)}   ${(b.y / b.n).toFixed(3).padStart(8)}`,
    );
});
console.log(
  `  Brier score ${(brier / f.length).toFixed(4)} (the true probabilities score ${(oracle / f.length).toFixed(4)})`,
);
