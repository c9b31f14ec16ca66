// Event generation: a scenario's `event(i)` is a pure function of the event index (no random state) that
// returns a plain object `{type, t, ...fields}`; event time advances 10 ms per event. This module renders
// those objects as `.evt` and `.jsonl` lines (semantics §3) and caches the generated files.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A float literal that stays a float when read back (`40.0`, `100.30000000000001`). */
export function floatText(x) {
  if (Number.isInteger(x)) return Number.isSafeInteger(x) ? `${x}.0` : String(x);
  return String(x);
}

/** Per event type, the compiled writers of one line in each format. */
function compileRenderers(schema) {
  const evt = {};
  const jsonl = {};
  for (const [type, fields] of Object.entries(schema)) {
    const parts = fields.map(([name, kind]) => {
      const value =
        kind === 'float' ? (v) => floatText(v) : kind === 'str' ? (v) => JSON.stringify(v) : (v) => String(v);
      return { name, value };
    });
    evt[type] = (e) => {
      let s = `@${e.t} ${type} {`;
      for (let k = 0; k < parts.length; k++) {
        const p = parts[k];
        s += `${k === 0 ? ' ' : ', '}${p.name}: ${p.value(e[p.name])}`;
      }
      return `${s} }`;
    };
    const head = `{"event_type":${JSON.stringify(type)},"timestamp":`;
    const keys = parts.map((p) => `,${JSON.stringify(p.name)}:`);
    jsonl[type] = (e) => {
      let s = `${head}${e.t}`;
      for (let k = 0; k < parts.length; k++) s += keys[k] + parts[k].value(e[parts[k].name]);
      return `${s}}`;
    };
  }
  return { evt, jsonl };
}

/** Writes events `[0, count)` of a scenario in one format through `write(text)`, in chunks. */
export function renderEvents(scenario, count, format, write, from = 0) {
  const renderers = compileRenderers(scenario.schema)[format];
  const CHUNK = 8192;
  for (let start = from; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    const lines = new Array(end - start);
    for (let i = start; i < end; i++) {
      const e = scenario.event(i);
      lines[i - start] = renderers[e.type](e);
    }
    write(`${lines.join('\n')}\n`);
  }
}

/** A fingerprint of the generator (its module source), so cached files are rebuilt when it changes. */
function generatorVersion(scenario) {
  return createHash('sha1')
    .update(scenario.generatorSource)
    .update(readFileSync(new URL(import.meta.url)))
    .digest('hex')
    .slice(0, 12);
}

/**
 * The `.evt` and `.jsonl` files of `count` events of a scenario under `dataDir` (generated once, then reused
 * while the generator is unchanged). Returns their paths.
 */
export function ensureEventFiles(scenario, count, dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const version = generatorVersion(scenario);
  const paths = {};
  for (const format of ['evt', 'jsonl']) {
    const path = join(dataDir, `${scenario.dataName}-${count}-${version}.${format}`);
    paths[format] = path;
    if (existsSync(path) && statSync(path).size > 0) continue;
    const tmp = `${path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      renderEvents(scenario, count, format, (text) => writeSync(fd, text));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  }
  return paths;
}

/** The scenario's events `[0, count)` as plain objects (the input of the hand-written and RxJS code). */
export function plainEvents(scenario, count) {
  const out = new Array(count);
  for (let i = 0; i < count; i++) out[i] = scenario.event(i);
  return out;
}
