#!/usr/bin/env node
// Latency benchmark of the built VPL language server (packages/lsp/bin/varpulis-lsp.js) over stdio, driven by a real
// LSP client connection. Generates VPL documents of 1k, 5k and 10k lines and prints p50/p95 (ms) for:
// open → diagnostics, edit → diagnostics, completion, hover, semantic tokens (full).
//
//   pnpm run build && node packages/lsp/bench/lsp-bench.mjs [--sizes 1000,5000,10000] [--runs 20]
//
// Targets (issue): for 5k lines, completion and hover p95 < 50 ms, diagnostics after an edit < 250 ms.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../package.json'));
const lsp = require('vscode-languageserver-protocol/node');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const SIZES = option('sizes', '1000,5000,10000').split(',').map(Number);
const RUNS = Number(option('runs', '20'));

/** A program of about `lines` lines: blocks of an event, a filtered stream, a windowed aggregate and a sequence. */
function generate(lines) {
  const out = [
    '# generated for the LSP benchmark',
    'connector Bus = mqtt(host: "localhost", port: 1883, client_id: "bench")',
    'const LIMIT = 40.0',
    '',
  ];
  let i = 0;
  while (out.length < lines) {
    out.push(
      `event Reading${i}:`,
      '    sensor: str',
      '    celsius: float',
      '    humidity: float',
      '',
      `stream Hot${i} = Reading${i}`,
      `    .where(celsius > LIMIT and humidity < ${i % 90}.5)`,
      `    .emit(sensor: sensor, temp: celsius, wet: humidity > 80.0)`,
      '',
      `stream Avg${i} = Reading${i}`,
      '    .partition_by(sensor)',
      '    .window(5m)',
      '    .aggregate(mean: avg(celsius), top: max(celsius), n: count())',
      '    .having(n > 3)',
      '    .to(Bus, topic: "avg")',
      '',
      `stream Rise${i} = Reading${i} as first`,
      `    -> Reading${i} where sensor == first.sensor and celsius > first.celsius + 5.0 as second`,
      '    .within(10m)',
      '    .emit(sensor: first.sensor, delta: second.celsius - first.celsius)',
      '',
    );
    i++;
  }
  return out.join('\n');
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function positionOf(text, needle, from = 0) {
  const index = text.indexOf(needle, from);
  const before = text.slice(0, index);
  return { line: before.split('\n').length - 1, character: index - (before.lastIndexOf('\n') + 1) };
}

async function main() {
  const server = spawn(process.execPath, [path.join(here, '../bin/varpulis-lsp.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = lsp.createProtocolConnection(
    new lsp.StreamMessageReader(server.stdout),
    new lsp.StreamMessageWriter(server.stdin),
  );
  const waiters = [];
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || params.version === waiter.version)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => null));
  connection.onRequest(lsp.RegistrationRequest.type, () => undefined);
  connection.listen();
  const diagnosticsFor = (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve }));
  await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true } },
        publishDiagnostics: { versionSupport: true },
      },
    },
  });
  await connection.sendNotification(lsp.InitializedNotification.type, {});

  const rows = [];
  for (const size of SIZES) {
    const text = generate(size);
    const lines = text.split('\n').length;
    const timings = { open: [], edit: [], completion: [], hover: [], tokens: [] };
    // Open (a fresh URI each time, so every open is a full parse + link + validate).
    for (let run = 0; run < Math.max(3, Math.floor(RUNS / 4)); run++) {
      const uri = `file:///bench/doc-${size}-${run}.vpl`;
      const started = performance.now();
      const done = diagnosticsFor(uri);
      await connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'vpl', version: 1, text },
      });
      await done;
      timings.open.push(performance.now() - started);
      if (run > 0)
        await connection.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
    const uri = `file:///bench/doc-${size}-0.vpl`;
    // Edit → diagnostics: change one number in the middle of the document.
    const middle = positionOf(text, 'humidity < ', Math.floor(text.length / 2));
    let version = 1;
    for (let run = 0; run < RUNS; run++) {
      version++;
      const position = { line: middle.line, character: middle.character + 'humidity < '.length };
      const started = performance.now();
      const done = diagnosticsFor(uri, version);
      await connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [
          {
            range: { start: position, end: { line: position.line, character: position.character + 1 } },
            text: String(run % 10),
          },
        ],
      });
      await done;
      timings.edit.push(performance.now() - started);
    }
    // Completion inside an operation (fields, functions) and after a dot (operations), alternating.
    const inside = positionOf(text, '.where(celsius', Math.floor(text.length / 2));
    const afterDot = positionOf(text, '    .having(', Math.floor(text.length / 2));
    for (let run = 0; run < RUNS; run++) {
      const position =
        run % 2 === 0
          ? { line: inside.line, character: inside.character + '.where('.length }
          : { line: afterDot.line, character: afterDot.character + 5 };
      const started = performance.now();
      await connection.sendRequest(lsp.CompletionRequest.type, { textDocument: { uri }, position });
      timings.completion.push(performance.now() - started);
    }
    // Hover on a field, an alias and an operation.
    const hovers = [
      { ...inside, character: inside.character + 9 },
      positionOf(text, 'first.sensor', Math.floor(text.length / 2)),
      { ...afterDot, character: afterDot.character + 6 },
    ];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await connection.sendRequest(lsp.HoverRequest.type, {
        textDocument: { uri },
        position: hovers[run % hovers.length],
      });
      timings.hover.push(performance.now() - started);
    }
    for (let run = 0; run < Math.max(3, Math.floor(RUNS / 2)); run++) {
      const started = performance.now();
      await connection.sendRequest(lsp.SemanticTokensRequest.type, { textDocument: { uri } });
      timings.tokens.push(performance.now() - started);
    }
    await connection.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    for (const [name, values] of Object.entries(timings)) {
      rows.push({ lines, metric: name, p50: percentile(values, 50), p95: percentile(values, 95), n: values.length });
    }
  }
  await connection.sendRequest(lsp.ShutdownRequest.type);
  await connection.sendNotification(lsp.ExitNotification.type);
  connection.dispose();

  const labels = {
    open: 'open → diagnostics',
    edit: 'edit → diagnostics',
    completion: 'completion',
    hover: 'hover',
    tokens: 'semantic tokens (full)',
  };
  console.log(`varpulis-lsp latency (ms), node ${process.version}, ${RUNS} runs per metric`);
  console.log(`${'lines'.padStart(6)}  ${'metric'.padEnd(24)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}   n`);
  for (const row of rows) {
    console.log(
      `${String(row.lines).padStart(6)}  ${labels[row.metric].padEnd(24)} ${row.p50.toFixed(1).padStart(8)} ${row.p95.toFixed(1).padStart(8)}   ${row.n}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
