// Summarises a V8 .cpuprofile: self time per function and per source file, and inclusive time of chosen
// functions (where the time goes under them).
import { readFileSync } from 'node:fs';

const shortUrl = (url) => {
  if (!url) return '';
  const m = /packages\/([^/]+)\/out\/(.*)$/.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (nm) return `${nm[1]}/${nm[2].split('/').slice(-1)[0]}`;
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
};

export function summarise(path, { top = 25 } = {}) {
  const p = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++)
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  let total = 0;
  for (const t of self.values()) total += t;
  const byFunction = new Map();
  const byFile = new Map();
  for (const [id, t] of self) {
    const cf = nodes.get(id).callFrame;
    const file = shortUrl(cf.url) || `(${cf.functionName || 'vm'})`;
    const fn = `${cf.functionName || '(anonymous)'} ${file}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    byFile.set(file, (byFile.get(file) ?? 0) + t);
  }
  const rows = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => ({ pct: Number(((100 * t) / total).toFixed(1)), ms: Number((t / 1000).toFixed(1)), what: k }));
  return { totalMs: Number((total / 1000).toFixed(0)), functions: rows(byFunction), files: rows(byFile) };
}

export function formatSummary(title, s) {
  const line = (r) => `  ${String(r.pct).padStart(5)}%  ${String(r.ms).padStart(8)} ms  ${r.what}`;
  return [
    `${title} — ${s.totalMs} ms sampled`,
    ' self time by function:',
    ...s.functions.map(line),
    ' self time by file:',
    ...s.files.slice(0, 12).map(line),
  ].join('\n');
}
