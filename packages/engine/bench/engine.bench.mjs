// Throughput of the engine on generated events (run after `pnpm run build`):
//   node packages/engine/bench/engine.bench.mjs [events]
// Each scenario compiles a program, pushes pre-built records through an engine with a counting sink, and
// prints events/s (best of three runs). Events are built before timing, so only the engine is measured.
import { compileSource, createEngine, EventRecord, Shape } from '../out/index.js';

const n = Number(process.argv[2] ?? 1_000_000);

const scenarios = [
  {
    name: 'filter + emit',
    program: 'stream Big = Trade .where(price > 150.0) .emit(symbol: symbol, price: price)',
    event: (i) => ['Trade', i, { symbol: `S${i & 63}`, price: 100 + (i % 997) / 10, qty: i % 50 }],
  },
  {
    name: 'tumbling 1s window, partitioned aggregate',
    program:
      'stream Vwap = Trade .partition_by(symbol) .window(1s) .aggregate(n: count(), vwap: sum(price * qty) / sum(qty), hi: max(price)) .emit(symbol: symbol, n: n, vwap: vwap, hi: hi)',
    event: (i) => ['Trade', i, { symbol: `S${i & 63}`, price: 100 + (i % 997) / 10, qty: 1 + (i % 50) }],
  },
  {
    name: 'running aggregate per key',
    program: 'stream Totals = Trade .partition_by(symbol) .aggregate(n: count(), s: sum(qty))',
    event: (i) => ['Trade', i, { symbol: `S${i & 1023}`, price: 100.5, qty: i % 50 }],
  },
  {
    name: 'sequence A -> B within, partitioned',
    program:
      'stream Paid = Order as o -> Payment where order_id == o.id as p .within(10s) .partition_by(user) .emit(id: o.id, amount: p.amount)',
    event: (i) =>
      i % 2 === 0
        ? ['Order', i, { user: `u${(i >> 1) & 255}`, id: i >> 1 }]
        : ['Payment', i, { user: `u${(i >> 1) & 255}`, order_id: i >> 1, amount: 9.5 }],
  },
  {
    name: 'Kleene rising quotes (N - 2 matches)',
    program:
      'pattern Rise = SEQ(Quote as base, Quote+ where bid > base.bid as climb, Quote where bid > climb.bid as top) partition by sym\nstream S = Rise .emit(sym: sym, top: top.bid)',
    event: (i) => ['Quote', i, { sym: i & 1 ? 'A' : 'B', bid: 100 + i * 0.01 }],
  },
];

function records(make) {
  const out = new Array(n);
  const shapes = new Map();
  for (let i = 0; i < n; i++) {
    const [type, t, fields] = make(i);
    const names = Object.keys(fields);
    const key = names.join(',');
    let shape = shapes.get(key);
    if (shape === undefined) {
      shape = Shape.of(names);
      shapes.set(key, shape);
    }
    out[i] = new EventRecord(type, t, shape, Object.values(fields));
  }
  return out;
}

for (const s of scenarios) {
  const { plan, ok, errors } = await compileSource(s.program);
  if (!ok) {
    console.error(s.name, errors);
    continue;
  }
  const events = records(s.event);
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
  console.log(`${s.name.padEnd(45)} ${(best / 1e6).toFixed(2)} M events/s  (${emitted} emitted)`);
}
