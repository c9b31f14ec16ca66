#!/usr/bin/env node
// Regenerates the Langium parser and the TextMate grammar and fails when the committed files differ (drift).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const generated = [
  'packages/language/src/generated',
  'extensions/vscode/syntaxes/vpl.tmLanguage.json',
  'packages/mcp/src/generated',
];
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const langium = join(root, 'node_modules', '.bin', 'langium');
const gen = run(langium, ['generate']);
if (gen.status !== 0) {
  process.stderr.write(gen.stdout);
  console.error('check:generated: langium generate failed');
  process.exit(1);
}
// The MCP server bundles the language guide and the example programs.
const mcp = spawnSync(process.execPath, ['packages/mcp/scripts/bundle-reference.mjs'], { cwd: root, stdio: 'inherit' });
if (mcp.status !== 0) {
  console.error('check:generated: bundling the MCP reference data failed');
  process.exit(1);
}
// The CLI reference is generated from the command definitions (needs the built CLI).
const cliDocs = spawnSync(process.execPath, ['scripts/generate-cli-docs.mjs'], { cwd: root, stdio: 'inherit' });
if (cliDocs.status !== 0) {
  console.error('check:generated: generating docs/cli.md failed');
  process.exit(1);
}
generated.push('docs/cli.md');
if (!existsSync(join(root, '.git'))) {
  console.error('check:generated: not a git checkout; regenerated without a drift check');
  process.exit(0);
}
const diff = run('git', ['status', '--porcelain', '--', ...generated]);
if (diff.stdout.trim()) {
  console.error(`check:generated: generated files differ from the committed ones:\n${diff.stdout}`);
  console.error('Run `pnpm generate` and commit the result.');
  process.exit(1);
}
console.error('check:generated: Langium output, TextMate grammar and MCP reference data are up to date');
