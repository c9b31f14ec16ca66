#!/usr/bin/env node
// Latency of the MCP tools through a real SDK client (in-memory transport, so the numbers are the server's work plus
// JSON-RPC serialisation), for generated programs of about 50, 1,000 and 10,000 lines. Warm: each measurement
// follows warm-up calls. Needs `pnpm run build`. Usage: node packages/mcp/bench/mcp-bench.mjs [--runs N]
// Target: validate_vpl of 1,000 lines under 50 ms p95.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'package.json'));
const load = async (specifier) => import(pathToFileURL(require.resolve(specifier)).href);
const { Client } = await load('@modelcontextprotocol/sdk/client/index.js');
const { InMemoryTransport } = await load('@modelcontextprotocol/sdk/inMemory.js');
const { createVplMcpServer } = await import(pathToFileURL(join(here, '..', 'out', 'index.js')).href);

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;

/** A program of about `lines` lines: blocks of one event declaration and one windowed, partitioned aggregate stream. */
function program(lines) {
  const blocks = [];
  for (let i = 0; blocks.length * 11 < lines; i++) {
    blocks.push(`event Reading${i}:
    sensor: str
    temp: float

stream Hot${i} = Reading${i}
    .where(temp > 30.0 and sensor != "off")
    .partition_by(sensor)
    .window(1m)
    .aggregate(n: count(), peak: max(temp))
    .emit(sensor: sensor, n: n, peak: peak)
`);
  }
  return blocks.join('\n');
}

const EVENTS = Array.from(
  { length: 200 },
  (_, i) => `@${i * 100}ms Reading0 { sensor: "s${i % 5}", temp: ${20 + (i % 30)}.5 }`,
).join('\n');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const { server, close } = await createVplMcpServer({ log: () => undefined });
const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
const client = new Client({ name: 'bench', version: '1' });
await Promise.all([server.connect(serverSide), client.connect(clientSide)]);

async function measure(tool, args, runs) {
  for (let i = 0; i < 3; i++) await client.callTool({ name: tool, arguments: args });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await client.callTool({ name: tool, arguments: args });
    times.push(performance.now() - started);
    if (result.isError) throw new Error(`${tool} failed: ${result.content[0]?.text}`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const rows = [];
for (const size of [50, 1_000, 10_000]) {
  const text = program(size);
  const lines = text.split('\n').length;
  const runs = size >= 10_000 ? Math.max(5, Math.floor(RUNS / 5)) : RUNS;
  const cases = [
    ['validate_vpl', { program: text }],
    ['explain_vpl', { program: text }],
    ['format_vpl', { program: text }],
    ['fix_vpl', { program: text }],
    ['simulate_vpl (200 events)', { program: text, eventsText: EVENTS }],
  ];
  for (const [label, args] of cases) {
    const tool = label.split(' ')[0];
    const { p50, p95 } = await measure(tool, args, runs);
    rows.push({ tool: label, lines, runs, p50: p50.toFixed(1), p95: p95.toFixed(1) });
  }
}
for (const [label, args] of [
  ['lookup_vpl_reference', { query: 'sliding window' }],
  ['infer_event_schema (200 events)', { eventsText: EVENTS }],
  ['generate_sample_events', { program: program(50), stream: 'Hot0' }],
]) {
  const { p50, p95 } = await measure(label.split(' ')[0], args, RUNS);
  rows.push({ tool: label, lines: '-', runs: RUNS, p50: p50.toFixed(1), p95: p95.toFixed(1) });
}
await close();

console.log(`MCP tool latency (ms, warm, in-memory transport, Node ${process.version})`);
console.log(
  ['tool'.padEnd(32), 'lines'.padStart(6), 'runs'.padStart(5), 'p50'.padStart(9), 'p95'.padStart(9)].join(' '),
);
for (const r of rows) {
  console.log(
    [
      r.tool.padEnd(32),
      String(r.lines).padStart(6),
      String(r.runs).padStart(5),
      r.p50.padStart(9),
      r.p95.padStart(9),
    ].join(' '),
  );
}
const target = rows.find((r) => r.tool === 'validate_vpl' && r.lines > 900 && r.lines < 1100);
if (target)
  console.log(
    `validate_vpl 1,000 lines p95 = ${target.p95} ms (target < 50 ms): ${Number(target.p95) < 50 ? 'met' : 'NOT met'}`,
  );
