#!/usr/bin/env node
// Rewrites the expected trees of corpus tests from the current parser (the wasm build), with field
// names and MISSING nodes, formatted as `tree-sitter test` prints them.
//
// `tree-sitter test --update` (0.22) drops field names; this keeps them. Review the diff before
// committing: it records whatever the parser does now.
//
// Error recovery differs between tree-sitter runtimes (web-tree-sitter here, the CLI's 0.22 runtime
// in `tree-sitter test`), so the script then runs `tree-sitter test` and, for the cases whose trees
// still differ (some inputs with syntax errors), takes the CLI's tree from its diff.
//
// Usage: node scripts/update-corpus.mjs [test/corpus/FILE.txt ...]   (default: every corpus file)
// Needs web-tree-sitter (a dependency of this package) and an up-to-date tree-sitter-vpl.wasm.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadVplLanguage } from '../bindings/node/index.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Formats an S-expression the way `tree-sitter test` writes expected trees. */
function format(sexp) {
  // `(UNEXPECTED 'c')` quotes one character, which may itself be a quote or a bracket.
  const tokens = sexp.match(/\(|\)|"(?:[^"\\]|\\.)*"|'\\.'|'[\s\S]'|[^\s()]+/g) ?? [];
  let out = '';
  let depth = 0;
  let field = '';
  let afterOpen = false;
  for (const token of tokens) {
    if (token === '(') {
      if (out) out += `\n${'  '.repeat(depth)}`;
      out += `${field}(`;
      field = '';
      depth++;
      afterOpen = true;
    } else if (token === ')') {
      out += ')';
      depth--;
      afterOpen = false;
    } else if (token.endsWith(':') && !afterOpen) {
      field = `${token} `;
    } else {
      out += afterOpen ? token : ` ${token}`;
      afterOpen = false;
    }
  }
  return out;
}

async function main() {
  const language = await loadVplLanguage();
  const { Parser } = await import('web-tree-sitter');
  const parser = new Parser();
  parser.setLanguage(language);
  const corpus = path.join(root, 'test', 'corpus');
  const files = process.argv.slice(2).length
    ? process.argv.slice(2)
    : readdirSync(corpus)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => path.join(corpus, f));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const cases = text.split(/^(?==+\n[^\n]*\n=+\n)/m).filter(Boolean);
    const updated = cases.map((chunk) => {
      const match = /^(=+\n[^\n]*\n=+\n)([\s\S]*?)\n(-{3,})\n/m.exec(chunk);
      if (!match) throw new Error(`${file}: cannot read a test case:\n${chunk.slice(0, 200)}`);
      const [, header, body, dashes] = match;
      // The input is the text between the header and the blank line before the dashes.
      const input = body.replace(/^\n/, '').replace(/\n$/, '');
      const tree = parser.parse(input);
      const sexp = format(tree.rootNode.toString());
      tree.delete();
      return `${header}\n${input}\n\n${dashes}\n\n${sexp}\n`;
    });
    writeFileSync(file, updated.join('\n'));
    console.log(`updated ${path.relative(root, file)}`);
  }
  for (const file of files) takeCliTrees(file, cliTrees());
}

const ESC = String.fromCharCode(27);
const ANSI_SPLIT = new RegExp(`(${ESC}\\[[0-9;]*m)`);
const ANSI_CODE = new RegExp(`^${ESC}\\[([0-9;]*)m$`);

/**
 * Runs `tree-sitter test` and returns, per failing case title, the tree the CLI produced: the
 * uncoloured and red (unexpected) parts of its coloured diff.
 */
function cliTrees() {
  const run = spawnSync('bash', [path.join(root, 'scripts', 'ts.sh'), 'test'], { encoding: 'utf8' });
  const output = run.stdout;
  const start = output.indexOf('correct / ');
  const trees = new Map();
  if (start < 0) return trees;
  const failures = output.slice(start).split(/^ {2}\d+\. (.*):$/m);
  for (let i = 1; i < failures.length; i += 2) {
    let actual = '';
    let colour = '0';
    for (const part of failures[i + 1].split(ANSI_SPLIT)) {
      const code = ANSI_CODE.exec(part);
      if (code) colour = code[1] || '0';
      else if (colour !== '32') actual += part;
    }
    trees.set(failures[i], format(actual.replace(/\s+/g, ' ').trim()));
  }
  return trees;
}

function takeCliTrees(file, trees) {
  if (trees.size === 0) return;
  const cases = readFileSync(file, 'utf8')
    .split(/^(?==+\n[^\n]*\n=+\n)/m)
    .filter(Boolean);
  const updated = cases.map((chunk) => {
    const title = /^=+\n([^\n]*)\n/.exec(chunk)[1];
    const tree = trees.get(title);
    if (!tree) return `${chunk.trimEnd()}\n`;
    const end = chunk.search(/^-{3,}\n/m);
    const dashes = /^-{3,}/m.exec(chunk.slice(end))[0];
    return `${chunk.slice(0, end)}${dashes}\n\n${tree}\n`;
  });
  writeFileSync(file, updated.join('\n'));
}

await main();
