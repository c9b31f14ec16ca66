#!/usr/bin/env node
// Parse time of the same generated VPL programs with tree-sitter (wasm through web-tree-sitter) and with the
// Langium parser (parse only, no linking or validation), measured in one run: `pnpm --filter @varpulis/bench parsers`
// or `node bench/parsers.mjs [--json]`. Medians of several runs after a warm-up; CPU time of this process.
import { parseVplSyntax } from '@varpulis/language';
import { loadVplLanguage } from 'tree-sitter-vpl';
import { Parser } from 'web-tree-sitter';
import { generateProgram } from '../packages/language/bench/generate-program.mjs';

const json = process.argv.includes('--json');
const language = await loadVplLanguage();
const parser = new Parser();
parser.setLanguage(language);

const cpuMs = (fn) => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
for (const lines of [1_000, 5_000, 10_000]) {
  const text = generateProgram(lines);
  for (let i = 0; i < 2; i++) {
    parser.parse(text).delete();
    parseVplSyntax(text);
  }
  const ts = [];
  const lg = [];
  let errors = 0;
  for (let i = 0; i < 7; i++) {
    ts.push(
      cpuMs(() => {
        const tree = parser.parse(text);
        if (tree.rootNode.hasError) errors++;
        tree.delete();
      }),
    );
    lg.push(cpuMs(() => parseVplSyntax(text)));
  }
  const treeSitterMs = median(ts);
  const langiumMs = median(lg);
  rows.push({
    lines,
    treeSitterMs: +treeSitterMs.toFixed(1),
    langiumMs: +langiumMs.toFixed(1),
    ratio: +(treeSitterMs / langiumMs).toFixed(3),
    treeSitterErrors: errors,
  });
}
if (json) {
  console.log(JSON.stringify({ parsers: rows }));
} else {
  console.log('lines     tree-sitter (ms)   Langium parse (ms)   tree-sitter / Langium');
  for (const r of rows) {
    console.log(
      `${String(r.lines).padEnd(9)} ${String(r.treeSitterMs).padStart(16)}   ${String(r.langiumMs).padStart(18)}   ${String(r.ratio).padStart(21)}`,
    );
  }
}
