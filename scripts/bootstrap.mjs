#!/usr/bin/env node
// Set-up for a fresh clone on a fresh machine, then one task.
//
//   node scripts/bootstrap.mjs setup | test | demo [args...]
//
// This file must run on any Node >= 18 with nothing installed: it uses only node: built-ins.
// It makes sure a supported Node (>= 22) and the pinned pnpm are available (both fetched from the
// npm registry into .tools/ when the machine's are missing or too old), installs the workspace,
// regenerates nothing (generated code is committed), builds, and then runs the task with that
// Node first on PATH. Every step prints one line to stderr so a newcomer sees what happens.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE_MAJOR = 22;
const NODE_PACKAGE_RANGE = '22';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const PNPM_VERSION = '12.21.0';

function say(message) {
  process.stderr.write(`[varpulis setup] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) {
    say(`could not start ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

function mustRun(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    say(`'${command} ${args.join(' ')}' failed with exit code ${status}`);
    process.exit(status);
  }
}

function nodeMajor(version) {
  return Number.parseInt(version.replace(/^v/, '').split('.')[0], 10);
}

/** A Node >= 22: this process's own when it is new enough, else one from the npm registry. */
function ensureNode() {
  if (nodeMajor(process.version) >= MIN_NODE_MAJOR) {
    return { bin: dirname(process.execPath), home: null };
  }
  const pkg = `node-${process.platform}-${process.arch}`;
  const home = join(tools, 'node', 'node_modules', pkg);
  const bin = join(home, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    say(
      `Node ${process.version} is older than ${MIN_NODE_MAJOR}; fetching ${pkg}@${NODE_PACKAGE_RANGE} from the npm registry`,
    );
    mkdirSync(join(tools, 'node'), { recursive: true });
    mustRun('npm', [
      'install',
      '--prefix',
      join(tools, 'node'),
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${NODE_PACKAGE_RANGE}`,
    ]);
  }
  return { bin, home };
}

/** The pnpm version pinned in package.json#packageManager, installed under .tools/pnpm. */
function ensurePnpm() {
  const bin = join(tools, 'pnpm', 'node_modules', '.bin');
  if (!existsSync(join(bin, 'pnpm'))) {
    say(`fetching pnpm@${PNPM_VERSION} from the npm registry`);
    mkdirSync(join(tools, 'pnpm'), { recursive: true });
    mustRun('npm', [
      'install',
      '--prefix',
      join(tools, 'pnpm'),
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${PNPM_VERSION}`,
    ]);
  }
  return bin;
}

function installStamp() {
  const hash = createHash('sha256');
  for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json']) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  hash.update(process.platform + process.arch);
  return hash.digest('hex');
}

function main() {
  const [task = 'setup', ...rest] = process.argv.slice(2);
  const node = ensureNode();
  const pnpmBin = ensurePnpm();
  const env = {
    ...process.env,
    PATH: [node.bin, pnpmBin, process.env.PATH].join(delimiter),
    // pnpm must not try to fetch a Node runtime of its own.
    npm_config_manage_package_manager_versions: 'false',
  };
  if (node.home) env.npm_config_nodedir = node.home;

  const stampFile = join(root, 'node_modules', '.varpulis-install-stamp');
  const stamp = installStamp();
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    say('installing the workspace (pnpm install)');
    const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
    mustRun('pnpm', ['install', ...frozen], { env });
    writeFileSync(stampFile, stamp);
  }
  say('building (tsc -b)');
  mustRun('pnpm', ['run', '--silent', 'build'], { env });

  switch (task) {
    case 'setup':
      say('ready: run the CLI with `pnpm varpulis --help` or `node packages/cli/bin/varpulis.js --help`');
      return;
    case 'test':
      process.exit(run('pnpm', ['run', '--silent', 'test:all', ...rest], { env }));
      break;
    case 'demo':
      process.exit(
        run(
          process.platform === 'win32' ? 'node.exe' : join(node.bin, 'node'),
          [join(root, 'scripts', 'demo.mjs'), ...rest],
          { env },
        ),
      );
      break;
    default:
      say(`unknown task '${task}' (expected setup, test or demo)`);
      process.exit(2);
  }
}

main();
