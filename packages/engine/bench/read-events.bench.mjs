// Throughput of the event readers on generated input (run after `pnpm run build`):
//   node packages/engine/bench/read-events.bench.mjs [lines]
// Writes temporary .evt and .jsonl files, reads each three times through readEventFile, prints lines/s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEventFile } from '../out/connectors/index.js';

const n = Number(process.argv[2] ?? 2_000_000);
const dir = mkdtempSync(join(tmpdir(), 'vpl-bench-'));
const symbols = ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA'];

function generate(path, line) {
  const parts = [];
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  writeFileSync(path, parts.join(''));
}

const evt = join(dir, 'trades.evt');
const jsonl = join(dir, 'trades.jsonl');
generate(
  evt,
  (i) => `@${i} Trade { symbol: "${symbols[i & 3]}", price: ${(100 + (i % 997) / 10).toFixed(1)}, qty: ${i % 50} }`,
);
generate(
  jsonl,
  (i) =>
    `{"event_type":"Trade","timestamp":${i},"symbol":"${symbols[i & 3]}","price":${(100 + (i % 997) / 10).toFixed(1)},"qty":${i % 50}}`,
);

async function bench(path) {
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let events = 0;
    let check = 0;
    const t0 = process.hrtime.bigint();
    await readEventFile(path, {
      event: (r) => {
        events++;
        check += r.values.length;
      },
      error: (e) => {
        throw new Error(`${e.line}: ${e.reason}`);
      },
    });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (events !== n || check !== 3 * n) throw new Error('wrong event count');
    best = Math.max(best, n / s);
  }
  return best;
}

try {
  console.log(`.evt   ${n} lines: ${((await bench(evt)) / 1e6).toFixed(2)} M lines/s (best of 3)`);
  console.log(`.jsonl ${n} lines: ${((await bench(jsonl)) / 1e6).toFixed(2)} M lines/s (best of 3)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
