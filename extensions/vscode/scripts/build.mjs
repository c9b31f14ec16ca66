#!/usr/bin/env node
// Bundles the extension with esbuild into dist/ (CommonJS, as VS Code loads extensions):
//   dist/extension.cjs          the extension (vscode external; vscode-languageclient bundled)
//   dist/server.cjs             the VPL language server (@varpulis/lsp)
//   dist/runner.cjs             the sample-run process (@varpulis/engine), forked per run
//   dist/mcp.cjs                the Varpulis MCP server on stdio (@varpulis/mcp)
//   dist/simulation-worker.js   the MCP server's simulation worker thread
// The workspace packages are bundled from their built `out/` folders, so they are built first (`tsc -b`, incremental)
// unless --no-deps is given. Flags: --production (minified, no source maps), --watch.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const repo = resolve(root, '../..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

if (!args.has('--no-deps')) {
  const tsc = join(repo, 'node_modules/.bin/tsc');
  try {
    execFileSync(tsc, ['-b', join(repo, 'tsconfig.build.json')], { stdio: 'inherit', cwd: repo });
  } catch {
    // Type errors in a package still leave its JavaScript in out/ (tsc -b emits anyway); the root build and
    // typecheck gates report them. Stop only with --strict-deps.
    if (args.has('--strict-deps')) process.exit(1);
    console.error('build: `tsc -b` reported errors in the workspace packages; bundling their current out/ anyway.');
  }
}

const require = createRequire(join(root, 'package.json'));
// The MCP server starts its simulation worker from `new URL('./simulation-worker.js', import.meta.url)`: bundle it
// next to dist/mcp.cjs. It has no package export of its own, so it is found next to the package's main entry.
const mcpMain = require.resolve('@varpulis/mcp/main');
const simulationWorker = join(dirname(mcpMain), 'simulation/simulation-worker.js');

// ESM sources read import.meta.url (and import.meta.resolve); in a CommonJS bundle they refer to the bundle file.
const importMetaShim = [
  "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  "const __importMetaResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
].join('\n');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.cjs' },
  sourcemap: production ? false : 'linked',
  minify: production,
  keepNames: true,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'import.meta.url': '__importMetaUrl', 'import.meta.resolve': '__importMetaResolve' },
  banner: { js: importMetaShim },
  // Conditions: prefer Node builds of dual packages.
  mainFields: ['module', 'main'],
  conditions: ['node', 'import', 'default'],
};

const builds = [
  {
    ...common,
    entryPoints: { extension: join(root, 'src/extension.ts') },
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: {
      server: join(root, 'src/server/server-main.ts'),
      runner: join(root, 'src/runner/runner-main.ts'),
      mcp: join(root, 'src/server/mcp-main.ts'),
    },
  },
  {
    ...common,
    entryPoints: { 'simulation-worker': simulationWorker },
    // Worker threads load `.js`; the extension's package.json has no "type", so `.js` is CommonJS.
    outExtension: { '.js': '.js' },
  },
];

if (!existsSync(simulationWorker)) {
  console.error(`build: ${simulationWorker} is missing; build @varpulis/mcp first (pnpm build).`);
  process.exit(1);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.error('build: watching for changes');
} else {
  const started = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  const outputs = results.flatMap((r) => Object.entries(r.metafile.outputs)).filter(([name]) => !name.endsWith('.map'));
  for (const [name, info] of outputs)
    console.error(`  ${name.replace(/^.*dist\//, 'dist/')}  ${(info.bytes / 1024).toFixed(0)} KiB`);
  console.error(`build: done in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
