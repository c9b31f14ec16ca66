#!/usr/bin/env node
// Writes the hand-written TextMate grammars (syntaxes/*.tmLanguage.json) from their sources in scripts/grammars/*.mjs,
// where regular expressions are written with String.raw and commented. `--check` fails when a JSON file is stale.
// (syntaxes/vpl.tmLanguage.json is not one of them: `langium generate` writes it from the Langium grammar.)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GRAMMARS = {
  'vpl-extra.mjs': 'syntaxes/vpl-extra.tmLanguage.json',
  'evt.mjs': 'syntaxes/evt.tmLanguage.json',
  'vpl-markdown.mjs': 'syntaxes/vpl-markdown.tmLanguage.json',
};

/** The JSON text of each grammar, by output path. */
export async function renderGrammars() {
  const out = {};
  for (const [source, target] of Object.entries(GRAMMARS)) {
    const { grammar } = await import(join(root, 'scripts/grammars', source));
    out[target] = `${JSON.stringify(grammar, null, 2)}\n`;
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [target, text] of Object.entries(await renderGrammars())) {
    const path = join(root, target);
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current === text) continue;
    if (check) {
      console.error(`${target} is stale: run \`pnpm --filter vscode-varpulis grammars\``);
      stale++;
    } else {
      writeFileSync(path, text);
      console.error(`wrote ${target}`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
