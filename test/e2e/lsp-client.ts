import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Protocol from 'vscode-languageserver-protocol/node';

/** The repository root and the built server's entry point. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_BIN = path.join(REPO, 'packages/lsp/bin/varpulis-lsp.js');

// The protocol library is a dependency of @varpulis/lsp; load it from there (the e2e package declares only workspace deps).
const requireFromLsp = createRequire(path.join(REPO, 'packages/lsp/package.json'));
export const lsp = requireFromLsp('vscode-languageserver-protocol/node') as typeof Protocol;

/** A spawned language server with a real LSP client connection over its stdio, and the raw bytes it wrote. */
export interface ServerUnderTest {
  child: ChildProcessWithoutNullStreams;
  connection: Protocol.ProtocolConnection;
  stdout: () => Buffer;
  stderr: () => string;
  diagnostics: Map<string, Protocol.PublishDiagnosticsParams[]>;
  /** Every `$/progress` notification, in order. */
  progress: { token: Protocol.ProgressToken; value: { kind: string; title?: string } }[];
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept` (default: any). */
  nextDiagnostics: (
    uri: string,
    accept?: (params: Protocol.PublishDiagnosticsParams) => boolean,
  ) => Promise<Protocol.PublishDiagnosticsParams>;
  stop: () => Promise<number | null>;
}

/** The CLI, whose `varpulis lsp --stdio` starts the same server. */
export const CLI_BIN = path.join(REPO, 'packages/cli/bin/varpulis.js');

/** Spawns the server (`SERVER_BIN`, or e.g. `[CLI_BIN, 'lsp']`) with `args` and connects a client to its stdio. */
export function startServer(args: string[] = ['--stdio'], entry: string[] = [SERVER_BIN]): ServerUnderTest {
  const child = spawn(process.execPath, [...entry, ...args], { cwd: REPO, stdio: 'pipe' });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const connection = lsp.createProtocolConnection(
    new lsp.StreamMessageReader(child.stdout),
    new lsp.StreamMessageWriter(child.stdin),
  );
  const diagnostics = new Map<string, Protocol.PublishDiagnosticsParams[]>();
  const waiters: {
    uri: string;
    accept: (p: Protocol.PublishDiagnosticsParams) => boolean;
    resolve: (p: Protocol.PublishDiagnosticsParams) => void;
  }[] = [];
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    const list = diagnostics.get(params.uri) ?? [];
    list.push(params);
    diagnostics.set(params.uri, list);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  // Requests the server may send: answer them like a plain client.
  connection.onRequest(lsp.ConfigurationRequest.type, (params) => params.items.map(() => null));
  connection.onRequest(lsp.RegistrationRequest.type, () => undefined);
  connection.onRequest(lsp.WorkDoneProgressCreateRequest.type, () => undefined);
  const progress: ServerUnderTest['progress'] = [];
  connection.onNotification('$/progress', (params: ServerUnderTest['progress'][number]) => progress.push(params));
  connection.onRequest(lsp.DiagnosticRefreshRequest.type, () => undefined);
  connection.onRequest(lsp.SemanticTokensRefreshRequest.type, () => undefined);
  connection.onRequest(lsp.InlayHintRefreshRequest.type, () => undefined);
  connection.onRequest(lsp.CodeLensRefreshRequest.type, () => undefined);
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    connection,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    diagnostics,
    progress,
    nextDiagnostics: (uri, accept = () => true) =>
      new Promise((resolve) => {
        waiters.push({ uri, accept, resolve });
      }),
    stop: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      connection.dispose();
      return code;
    },
  };
}

/** Splits raw stdout into LSP frames; throws on any byte that is not part of a `Content-Length` frame. */
export function parseFrames(raw: Buffer): unknown[] {
  const messages: unknown[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const headerEnd = raw.indexOf('\r\n\r\n', offset);
    if (headerEnd < 0)
      throw new Error(
        `stdout has trailing bytes that are not a frame: ${JSON.stringify(raw.subarray(offset, offset + 80).toString())}`,
      );
    const header = raw.subarray(offset, headerEnd).toString('ascii');
    const match = /^Content-Length: (\d+)(\r\nContent-Type: [^\r\n]+)?$/i.exec(header);
    if (!match) throw new Error(`stdout carries a non-protocol header: ${JSON.stringify(header.slice(0, 120))}`);
    const length = Number(match[1]);
    const body = raw.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    messages.push(JSON.parse(body));
    offset = headerEnd + 4 + length;
  }
  return messages;
}

/** The position of the `<|>` marker in a text, and the text without it. */
export function marker(text: string): { text: string; position: Protocol.Position } {
  const index = text.indexOf('<|>');
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  const character = index - (before.lastIndexOf('\n') + 1);
  return { text: text.replace('<|>', ''), position: { line, character } };
}

/** The offset → position of a word's n-th occurrence (0-based), for requests on real text. */
export function positionOf(text: string, word: string, occurrence = 0, delta = 0): Protocol.Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(word, index + 1);
  if (index < 0) throw new Error(`'${word}' not found`);
  index += delta;
  const before = text.slice(0, index);
  return { line: before.split('\n').length - 1, character: index - (before.lastIndexOf('\n') + 1) };
}
