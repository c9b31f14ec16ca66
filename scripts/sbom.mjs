#!/usr/bin/env node
// Software bill of materials: writes artifacts/sbom.cdx.json (CycloneDX JSON, git-ignored) for the production
// dependencies of the shipped workspace packages (packages/*, extensions/*), offline, from the lockfile and the
// installed store. Fails when the SBOM cannot be made or a component has no license.
//
// `pnpm sbom` is used rather than `npm sbom`: npm cannot read this workspace (it rejects the `catalog:` and
// `workspace:*` specifiers with ESBOMPROBLEMS, and `--package-lock-only` needs a package-lock.json, which a pnpm
// workspace does not have). pnpm's SBOM has the same CycloneDX format. Only node: built-ins.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'artifacts', 'sbom.cdx.json');

/** The pnpm that runs this script (`pnpm run`), else the bootstrap's, else the one on PATH. */
function pnpmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) {
    return /\.(c|m)?js$/.test(execPath) ? { cmd: process.execPath, pre: [execPath] } : { cmd: execPath, pre: [] };
  }
  const local = join(root, '.tools', 'pnpm', 'node_modules', '.bin', 'pnpm');
  return { cmd: existsSync(local) ? local : 'pnpm', pre: [] };
}

const { cmd, pre } = pnpmCommand();
const args = [
  ...pre,
  'sbom',
  '--sbom-format',
  'cyclonedx',
  '--prod',
  '-r',
  '--filter',
  './packages/*',
  '--filter',
  './extensions/*',
];
const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (result.status !== 0) {
  console.error(
    `sbom: '${[cmd, ...args].join(' ')}' failed (${result.error?.message ?? `exit ${result.status}`})\n${result.stderr}`,
  );
  process.exit(1);
}
let bom;
try {
  bom = JSON.parse(result.stdout);
} catch (e) {
  console.error(`sbom: the output is not JSON: ${e.message}`);
  process.exit(1);
}
const components = bom.components ?? [];
const unlicensed = components.filter((c) => !Array.isArray(c.licenses) || c.licenses.length === 0);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
console.log(`sbom: ${bom.bomFormat} ${bom.specVersion}, ${components.length} components → artifacts/sbom.cdx.json`);
if (bom.bomFormat !== 'CycloneDX' || components.length === 0) {
  console.error('sbom: not a CycloneDX document with components');
  process.exit(1);
}
if (unlicensed.length > 0) {
  console.error(`sbom: components without a license: ${unlicensed.map((c) => `${c.name}@${c.version}`).join(', ')}`);
  process.exit(1);
}
