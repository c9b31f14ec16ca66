/**
 * The Varpulis extension: starts the bundled VPL language server, runs programs on sample events, checks the
 * workspace, and registers the Varpulis MCP server. It talks LSP only (custom names from `@varpulis/lsp/protocol`);
 * the engine runs in a separate process (dist/runner.cjs).
 */
import { VplCommands } from '@varpulis/lsp/protocol';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkWorkspace } from './check-workspace.js';
import { CLIENT_NAME, createLanguageClient, watchSettings } from './language-client.js';
import { registerMcpServer } from './mcp/mcp-provider.js';
import { ResultsPanel } from './run/results-panel.js';
import { SampleRunner } from './run/run-command.js';

/** Command identifiers the extension contributes (package.json `contributes.commands`). */
export const Commands = {
  runOnSampleEvents: 'vpl.runOnSampleEvents',
  checkWorkspace: 'vpl.checkWorkspace',
  restartServer: 'vpl.restartServer',
  showOutput: 'vpl.showOutput',
  newProgram: 'vpl.newProgram',
} as const;

let client: LanguageClient | undefined;

/** What activate returns: handy for tests and for other extensions. */
export interface VarpulisApi {
  readonly client: LanguageClient | undefined;
  runOnSampleEvents(program?: vscode.Uri, input?: vscode.Uri): Promise<unknown>;
}

export async function activate(context: vscode.ExtensionContext): Promise<VarpulisApi> {
  const log = vscode.window.createOutputChannel('Varpulis', { log: true });
  context.subscriptions.push(log);
  const panel = new ResultsPanel();
  const runner = new SampleRunner(context, panel, log);
  context.subscriptions.push(panel, runner);

  /** Server commands the client carries out itself. */
  const clientSideCommands = new Map<string, (args: unknown[]) => Promise<unknown>>([
    // The server's lens passes [uri, streamName?]: run the program and show that stream.
    [
      VplCommands.runSample,
      (args) => runner.run(args[0] as string | undefined, undefined, typeof args[1] === 'string' ? args[1] : undefined),
    ],
    [VplCommands.showReferences, (args) => showReferences(args)],
  ]);

  const startClient = async () => {
    const next = createLanguageClient(context, log, {
      executeCommand: async (command, args) => {
        const handler = clientSideCommands.get(command);
        return handler ? { handled: true, result: await handler(args) } : { handled: false };
      },
    });
    client = next;
    try {
      await next.start();
      // Commands the server's lenses use but does not execute itself: register them on the client.
      const serverCommands = new Set(next.initializeResult?.capabilities.executeCommandProvider?.commands ?? []);
      for (const [command, handler] of clientSideCommands) {
        if (!serverCommands.has(command) && !registered.has(command)) {
          registered.add(command);
          context.subscriptions.push(vscode.commands.registerCommand(command, (...args: unknown[]) => handler(args)));
        }
      }
    } catch (error) {
      log.error(`The VPL language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window
        .showErrorMessage('The VPL language server did not start. See the output for details.', 'Show Output')
        .then((choice) => {
          if (choice) next.outputChannel.show();
        });
    }
  };
  const registered = new Set<string>();

  const restart = async () => {
    const previous = client;
    client = undefined;
    if (previous) {
      try {
        await previous.stop(5_000);
      } catch {
        // already stopped
      }
      await previous.dispose().catch(() => undefined);
    }
    await startClient();
    log.info('Language server restarted.');
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      Commands.runOnSampleEvents,
      (target?: vscode.Uri | string, input?: vscode.Uri | string) =>
        runner.run(target instanceof vscode.Uri || typeof target === 'string' ? target : undefined, input),
    ),
    vscode.commands.registerCommand(Commands.checkWorkspace, () => checkWorkspace(client, log)),
    vscode.commands.registerCommand(Commands.restartServer, restart),
    vscode.commands.registerCommand(Commands.showOutput, () => {
      if (client) client.outputChannel.show(true);
      else log.show(true);
    }),
    vscode.commands.registerCommand(Commands.newProgram, newProgram),
    watchSettings(
      () => client,
      () => void restart(),
    ),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.languageId === 'vpl' && event.contentChanges.length > 0) runner.clearFor(event.document.uri);
    }),
    { dispose: () => void client?.stop() },
  );

  const mcp = registerMcpServer(context, log);
  if (mcp) context.subscriptions.push(mcp);

  await startClient();
  log.info(`${CLIENT_NAME} started.`);
  return {
    get client() {
      return client;
    },
    runOnSampleEvents: (program, input) => runner.run(program, input),
  };
}

export async function deactivate(): Promise<void> {
  const current = client;
  client = undefined;
  await current?.stop();
}

/** `vpl.showReferences [uri, position, locations]` (LSP types) → VS Code's references peek. */
async function showReferences(args: unknown[]): Promise<void> {
  const current = client;
  if (!current) return;
  const [uri, position, locations] = args as [
    string,
    { line: number; character: number },
    { uri: string; range: unknown }[],
  ];
  const converter = current.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    converter.asUri(uri),
    converter.asPosition(position as never),
    locations.map((location) => converter.asLocation(location as never)),
  );
}

async function newProgram(): Promise<void> {
  const content = [
    '# A first VPL program: temperature readings in, alerts out.',
    'event Reading:',
    '    sensor: str',
    '    celsius: float',
    '',
    'stream Hot = Reading',
    '    .where(celsius > 30.0)',
    '    .emit(sensor: sensor, celsius: celsius)',
    '',
  ].join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'vpl', content });
  await vscode.window.showTextDocument(document);
}
