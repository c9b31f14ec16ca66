// Throughput of forecasting (run after `pnpm run build`):
//   node packages/engine/bench/forecast-throughput.mjs [events]
// One forecasting pattern per scenario; pre-built records, a counting sink, best of three runs.
// Target (issue): ≥ 500K events/s with one active pattern.
import { compileSource, createEngine, EventRecord, Shape } from '../out/index.js';

const n = Number(process.argv[2] ?? 1_000_000);

const ORDER = Shape.of(['user', 'id']);
const PAY = Shape.of(['user', 'order_id', 'amount']);
const scenarios = [
  {
    name: 'Order -> Payment -> Ship, 256 users, balanced (PST + Hawkes + conformal)',
    program:
      'stream F = Order as o -> Payment where order_id == o.id as p -> Ship where order_id == o.id .within(10s) .partition_by(user) .forecast(confidence: 0.5) .emit(user: user, p: forecast_probability, lo: forecast_lower, hi: forecast_upper, t: forecast_time)',
    event: (i) => {
      const user = `u${i & 255}`;
      const cycle = i >> 8;
      const phase = cycle % 3;
      const id = cycle - phase;
      if (phase === 0) return new EventRecord('Order', i, ORDER, [user, id]);
      if (phase === 1) return new EventRecord('Payment', i, PAY, [user, id, 9.5]);
      // 70 % of the orders ship
      return new EventRecord((cycle * 2654435761) % 10 < 7 ? 'Ship' : 'Cancel', i, PAY, [user, id, 0]);
    },
  },
  {
    name: 'same, accurate mode (max_depth 5)',
    program:
      'stream F = Order as o -> Payment where order_id == o.id as p -> Ship where order_id == o.id .within(10s) .partition_by(user) .forecast(confidence: 0.5, mode: "accurate") .emit(user: user, p: forecast_probability)',
    event: null,
  },
];
scenarios[1].event = scenarios[0].event;

for (const s of scenarios) {
  const { plan, ok, errors } = await compileSource(s.program);
  if (!ok) {
    console.error(s.name, errors);
    continue;
  }
  const events = Array.from({ length: n }, (_, i) => s.event(i));
  let best = 0;
  let emitted = 0;
  for (let round = 0; round < 3; round++) {
    let count = 0;
    const engine = createEngine(plan, { sinks: { emit: () => count++ } });
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) engine.push(events[i]);
    engine.end();
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, n / secs);
    emitted = count;
  }
  console.log(`${s.name.padEnd(75)} ${(best / 1e6).toFixed(2)} M events/s  (${emitted} forecasts)`);
}
