// Throughput of trend aggregation (run after `pnpm run build`):
//   node packages/engine/bench/trend-throughput.mjs [events]
// Each scenario compiles a program, pushes pre-built records through an engine with a counting sink and prints
// events/s (best of three runs), the number of trend results and, for shared hubs, how many Kleene bursts the
// per-burst decision shared. Targets (issue): ≥ 2M events/s for one query, ≥ 500K events/s for 50 queries.
import { compileSource, createEngine, EventRecord, Shape } from '../out/index.js';
import { hubsOf } from '../out/runtime/patterns/trend-hub.js';

const n = Number(process.argv[2] ?? 2_000_000);
const only = process.argv[3];

const SHAPE = Shape.of(['sym', 'price']);
/** 64 symbols; per symbol, cycles of 50 events: one opener, 48 ticks, one closer; 16 events per ms. */
function cycleEvents(opener, closer) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const sym = i & 63;
    const phase = (i >> 6) % 50;
    const cycle = Math.floor((i >> 6) / 50);
    const type = phase === 0 ? opener(cycle) : phase === 49 ? closer(cycle) : 'Tick';
    out[i] = new EventRecord(type, i >> 4, SHAPE, [`S${sym}`, 5 + ((i * 7919) % 1000) / 10]);
  }
  return out;
}

const queries50 = (shared) =>
  Array.from(
    { length: 50 },
    (_, i) =>
      `stream Q${i} = Open${i % 10} as o -> all Tick where price > ${shared ? '10.0' : (10 + i / 64).toFixed(6)} as t -> Close${i % 5} .within(1s) .partition_by(sym) .trend_aggregate(n: count_trends(), e: count_events(t), s: sum_trends(t.price)) .emit(sym: sym, n: n, e: e, s: s)`,
  ).join('\n');

const scenarios = [
  {
    name: '1 query: Open -> all Tick -> Close, 64 partitions, 1s windows',
    program:
      'stream T = Open as o -> all Tick where price > 10.0 as t -> Close .within(1s) .partition_by(sym) .trend_aggregate(n: count_trends(), e: count_events(t), s: sum_trends(t.price), hi: max_trends(t.price)) .emit(sym: sym, n: n, e: e, s: s, hi: hi)',
    events: () =>
      cycleEvents(
        () => 'Open',
        () => 'Close',
      ),
  },
  {
    name: '1 query: all Tick -> Close (Kleene first step)',
    program:
      'stream T = all Tick as t .where(price > 10.0) -> Close .within(1s) .partition_by(sym) .trend_aggregate(n: count_trends(), a: avg_trends(t.price)) .emit(sym: sym, n: n, a: a)',
    events: () =>
      cycleEvents(
        () => 'Open',
        () => 'Close',
      ),
  },
  {
    name: '1 query: rising prices (alias filter, GRETA groups), 100ms windows',
    program:
      'stream T = Tick as base -> all Tick where price > base.price as up .within(100ms) .partition_by(sym) .trend_aggregate(n: count_trends(), e: count_events(up), hi: max_trends(up.price)) .emit(sym: sym, n: n, e: e, hi: hi)',
    events: () =>
      cycleEvents(
        () => 'Tick',
        () => 'Tick',
      ),
  },
  {
    name: '50 queries sharing `all Tick where price > 10.0`',
    program: queries50(true),
    events: () =>
      cycleEvents(
        (c) => `Open${c % 10}`,
        (c) => `Close${c % 5}`,
      ),
  },
  {
    name: '50 queries, 50 different Tick filters (no sharing possible)',
    program: queries50(false),
    events: () =>
      cycleEvents(
        (c) => `Open${c % 10}`,
        (c) => `Close${c % 5}`,
      ),
  },
];

for (const s of scenarios) {
  if (only !== undefined && !s.name.includes(only)) continue;
  const { plan, ok, errors } = await compileSource(s.program);
  if (!ok) {
    console.error(s.name, errors);
    continue;
  }
  const events = s.events();
  let best = 0;
  let emitted = 0;
  let stats = null;
  for (let round = 0; round < 3; round++) {
    let count = 0;
    const engine = createEngine(plan, { sinks: { emit: () => count++ } });
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) engine.push(events[i]);
    engine.end();
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, n / secs);
    emitted = count;
    stats = hubsOf(engine).map((h) => h.stats);
  }
  const shared = stats.reduce((a, x) => a + x.shared, 0);
  const unshared = stats.reduce((a, x) => a + x.unshared, 0);
  console.log(
    `${s.name.padEnd(70)} ${(best / 1e6).toFixed(2)} M events/s  (${emitted} results; bursts shared ${shared}, not shared ${unshared})`,
  );
}
