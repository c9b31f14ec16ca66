/**
 * Starts the VPL language server and the language client. The server is the bundled dist/server.cjs (run with the
 * editor's Node.js over IPC) unless `varpulis.server.path` names another one. Settings go to the server under its
 * own section name (`vpl`), mapped from `varpulis.*`.
 */
import { VPL_CONFIGURATION_SECTION, VPL_LANGUAGE_ID } from '@varpulis/lsp/protocol';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { SETTINGS_SECTION, serverPathOverride, serverSettings, serverSettingsSection } from './settings.js';

export const CLIENT_ID = 'varpulis';
export const CLIENT_NAME = 'Varpulis Language Server';

export interface ClientHooks {
  /** Handles server commands the client runs itself (code lenses): return true when handled. */
  executeCommand(command: string, args: unknown[]): Promise<{ handled: boolean; result?: unknown }>;
}

function serverOptions(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ServerOptions {
  const override = serverPathOverride();
  if (override && !/\.(c|m)?js$/i.test(override)) {
    log.info(`Language server: ${override} --stdio (varpulis.server.path)`);
    return { command: override, args: ['--stdio'], transport: TransportKind.stdio };
  }
  const module = override ?? context.asAbsolutePath('dist/server.cjs');
  log.info(`Language server: ${module}${override ? ' (varpulis.server.path)' : ''}`);
  return {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  hooks: ClientHooks,
): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: VPL_LANGUAGE_ID },
      { scheme: 'untitled', language: VPL_LANGUAGE_ID },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.vpl'),
    },
    initializationOptions: { settings: serverSettingsSection() },
    diagnosticCollectionName: 'vpl',
    middleware: {
      workspace: {
        // The server asks for `vpl`; the settings live under `varpulis`.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => {
            if (item.section === VPL_CONFIGURATION_SECTION) {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return serverSettings(scope);
            }
            if (item.section?.startsWith(`${VPL_CONFIGURATION_SECTION}.`)) {
              const key = item.section.slice(VPL_CONFIGURATION_SECTION.length + 1);
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              return vscode.workspace.getConfiguration(SETTINGS_SECTION, scope).get(key) ?? null;
            }
            return answers[i];
          });
        },
        didChangeConfiguration: async (sections, next) => {
          if (sections?.includes(VPL_CONFIGURATION_SECTION)) {
            await client.sendNotification(DidChangeConfigurationNotification.type, {
              settings: serverSettingsSection(),
            });
            return;
          }
          await next(sections);
        },
      },
      executeCommand: async (command, args, next) => {
        const handled = await hooks.executeCommand(command, args);
        return handled.handled ? handled.result : next(command, args);
      },
    },
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions(context, log), clientOptions);
  return client;
}

/** Sends `varpulis.*` changes to the server as `vpl` settings. */
export function watchSettings(
  getClient: () => LanguageClient | undefined,
  onServerPathChange: () => void,
): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(`${SETTINGS_SECTION}.server.path`)) {
      onServerPathChange();
      return;
    }
    const client = getClient();
    if (!client?.isRunning()) return;
    const relevant = ['diagnostics', 'inlayHints', 'codeLens', 'sampleEvents'].some((key) =>
      event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`),
    );
    if (relevant) {
      client
        .sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettingsSection() })
        .catch(() => undefined);
    }
  });
}
