#!/usr/bin/env node
// Dependency license check: walks the installed production dependencies (`dependencies` and installed
// `optionalDependencies`, transitively) of every shipped workspace package (packages/*, extensions/*), reads each
// dependency's package.json and fails when its license is not in the allow-list below.
//
//   node scripts/check-licenses.mjs            # check; print a summary per license
//   node scripts/check-licenses.mjs --list     # also list every package with its license
//
// A license field may be an SPDX expression: `(MIT OR Apache-2.0)` passes when one side is allowed, `A AND B` when
// both are. A package without a license, or with one outside the list, fails the check unless EXCEPTIONS names it
// with a reason (review it and add it there, or replace the dependency).
// Only node: built-ins; runs on any Node >= 18.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Licenses that need no review (permissive, compatible with MIT OR Apache-2.0 distribution). */
export const ALLOWED = new Set([
  'MIT',
  'MIT-0',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'ISC',
  '0BSD',
  'BlueOak-1.0.0',
  'CC0-1.0',
  'Python-2.0',
  'Unlicense',
]);

/** Reviewed packages whose license field is missing or non-standard: `name@version` or `name` → reason. */
const EXCEPTIONS = new Map([
  // e.g. ['some-package@1.2.3', 'MIT text in LICENSE, no "license" field in package.json (reviewed 2026-03)'],
]);

const SHIPPED_FOLDERS = ['packages', 'extensions'];

/** Is an SPDX expression satisfied by the allow-list? Supports OR, AND, WITH and parentheses. */
export function allowedExpression(expression) {
  const tokens = expression
    .replace(/[()]/g, (p) => ` ${p} `)
    .split(/\s+/)
    .filter(Boolean);
  let i = 0;
  const primary = () => {
    const token = tokens[i++];
    if (token === '(') {
      const value = or();
      i++; // ')'
      return value;
    }
    if (tokens[i] === 'WITH') i += 2; // an exception only adds permissions
    return ALLOWED.has(token?.replace(/\+$/, '') ?? '');
  };
  const and = () => {
    let value = primary();
    while (tokens[i] === 'AND') {
      i++;
      value = primary() && value;
    }
    return value;
  };
  const or = () => {
    let value = and();
    while (tokens[i] === 'OR') {
      i++;
      value = and() || value;
    }
    return value;
  };
  return or();
}

/** The license of a package.json as one expression (legacy `licenses` arrays and `{ type }` objects included). */
function licenseOf(manifest) {
  const { license, licenses } = manifest;
  if (typeof license === 'string') return license;
  if (license && typeof license.type === 'string') return license.type;
  if (Array.isArray(licenses) && licenses.length > 0) {
    return licenses.map((l) => (typeof l === 'string' ? l : l.type)).join(' OR ');
  }
  return undefined;
}

/** The node_modules folders Node would search from a directory (its own, then its ancestors'). */
function lookupPaths(dir) {
  const out = [];
  for (let d = dir; ; d = dirname(d)) {
    if (basename(d) !== 'node_modules') out.push(join(d, 'node_modules'));
    if (dirname(d) === d) break;
  }
  return out;
}

function findPackage(fromDir, name) {
  for (const modules of lookupPaths(fromDir)) {
    const candidate = join(modules, name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

function workspacePackages() {
  const out = [];
  for (const folder of SHIPPED_FOLDERS) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const pkgDir = join(dir, entry.name);
      if (entry.isDirectory() && existsSync(join(pkgDir, 'package.json'))) out.push(pkgDir);
    }
  }
  return out;
}

function main() {
  const list = process.argv.includes('--list');
  /** realpath → { name, version, license, via } */
  const seen = new Map();
  const missing = [];
  const queue = workspacePackages().map((dir) => ({ dir, via: [] }));
  for (let q = 0; q < queue.length; q++) {
    const { dir, via } = queue[q];
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    const chain = [...via, id];
    const required = Object.keys(manifest.dependencies ?? {});
    const optional = Object.keys(manifest.optionalDependencies ?? {});
    for (const name of [...required, ...optional]) {
      const depDir = findPackage(dir, name);
      if (!depDir) {
        // An optional dependency for another platform is legitimately absent.
        if (!optional.includes(name)) missing.push(`${name} (required by ${chain.join(' > ')})`);
        continue;
      }
      if (seen.has(depDir)) continue;
      const depManifest = JSON.parse(readFileSync(join(depDir, 'package.json'), 'utf8'));
      seen.set(depDir, {
        name: depManifest.name,
        version: depManifest.version,
        license: licenseOf(depManifest),
        via: chain,
      });
      queue.push({ dir: depDir, via: chain });
    }
  }

  const packages = [...seen.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
  const byLicense = new Map();
  const failures = [];
  for (const p of packages) {
    const id = `${p.name}@${p.version}`;
    const license = p.license ?? '(none)';
    byLicense.set(license, (byLicense.get(license) ?? 0) + 1);
    const excepted = EXCEPTIONS.get(id) ?? EXCEPTIONS.get(p.name);
    if (list) console.log(`${license.padEnd(28)} ${id}${excepted ? `  (exception: ${excepted})` : ''}`);
    if (excepted) continue;
    if (!p.license || !allowedExpression(p.license)) {
      failures.push(`${id}: ${license} (via ${p.via.join(' > ')})`);
    }
  }

  console.log(`licenses of ${packages.length} production dependencies:`);
  for (const [license, count] of [...byLicense].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(count).padStart(4)}  ${license}`);
  if (missing.length > 0) {
    console.error(`\nnot installed (run pnpm install):\n  ${missing.join('\n  ')}`);
  }
  if (failures.length > 0) {
    console.error(`\nlicenses outside the allow-list (${[...ALLOWED].join(', ')}):\n  ${failures.join('\n  ')}`);
    console.error(
      'Replace the dependency, or review its license and add it to EXCEPTIONS in scripts/check-licenses.mjs.',
    );
  }
  const ok = failures.length === 0 && missing.length === 0;
  console.log(ok ? 'license check passed' : 'license check failed');
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
