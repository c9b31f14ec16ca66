#!/usr/bin/env node
// Release: bumps every version of the toolchain consistently, then builds, tests nothing (run `npm test` first),
// and produces the release artefacts in artifacts/: one npm tarball per package (`pnpm pack`, which replaces the
// `workspace:*` and `catalog:` specifiers by real versions), the VS Code extension (.vsix) and the SBOM.
// See docs/releasing.md for the whole procedure.
//
//   node scripts/release.mjs patch|minor|major|X.Y.Z[-pre]   bump, update CHANGELOG.md, build, pack
//   node scripts/release.mjs --pack                          pack the current version (no bump)
//   node scripts/release.mjs --check                         check that every version site agrees (used by tests)
//   options: --dry-run (print what would change, write nothing), --no-vsix, --allow-dirty
//
// It never commits, tags or publishes: those steps are printed at the end, for a maintainer to run.
// Only node: built-ins.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, 'artifacts');

/** The packages released together, with one version (their package.json `version`). */
export const RELEASED = [
  'packages/language',
  'packages/engine',
  'packages/lsp',
  'packages/mcp',
  'packages/cli',
  'extensions/vscode',
  'grammars/tree-sitter-vpl',
];

/** Versions written in source files (announced to clients, printed by --version), each a regex with one group. */
export const VERSION_SITES = [
  { file: 'packages/cli/src/main.ts', pattern: /\.version\('([^']+)', '-V, --version'\)/ },
  {
    file: 'packages/lsp/src/vpl-language-server.ts',
    pattern: /VPL_SERVER_INFO = \{ name: 'varpulis-lsp', version: '([^']+)' \}/,
  },
  { file: 'packages/lsp/src/main.ts', pattern: /'varpulis-lsp ([^\\']+)\\n'/ },
  { file: 'packages/mcp/src/server.ts', pattern: /SERVER_INFO = \{ name: 'varpulis-mcp', version: '([^']+)' \}/ },
  { file: 'grammars/tree-sitter-vpl/tree-sitter.json', pattern: /"version": "([^"]+)"/ },
];

/** LICENSE, then the full MIT and Apache-2.0 texts: the license file of every tarball. */
function combinedLicense() {
  const part = (f) =>
    `${'='.repeat(78)}\n${f}\n${'='.repeat(78)}\n\n${readFileSync(join(root, f), 'utf8').trimEnd()}\n`;
  return [readFileSync(join(root, 'LICENSE'), 'utf8').trimEnd(), '', part('LICENSE-MIT'), part('LICENSE-APACHE')].join(
    '\n',
  );
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

function say(message) {
  process.stderr.write(`[release] ${message}\n`);
}

function fail(message) {
  say(message);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(join(root, file), 'utf8'));
}

/** Every version of the toolchain: package.json files and source sites, as `{ where, version }`. */
export function versionSites() {
  const out = [];
  for (const dir of RELEASED) {
    const file = `${dir}/package.json`;
    if (existsSync(join(root, file))) out.push({ where: file, version: readJson(file).version });
  }
  for (const site of VERSION_SITES) {
    if (!existsSync(join(root, site.file))) continue;
    const m = site.pattern.exec(readFileSync(join(root, site.file), 'utf8'));
    out.push({ where: site.file, version: m ? m[1] : undefined });
  }
  return out;
}

/** The one current version, or a list of disagreements. */
export function currentVersion() {
  const sites = versionSites();
  const versions = new Set(sites.map((s) => s.version));
  if (versions.size === 1 && sites[0].version) return { version: sites[0].version, problems: [] };
  const first = sites[0]?.version;
  return {
    version: first,
    problems: sites
      .filter((s) => s.version !== first)
      .map((s) => `${s.where}: ${s.version ?? 'no version found'} (expected ${first})`),
  };
}

export function nextVersion(current, bump) {
  if (SEMVER.test(bump)) return bump;
  const m = SEMVER.exec(current);
  if (!m) throw new Error(`current version ${current} is not semver`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  switch (bump) {
    case 'major':
      return `${major + 1}.0.0`;
    case 'minor':
      return `${major}.${minor + 1}.0`;
    case 'patch':
      return m[4] ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
    default:
      throw new Error(`unknown bump '${bump}' (patch, minor, major or X.Y.Z)`);
  }
}

/** The CHANGELOG with its Unreleased section turned into `## [version] - date` and a new empty Unreleased. */
export function releaseChangelog(text, version, date) {
  const heading = /^## \[Unreleased\][^\n]*\n/m;
  if (!heading.test(text)) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
  let out = text.replace(heading, `## [Unreleased]\n\n## [${version}] - ${date}\n`);
  // Keep-a-changelog link references, when present.
  out = out.replace(
    /^\[Unreleased\]: (.*)\/compare\/v?([^.\s]+\.[^.\s]+\.[^.\s]+)\.\.\.HEAD$/m,
    (_all, base, previous) => {
      return `[Unreleased]: ${base}/compare/v${version}...HEAD\n[${version}]: ${base}/compare/v${previous}...v${version}`;
    },
  );
  return out;
}

function setVersions(version, dryRun) {
  for (const dir of RELEASED) {
    const file = join(root, dir, 'package.json');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const updated = text.replace(/^(\s*"version":\s*")[^"]+(")/m, `$1${version}$2`);
    say(`${relative(root, file)}: ${JSON.parse(text).version} → ${version}`);
    if (!dryRun) writeFileSync(file, updated);
  }
  for (const site of VERSION_SITES) {
    const file = join(root, site.file);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const m = site.pattern.exec(text);
    if (!m) fail(`${site.file}: the version pattern no longer matches; update VERSION_SITES in scripts/release.mjs`);
    const updated = text.replace(site.pattern, (whole, old) => whole.replace(old, version));
    say(`${site.file}: ${m[1]} → ${version}`);
    if (!dryRun) writeFileSync(file, updated);
  }
}

function run(cmd, args, options = {}) {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0)
    fail(`'${[cmd, ...args].join(' ')}' failed (${result.error?.message ?? `exit ${result.status}`})`);
}

function pnpm() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && !/\.(c|m)?js$/.test(execPath)) return execPath;
  const local = join(root, '.tools', 'pnpm', 'node_modules', '.bin', 'pnpm');
  return existsSync(local) ? local : 'pnpm';
}

function pack(version, { vsix }) {
  mkdirSync(artifacts, { recursive: true });
  run(pnpm(), ['run', '--silent', 'build']);
  for (const dir of RELEASED) {
    const manifest = readJson(`${dir}/package.json`);
    if (manifest.private) {
      say(`${manifest.name} is private: not packed for npm`);
      continue;
    }
    // npm and pnpm always ship a package folder's LICENSE (but not LICENSE-MIT / LICENSE-APACHE, whatever `files`
    // says): for the pack, write one LICENSE there with the explanation and both license texts.
    const license = join(root, dir, 'LICENSE');
    const own = existsSync(license);
    if (!own) writeFileSync(license, combinedLicense());
    try {
      run(pnpm(), ['pack', '--pack-destination', artifacts], { cwd: join(root, dir) });
    } finally {
      if (!own) rmSync(license, { force: true });
    }
  }
  const extension = readJson('extensions/vscode/package.json');
  if (vsix && extension.scripts?.package) {
    run(pnpm(), ['--filter', extension.name, 'run', 'package']);
    const built = join(root, 'extensions', 'vscode', `${extension.name}.vsix`);
    if (existsSync(built)) renameSync(built, join(artifacts, `${extension.name}-${version}.vsix`));
  } else if (vsix) {
    say('extensions/vscode has no "package" script: no .vsix');
  }
  run(process.execPath, ['scripts/sbom.mjs']);
  return readdirSync(artifacts).sort();
}

function main() {
  const argv = process.argv.slice(2);
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const positional = argv.filter((a) => !a.startsWith('--'));
  const dryRun = flags.has('--dry-run');

  const { version: current, problems } = currentVersion();
  if (flags.has('--check')) {
    if (problems.length > 0) fail(`versions disagree:\n  ${problems.join('\n  ')}`);
    say(`every version site is ${current}`);
    return;
  }
  if (problems.length > 0) fail(`versions disagree; fix them first:\n  ${problems.join('\n  ')}`);

  if (!flags.has('--allow-dirty') && !dryRun) {
    const status = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
    if (status.status === 0 && status.stdout.trim() !== '') {
      fail('the working tree has uncommitted changes (commit them, or pass --allow-dirty)');
    }
  }

  let version = current;
  if (!flags.has('--pack')) {
    if (positional.length !== 1)
      fail('usage: node scripts/release.mjs patch|minor|major|X.Y.Z [--dry-run] [--no-vsix] | --pack | --check');
    version = nextVersion(current, positional[0]);
    say(`version ${current} → ${version}${dryRun ? ' (dry run: nothing is written)' : ''}`);
    setVersions(version, dryRun);
    const changelogFile = join(root, 'CHANGELOG.md');
    const date = new Date().toISOString().slice(0, 10);
    const changelog = releaseChangelog(readFileSync(changelogFile, 'utf8'), version, date);
    say(`CHANGELOG.md: Unreleased → [${version}] - ${date}`);
    if (!dryRun) writeFileSync(changelogFile, changelog);
  }
  if (dryRun) return;

  rmSync(artifacts, { recursive: true, force: true });
  const files = pack(version, { vsix: !flags.has('--no-vsix') });
  say(`artefacts in artifacts/:\n  ${files.join('\n  ')}`);
  say(
    [
      'next steps (see docs/releasing.md):',
      `  git commit -am "Release ${version}" && git tag v${version}`,
      '  npm publish artifacts/<each>.tgz --access public   (language, engine, lsp, mcp, cli; in that order)',
      `  npx @vscode/vsce publish --packagePath artifacts/vscode-varpulis-${version}.vsix`,
      `  git push && git push origin v${version}`,
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
