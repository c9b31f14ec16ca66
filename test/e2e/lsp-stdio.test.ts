import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lsp, marker, parseFrames, positionOf, REPO, type ServerUnderTest, startServer } from './lsp-client.js';

// The built server (`pnpm run build` first), driven over stdio by a real LSP client connection.

const LIB = `event Reading:
    sensor: str
    celsius: float
    at: timestamp
`;

const MAIN = `import "lib/readings.vpl"

const LIMIT = 40.0

stream Hot = Reading
    .where(celsius > LIMIT)
    .emit(sensor: sensor, temp: celsius)

stream HotAgain = Hot
    .where(temp > 45.0)
    .emit(sensor: sensor, over: temps)
`;

const UNFORMATTED = `event Tick:
  price:float
stream   Ticks=Tick.where(price>1.0).emit(p:price)
`;

let workspace: string;
let server: ServerUnderTest;
let mainUri: string;

function uriOf(file: string): string {
  return pathToFileURL(path.join(workspace, file)).toString();
}

async function open(uri: string, text: string, version = 1): Promise<void> {
  await server.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'vpl', version, text },
  });
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'vpl-lsp-e2e-'));
  mkdirSync(path.join(workspace, 'lib'));
  writeFileSync(path.join(workspace, 'lib/readings.vpl'), LIB);
  writeFileSync(path.join(workspace, 'main.vpl'), MAIN);
  writeFileSync(
    path.join(workspace, 'main.evt'),
    '@0s Reading { sensor: "a", celsius: 41.5 }\n@1s Reading { sensor: "b", celsius: 10.0 }\n',
  );
  mainUri = uriOf('main.vpl');
  server = startServer();
  const result = await server.connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'e2e' }],
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
        semanticTokens: {
          requests: { full: { delta: true }, range: true },
          tokenTypes: [],
          tokenModifiers: [],
          formats: ['relative'],
        },
      },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: true },
    },
  });
  expect(result.serverInfo?.name).toBe('varpulis-lsp');
  const caps = result.capabilities;
  expect(caps.diagnosticProvider).toMatchObject({ workspaceDiagnostics: true });
  expect(caps.completionProvider).toMatchObject({ resolveProvider: true });
  expect(caps.renameProvider).toEqual({ prepareProvider: true });
  expect(caps.semanticTokensProvider).toMatchObject({ full: { delta: true }, range: true });
  for (const key of [
    'hoverProvider',
    'definitionProvider',
    'typeDefinitionProvider',
    'referencesProvider',
    'documentHighlightProvider',
    'documentSymbolProvider',
    'workspaceSymbolProvider',
    'documentFormattingProvider',
    'documentRangeFormattingProvider',
    'codeActionProvider',
    'foldingRangeProvider',
    'selectionRangeProvider',
    'signatureHelpProvider',
    'inlayHintProvider',
    'codeLensProvider',
    'callHierarchyProvider',
    'documentLinkProvider',
    'documentOnTypeFormattingProvider',
    'executeCommandProvider',
  ] as const) {
    expect(caps[key], key).toBeTruthy();
  }
  await server.connection.sendNotification(lsp.InitializedNotification.type, {});
}, 30_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill();
    await server.stop();
  }
  rmSync(workspace, { recursive: true, force: true });
});

describe('varpulis-lsp over stdio', () => {
  test('the workspace build reports progress; workspace symbols include closed files', async () => {
    const symbols = await server.connection.sendRequest(lsp.WorkspaceSymbolRequest.type, { query: 'Read' });
    expect((symbols ?? []).map((s) => s.name)).toContain('Reading');
    for (let i = 0; i < 100 && !server.progress.some((p) => p.value.kind === 'end'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(server.progress.map((p) => p.value.kind)).toEqual(expect.arrayContaining(['begin', 'end']));
    expect(server.progress.find((p) => p.value.kind === 'begin')?.value.title).toBe('Loading VPL workspace');
  });

  test('didOpen publishes diagnostics with codes and ranges, resolved across the import', async () => {
    const published = server.nextDiagnostics(mainUri, (p) => p.diagnostics.length > 0);
    await open(mainUri, MAIN);
    const { diagnostics } = await published;
    const unknown = diagnostics.find((d) => d.code === 'VPL-N001');
    expect(unknown, JSON.stringify(diagnostics)).toBeDefined();
    const at = positionOf(MAIN, 'temps');
    expect(unknown!.range.start).toEqual(at);
    expect(unknown!.range.end).toEqual({ line: at.line, character: at.character + 'temps'.length });
    expect(unknown!.data).toMatchObject({ suggestion: 'temp' });
    // `Reading` comes from the imported file: no W030 "undeclared source".
    expect(diagnostics.filter((d) => d.code === 'W030')).toEqual([]);
  });

  test('a pull request returns the same diagnostics, then "unchanged" for the same result id', async () => {
    const report = await server.connection.sendRequest(lsp.DocumentDiagnosticRequest.type, {
      textDocument: { uri: mainUri },
    });
    expect(report.kind).toBe('full');
    if (report.kind !== 'full') return;
    expect(report.items.map((d) => d.code)).toContain('VPL-N001');
    const again = await server.connection.sendRequest(lsp.DocumentDiagnosticRequest.type, {
      textDocument: { uri: mainUri },
      previousResultId: report.resultId,
    });
    expect(again.kind).toBe('unchanged');
  });

  test('an edit re-publishes diagnostics (the typo fixed: no VPL-N001)', async () => {
    const fixed = MAIN.replace('temps', 'temp');
    const published = server.nextDiagnostics(
      mainUri,
      (p) => p.version === 2 || !p.diagnostics.some((d) => d.code === 'VPL-N001'),
    );
    await server.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri: mainUri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const { diagnostics } = await published;
    expect(diagnostics.map((d) => d.code)).not.toContain('VPL-N001');
  });

  test('completion: operations after a dot, fields inside an operation', async () => {
    const { text, position } = marker(`${MAIN.replace('temps', 'temp')}\nstream Probe = Reading\n    .<|>`);
    const uri = uriOf('probe.vpl');
    await open(uri, text.replace('import "lib/readings.vpl"', 'import "lib/readings.vpl"'));
    const ops = await server.connection.sendRequest(lsp.CompletionRequest.type, { textDocument: { uri }, position });
    const opLabels = (Array.isArray(ops) ? ops : (ops?.items ?? [])).map((item) => item.label);
    expect(opLabels).toEqual(expect.arrayContaining(['where', 'window', 'emit']));
    expect(opLabels).not.toContain('having');
    const inside = marker('import "lib/readings.vpl"\nstream Probe2 = Reading\n    .where(<|>)');
    const uri2 = uriOf('probe2.vpl');
    await open(uri2, inside.text);
    const fields = await server.connection.sendRequest(lsp.CompletionRequest.type, {
      textDocument: { uri: uri2 },
      position: inside.position,
    });
    const items = Array.isArray(fields) ? fields : (fields?.items ?? []);
    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['sensor', 'celsius', 'at']));
    const resolved = await server.connection.sendRequest(
      lsp.CompletionResolveRequest.type,
      items.find((item) => item.label === 'abs')!,
    );
    expect(JSON.stringify(resolved.documentation)).toContain('absolute value');
  });

  test('hover: the schema of an imported event type', async () => {
    const hover = await server.connection.sendRequest(lsp.HoverRequest.type, {
      textDocument: { uri: mainUri },
      position: positionOf(MAIN, 'Reading', 0, 2),
    });
    expect(JSON.stringify(hover?.contents)).toContain('event Reading:');
  });

  test('definition: into the imported file', async () => {
    const result = await server.connection.sendRequest(lsp.DefinitionRequest.type, {
      textDocument: { uri: mainUri },
      position: positionOf(MAIN, 'Reading', 0, 2),
    });
    const links = (Array.isArray(result) ? result : [result]) as { targetUri?: string; uri?: string }[];
    expect(links[0]?.targetUri ?? links[0]?.uri).toBe(uriOf('lib/readings.vpl'));
  });

  test('rename: a stream and its uses', async () => {
    const edit = await server.connection.sendRequest(lsp.RenameRequest.type, {
      textDocument: { uri: mainUri },
      position: positionOf(MAIN, 'Hot', 0, 1),
      newName: 'Warm',
    });
    expect(edit?.changes?.[mainUri]?.map((e) => e.newText)).toEqual(['Warm', 'Warm']);
  });

  test('semantic tokens: full and delta', async () => {
    const full = await server.connection.sendRequest(lsp.SemanticTokensRequest.type, {
      textDocument: { uri: mainUri },
    });
    expect(full?.data.length).toBeGreaterThan(20);
    expect(full!.data.length % 5).toBe(0);
    const delta = await server.connection.sendRequest(lsp.SemanticTokensDeltaRequest.type, {
      textDocument: { uri: mainUri },
      previousResultId: full!.resultId!,
    });
    expect(delta).toBeDefined();
  });

  test('code lens: references and the sample run; vpl/runSample', async () => {
    const lenses = await server.connection.sendRequest(lsp.CodeLensRequest.type, { textDocument: { uri: mainUri } });
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
    expect(titles.some((t) => /^\d+ references?$/.test(t))).toBe(true);
    expect(titles).toContain('▶ Run on sample events: 1 emitted from 2 events');
    const run = await server.connection.sendRequest('vpl/runSample', { uri: mainUri });
    expect(run).toMatchObject({ events: 2 });
  });

  test('closing a document that is not on disk removes it from the workspace (and clears its diagnostics)', async () => {
    const uri = 'untitled:Scratch-1.vpl';
    const published = server.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
    await open(uri, 'stream ScratchOnly = Nowhere\n');
    await published;
    const cleared = server.nextDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await server.connection.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await cleared;
    const symbols = await server.connection.sendRequest(lsp.WorkspaceSymbolRequest.type, { query: 'ScratchOnly' });
    expect((symbols ?? []).map((s) => s.name)).not.toContain('ScratchOnly');
  });

  test('formatting returns edits that give the canonical text', async () => {
    const uri = uriOf('unformatted.vpl');
    await open(uri, UNFORMATTED);
    const edits = await server.connection.sendRequest(lsp.DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(edits).not.toBeNull();
    expect(applyEdits(UNFORMATTED, edits ?? [])).toBe(
      'event Tick:\n    price: float\nstream Ticks = Tick\n    .where(price > 1.0)\n    .emit(p: price)\n',
    );
  });

  test('400 random incremental edits with requests in between: the server stays responsive', async () => {
    const uri = uriOf('fuzz.vpl');
    let text = readFileSync(path.join(REPO, 'test/programs/fraud-account-takeover.vpl'), 'utf8');
    await open(uri, text);
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const fragments = ['(', ')', '.', '->', 'where ', '\n    ', ':', '"', '.emit(', '5m', 'x', '#'];
    const pending: Promise<unknown>[] = [];
    for (let version = 2; version < 402; version++) {
      const at = Math.floor(next() * (text.length + 1));
      const remove = next() < 0.4 ? Math.min(text.length - at, Math.floor(next() * 20)) : 0;
      const insert = remove > 0 ? '' : fragments[Math.floor(next() * fragments.length)]!;
      const start = positionAtOffset(text, at);
      const end = positionAtOffset(text, at + remove);
      text = text.slice(0, at) + insert + text.slice(at + remove);
      await server.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start, end }, text: insert }],
      });
      if (version % 10 === 0) {
        const position = positionAtOffset(text, Math.floor(next() * text.length));
        pending.push(
          server.connection
            .sendRequest(lsp.CompletionRequest.type, { textDocument: { uri }, position })
            .catch(() => null),
        );
        pending.push(
          server.connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position }).catch(() => null),
        );
      }
    }
    await Promise.all(pending);
    // Still answering, on the final text.
    const started = Date.now();
    const symbols = await server.connection.sendRequest(lsp.DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(Array.isArray(symbols)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.child.exitCode).toBeNull();
  }, 60_000);

  test('shutdown and exit end the process with code 0; stdout carried only protocol frames', async () => {
    await server.connection.sendRequest(lsp.ShutdownRequest.type);
    await server.connection.sendNotification(lsp.ExitNotification.type);
    const code = await server.stop();
    expect(code).toBe(0);
    const frames = parseFrames(server.stdout());
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) expect(frame).toMatchObject({ jsonrpc: '2.0' });
  });
});

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let result = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) result += lines[i]!.length + 1;
    return result + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted)
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

function positionAtOffset(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

describe('other transports', () => {
  test('--socket=PORT: the server connects to the client socket', async () => {
    const net = await import('node:net');
    const { spawn } = await import('node:child_process');
    const { SERVER_BIN } = await import('./lsp-client.js');
    const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
      const listener = net.createServer((client) => {
        listener.close();
        resolve(client);
      });
      listener.listen(0, '127.0.0.1', () => {
        const port = (listener.address() as import('node:net').AddressInfo).port;
        const child = spawn(process.execPath, [SERVER_BIN, '--socket', String(port)], { stdio: 'ignore' });
        child.on('error', reject);
      });
    });
    const connection = lsp.createProtocolConnection(
      new lsp.SocketMessageReader(socket),
      new lsp.SocketMessageWriter(socket),
    );
    connection.listen();
    const result = await connection.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    expect(result.capabilities.hoverProvider).toBe(true);
    await connection.sendRequest(lsp.ShutdownRequest.type);
    await connection.sendNotification(lsp.ExitNotification.type);
    connection.dispose();
    socket.destroy();
  });

  test('--node-ipc', async () => {
    const { fork } = await import('node:child_process');
    const { SERVER_BIN } = await import('./lsp-client.js');
    const child = fork(SERVER_BIN, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const connection = lsp.createProtocolConnection(new lsp.IPCMessageReader(child), new lsp.IPCMessageWriter(child));
    connection.listen();
    const result = await connection.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    expect(result.capabilities.completionProvider?.triggerCharacters).toContain('.');
    await connection.sendRequest(lsp.ShutdownRequest.type);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await connection.sendNotification(lsp.ExitNotification.type);
    await exited;
    connection.dispose();
  });
});
