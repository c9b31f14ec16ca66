import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI_BIN, lsp, positionOf, type ServerUnderTest, startServer } from './lsp-client.js';

// Every LSP request of docs/lsp.md that lsp-stdio.test.ts does not cover, against the server started the way an
// editor configured with `varpulis lsp --stdio` starts it (the built CLI; `pnpm run build` first), driven by a real
// client connection (vscode-languageserver-protocol): each test asserts on the protocol response.

const LIB = `event Reading:
    sensor: str
    celsius: float

fn to_f(c: float) -> float:
    c * 1.8 + 32.0
`;

const MAIN = `import "lib/readings.vpl"

event Door:
    sensor: str
    open: bool

event Door:
    sensor: str

stream Hot = Reading as r
    .where(r.celsius > 40.0)
    .emit(sensor: sensor, temp: to_f(celsius))

stream Average = Reading
    .partition_by(sensor)
    .window(5400s)
    .aggregate(avg_c: avg(celsius), n: count())
    .emit(sensor: sensor, avg_c: avg_c, n: n)

stream Both = join(Hot, Door)
    .window(1m)
    .emit(sensor: Hot.sensor)

stream Warmer = Hot
    .tap(counter: "n")
    .where(temp > 110.0)
    .emit(sensor: sensor)

config broker {
    host: "localhost",
    port: 1883
}
`;

let workspace: string;
let server: ServerUnderTest;
let mainUri: string;
let libUri: string;
/** What the client answers to `workspace/configuration` for the `vpl` section. */
let clientSettings: Record<string, unknown> = {};
const configurationRequests: string[] = [];

function uriOf(file: string): string {
  return pathToFileURL(path.join(workspace, file)).toString();
}

async function open(uri: string, text: string): Promise<void> {
  await server.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'vpl', version: 1, text },
  });
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'vpl-lsp-requests-'));
  mkdirSync(path.join(workspace, 'lib'));
  writeFileSync(path.join(workspace, 'lib/readings.vpl'), LIB);
  writeFileSync(path.join(workspace, 'main.vpl'), MAIN);
  mainUri = uriOf('main.vpl');
  libUri = uriOf('lib/readings.vpl');
  server = startServer(['--stdio'], [CLI_BIN, 'lsp']);
  server.connection.onRequest(lsp.ConfigurationRequest.type, (params) =>
    params.items.map((item) => {
      configurationRequests.push(item.section ?? '');
      if (item.section === 'vpl') return clientSettings;
      if (item.section?.startsWith('vpl.')) return clientSettings[item.section.slice(4)] ?? null;
      return null;
    }),
  );
  const result = await server.connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'requests' }],
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
        semanticTokens: {
          requests: { full: { delta: true }, range: true },
          tokenTypes: [],
          tokenModifiers: [],
          formats: ['relative'],
        },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } },
        rename: { prepareSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
    },
  });
  expect(result.serverInfo?.name).toBe('varpulis-lsp');
  await server.connection.sendNotification(lsp.InitializedNotification.type, {});
  const published = server.nextDiagnostics(mainUri, (p) => p.diagnostics.length > 0);
  await open(mainUri, MAIN);
  await published;
}, 30_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill();
    await server.stop();
  }
  rmSync(workspace, { recursive: true, force: true });
});

const at = (word: string, occurrence = 0, delta = 1) => ({
  textDocument: { uri: mainUri },
  position: positionOf(MAIN, word, occurrence, delta),
});

describe('varpulis lsp --stdio: every request', () => {
  test('diagnostics carry tags (unnecessary, deprecated) and related information', () => {
    const published = server.diagnostics.get(mainUri)!.at(-1)!.diagnostics;
    const tap = published.find((d) => d.code === 'VPL-O091');
    expect(tap?.tags).toEqual([lsp.DiagnosticTag.Unnecessary]);
    const config = published.find((d) => d.code === 'VPL-C010');
    expect(config?.tags).toEqual([lsp.DiagnosticTag.Deprecated]);
    const duplicate = published.find((d) => d.code === 'E001');
    expect(duplicate?.relatedInformation?.[0]?.location).toEqual({
      uri: mainUri,
      range: expect.objectContaining({ start: positionOf(MAIN, 'Door', 0, 0) }),
    });
    expect(published.find((d) => d.code === 'VPL-J001')).toBeDefined();
  });

  test('workspace/diagnostic: a full report for every file of the workspace, then unchanged', async () => {
    const report = await server.connection.sendRequest(lsp.WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const byUri = new Map(report.items.map((item) => [item.uri, item]));
    expect(byUri.get(libUri)?.kind).toBe('full');
    const main = byUri.get(mainUri);
    expect(main?.kind === 'full' ? main.items.map((d) => d.code) : []).toContain('E001');
    const again = await server.connection.sendRequest(lsp.WorkspaceDiagnosticRequest.type, {
      previousResultIds: report.items.map((item) => ({ uri: item.uri, value: item.resultId! })),
    });
    expect(again.items.map((item) => item.kind)).toEqual(report.items.map(() => 'unchanged'));
  });

  test('type definition: from an alias to its event type, in the imported file', async () => {
    const result = await server.connection.sendRequest(lsp.TypeDefinitionRequest.type, at('r.celsius', 0, 0));
    const [link] = (Array.isArray(result) ? result : [result]) as { targetUri?: string; uri?: string }[];
    expect(link?.targetUri ?? link?.uri).toBe(libUri);
  });

  test('references of a field across files, with the declaration', async () => {
    const refs = await server.connection.sendRequest(lsp.ReferencesRequest.type, {
      ...at('celsius', 0),
      context: { includeDeclaration: true },
    });
    const where = (refs ?? []).map((r) => `${r.uri === libUri ? 'lib' : 'main'}:${r.range.start.line}`);
    expect(where).toContain('lib:2');
    // r.celsius, to_f(celsius), avg(celsius)
    expect(where.filter((w) => w.startsWith('main:')).sort()).toEqual(['main:10', 'main:11', 'main:16']);
  });

  test('document highlight: the declaration is a write, the uses are reads', async () => {
    const highlights = await server.connection.sendRequest(lsp.DocumentHighlightRequest.type, at('Hot', 0));
    const kinds = (highlights ?? []).map((h) => `${h.range.start.line}:${h.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([`9:${lsp.DocumentHighlightKind.Write}`, `23:${lsp.DocumentHighlightKind.Read}`]),
    );
    expect(kinds.length).toBe(4); // stream Hot, join(Hot, …), Hot.sensor, stream Warmer = Hot
  });

  test('prepareRename, then rename an event type across files', async () => {
    const prepared = await server.connection.sendRequest(lsp.PrepareRenameRequest.type, at('Reading', 0));
    const range = prepared && 'range' in prepared ? prepared.range : prepared;
    expect(range).toMatchObject({ start: positionOf(MAIN, 'Reading', 0, 0) });
    const refused = await server.connection
      .sendRequest(lsp.PrepareRenameRequest.type, at('stream', 0))
      .catch(() => null);
    expect(refused).toBeNull();
    const edit = await server.connection.sendRequest(lsp.RenameRequest.type, {
      ...at('Reading', 0),
      newName: 'Sample',
    });
    expect(edit?.changes?.[libUri]?.map((e) => e.newText)).toEqual(['Sample']);
    expect(edit?.changes?.[mainUri]?.map((e) => e.newText)).toEqual(['Sample', 'Sample']);
  });

  test('document symbols: a hierarchical outline', async () => {
    const symbols = (await server.connection.sendRequest(lsp.DocumentSymbolRequest.type, {
      textDocument: { uri: mainUri },
    })) as { name: string; children?: { name: string }[] }[];
    expect(symbols.map((s) => s.name)).toEqual(expect.arrayContaining(['Door', 'Hot', 'Average', 'Both', 'Warmer']));
    expect(symbols.find((s) => s.name === 'Door')?.children?.map((c) => c.name)).toEqual(['sensor', 'open']);
    expect(symbols.find((s) => s.name === 'Hot')?.children?.map((c) => c.name)).toContain('r');
  });

  test('signature help: an operation, a builtin, an aggregate function and a user function', async () => {
    const label = async (word: string, delta: number) =>
      (await server.connection.sendRequest(lsp.SignatureHelpRequest.type, at(word, 0, delta)))?.signatures[0]?.label;
    expect(await label('.window(5400s', 8)).toContain('.window(');
    expect(await label('avg(celsius', 4)).toMatch(/^avg\(/);
    expect(await label('to_f(celsius', 5)).toBe('to_f(c: float) -> float');
  });

  test('semantic tokens: range, and a delta after an edit that rebuilds the new full result', async () => {
    const uri = uriOf('tokens.vpl');
    const before = 'event Tick:\n    price: float\nstream Cheap = Tick\n    .where(price < 1.0)\n';
    await open(uri, before);
    const full = await server.connection.sendRequest(lsp.SemanticTokensRequest.type, { textDocument: { uri } });
    const range = await server.connection.sendRequest(lsp.SemanticTokensRangeRequest.type, {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    });
    expect(range!.data.length).toBeGreaterThan(0);
    expect(range!.data.length).toBeLessThan(full!.data.length);
    const after = `${before}stream Dear = Tick\n    .where(price > 100.0)\n`;
    const rebuilt = server.nextDiagnostics(uri);
    await server.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: after }],
    });
    await rebuilt;
    const delta = await server.connection.sendRequest(lsp.SemanticTokensDeltaRequest.type, {
      textDocument: { uri },
      previousResultId: full!.resultId!,
    });
    const fresh = await server.connection.sendRequest(lsp.SemanticTokensRequest.type, { textDocument: { uri } });
    expect(fresh!.data.length).toBeGreaterThan(full!.data.length);
    let data = [...full!.data];
    if (delta && 'edits' in delta) {
      expect(delta.edits.length).toBeGreaterThan(0);
      for (const e of [...delta.edits].sort((a, b) => b.start - a.start))
        data = [...data.slice(0, e.start), ...(e.data ?? []), ...data.slice(e.start + e.deleteCount)];
    } else data = delta!.data;
    expect(data).toEqual(fresh!.data);
  });

  test('folding ranges, selection ranges and document links', async () => {
    const folds = await server.connection.sendRequest(lsp.FoldingRangeRequest.type, { textDocument: { uri: mainUri } });
    const lines = (folds ?? []).map((f) => `${f.startLine}-${f.endLine}`);
    expect(lines).toEqual(expect.arrayContaining(['2-4', '13-16']));
    const [selection] = await server.connection.sendRequest(lsp.SelectionRangeRequest.type, {
      textDocument: { uri: mainUri },
      positions: [positionOf(MAIN, 'sensor)', 0, 1)],
    });
    const texts: string[] = [];
    for (let r: typeof selection | undefined = selection; r; r = r.parent) texts.push(textOf(MAIN, r.range));
    expect(texts[0]).toBe('sensor');
    expect(texts).toContain('.partition_by(sensor)');
    expect(texts.at(-1)).toBe(MAIN);
    const links = await server.connection.sendRequest(lsp.DocumentLinkRequest.type, { textDocument: { uri: mainUri } });
    expect(links?.map((l) => l.target)).toEqual([libUri]);
  });

  test('range formatting changes only the lines of the range; on-type formatting indents after Enter', async () => {
    const uri = uriOf('format.vpl');
    const text = 'let a=1\nlet b=2\nstream S = Reading\n';
    await open(uri, text);
    const ranged = await server.connection.sendRequest(lsp.DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } },
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(applyEdits(text, ranged ?? [])).toBe('let a=1\nlet b = 2\nstream S = Reading\n');
    const onType = await server.connection.sendRequest(lsp.DocumentOnTypeFormattingRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 0 },
      ch: '\n',
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(onType?.find((e) => e.range.start.line === 3)?.newText).toBe('    ');
  });

  test('code actions: quick fixes for the diagnostics, and a refactor on a selection', async () => {
    const diagnostics = server.diagnostics.get(mainUri)!.at(-1)!.diagnostics;
    const join = diagnostics.find((d) => d.code === 'VPL-J001')!;
    const tap = diagnostics.find((d) => d.code === 'VPL-O091')!;
    const fixes = await server.connection.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri: mainUri },
      range: join.range,
      context: { diagnostics: [join, tap], only: [lsp.CodeActionKind.QuickFix] },
    });
    const actions = (fixes ?? []) as import('vscode-languageserver-protocol').CodeAction[];
    expect(actions.map((a) => a.title)).toEqual([
      'Add .on(Hot.sensor == Door.sensor)',
      'Remove .tap(...) (it has no effect)',
    ]);
    expect(actions.every((a) => a.kind === lsp.CodeActionKind.QuickFix)).toBe(true);
    const fixed = applyEdits(MAIN, actions[0]!.edit!.changes![mainUri]!);
    expect(fixed).toContain('join(Hot, Door)\n    .on(Hot.sensor == Door.sensor)\n    .window(1m)');
    const start = positionOf(MAIN, '.partition_by', 0, 0);
    const refactors = (await server.connection.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri: mainUri },
      range: { start, end: positionOf(MAIN, '.window(5400s)', 0, 14) },
      context: { diagnostics: [], only: [lsp.CodeActionKind.Refactor] },
    })) as import('vscode-languageserver-protocol').CodeAction[];
    const extract = refactors.find((a) => a.kind === lsp.CodeActionKind.RefactorExtract);
    expect(extract?.title).toBe("Extract the first 2 operations into stream 'AverageInput'");
  });

  test('inlay hints: field types, normalised durations, the partition key', async () => {
    const hints = await server.connection.sendRequest(lsp.InlayHintRequest.type, {
      textDocument: { uri: mainUri },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
    });
    const labels = (hints ?? []).map((h) => `${h.position.line}${typeof h.label === 'string' ? h.label : ''}`);
    expect(labels).toEqual(expect.arrayContaining(['15= 1h 30m', '15per sensor', '16: float', '16: int', '17: str']));
  });

  test('call hierarchy: what a stream reads (streams, events, functions) and the streams that read it', async () => {
    const [item] = (await server.connection.sendRequest(lsp.CallHierarchyPrepareRequest.type, at('Hot', 0)))!;
    expect(item?.name).toBe('Hot');
    const incoming = await server.connection.sendRequest(lsp.CallHierarchyIncomingCallsRequest.type, { item: item! });
    expect((incoming ?? []).map((c) => c.from.name).sort()).toEqual(['Both', 'Warmer']);
    const outgoing = await server.connection.sendRequest(lsp.CallHierarchyOutgoingCallsRequest.type, { item: item! });
    expect((outgoing ?? []).map((c) => c.to.name)).toEqual(['Reading', 'to_f']);
  });

  test('a request about a document the server does not know is an error response, not a result', async () => {
    const outcome = await server.connection
      .sendRequest(lsp.HoverRequest.type, {
        textDocument: { uri: uriOf('never-opened/nowhere.vpl') },
        position: { line: 0, character: 0 },
      })
      .then(
        (result) => `result ${JSON.stringify(result)}`,
        (error: { code?: number }) => error.code,
      );
    expect(outcome).toBe(lsp.LSPErrorCodes.ServerCancelled);
  });

  test('workspace configuration: the server reads the vpl section and follows a change', async () => {
    const request = () =>
      server.connection.sendRequest(lsp.InlayHintRequest.type, {
        textDocument: { uri: mainUri },
        range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
      });
    expect((await request())?.some((h) => h.label === '= 1h 30m')).toBe(true);
    clientSettings = { inlayHints: { durations: false } };
    await server.connection.sendNotification(lsp.DidChangeConfigurationNotification.type, {
      settings: { vpl: clientSettings },
    });
    let hints = await request();
    for (let i = 0; i < 50 && hints?.some((h) => h.label === '= 1h 30m'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      hints = await request();
    }
    expect(hints?.some((h) => h.label === '= 1h 30m')).toBe(false);
    expect(hints?.some((h) => h.label === 'per sensor')).toBe(true);
    expect(configurationRequests.some((s) => s === 'vpl' || s.startsWith('vpl.'))).toBe(true);
    clientSettings = {};
  });

  test('cancellation: requests cancelled while they wait for the workspace answer RequestCancelled, as errors', async () => {
    // A second server whose client holds back its answer to `workspace/configuration`, so the workspace is not ready:
    // a code lens and an inlay hint request wait, the client cancels them, then answers. The server must drop them
    // with the RequestCancelled error (not a result: Langium and the connection must share one protocol library).
    const held = startServer(['--stdio'], [CLI_BIN, 'lsp']);
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    held.connection.onRequest(lsp.ConfigurationRequest.type, async (params) => {
      await answered;
      return params.items.map(() => null);
    });
    try {
      await held.connection.sendRequest(lsp.InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(workspace).toString(),
        capabilities: { workspace: { configuration: true } },
      });
      await held.connection.sendNotification(lsp.InitializedNotification.type, {});
      await held.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
        textDocument: { uri: mainUri, languageId: 'vpl', version: 1, text: MAIN },
      });
      const lensSource = new lsp.CancellationTokenSource();
      const hintSource = new lsp.CancellationTokenSource();
      const lenses = held.connection.sendRequest(
        lsp.CodeLensRequest.type,
        { textDocument: { uri: mainUri } },
        lensSource.token,
      );
      const hints = held.connection.sendRequest(
        lsp.InlayHintRequest.type,
        {
          textDocument: { uri: mainUri },
          range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
        },
        hintSource.token,
      );
      // The requests are on the wire before the cancellations, and those before the configuration answer.
      lensSource.cancel();
      hintSource.cancel();
      release();
      const outcome = (request: Promise<unknown>) =>
        request.then(
          (result) => JSON.stringify(result),
          (error: { code?: number }) => error.code,
        );
      expect(await outcome(lenses)).toBe(lsp.LSPErrorCodes.RequestCancelled);
      expect(await outcome(hints)).toBe(lsp.LSPErrorCodes.RequestCancelled);
      // The same request, not cancelled, is answered.
      const again = await held.connection.sendRequest(lsp.CodeLensRequest.type, { textDocument: { uri: mainUri } });
      // One reference-count lens per event and stream declaration (no sample input next to this program).
      expect((again ?? []).map((l) => l.command?.title)).toEqual([
        '0 references',
        '1 reference',
        expect.stringMatching(/^\d+ references$/),
        '0 references',
        '0 references',
        '0 references',
      ]);
      await held.connection.sendRequest(lsp.ShutdownRequest.type);
      await held.connection.sendNotification(lsp.ExitNotification.type);
      expect(await held.stop()).toBe(0);
    } finally {
      if (held.child.exitCode === null) held.child.kill();
    }
  });

  test('executeCommand vpl.runSample runs a stream over its sample events', async () => {
    const program =
      'import "lib/readings.vpl"\nstream Hot = Reading\n    .where(celsius > 40.0)\n    .emit(s: sensor)\n';
    writeFileSync(path.join(workspace, 'sample.vpl'), program);
    writeFileSync(
      path.join(workspace, 'sample.evt'),
      '@0s Reading { sensor: "a", celsius: 41.5 }\n@1s Reading { sensor: "b", celsius: 10.0 }\n',
    );
    const uri = uriOf('sample.vpl');
    const checked = server.nextDiagnostics(uri);
    await open(uri, program);
    expect((await checked).diagnostics).toEqual([]);
    const result = (await server.connection.sendRequest(lsp.ExecuteCommandRequest.type, {
      command: 'vpl.runSample',
      arguments: [uri, 'Hot'],
    })) as { events: number; streams: { name: string; emitted: number }[] };
    expect(result.events).toBe(2);
    expect(result.streams.find((s) => s.name === 'Hot')?.emitted).toBe(1);
  });

  test('shutdown and exit end `varpulis lsp` with code 0', async () => {
    await server.connection.sendRequest(lsp.ShutdownRequest.type);
    await server.connection.sendNotification(lsp.ExitNotification.type);
    expect(await server.stop()).toBe(0);
  });
});

/** Applies non-overlapping LSP text edits to a text. */
function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  let out = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

function textOf(text: string, range: { start: { line: number; character: number }; end: typeof range.start }) {
  const lines = text.split('\n');
  const offset = (p: typeof range.start) =>
    lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}
