/**
 * Registers the bundled Varpulis MCP server (dist/mcp.cjs) with VS Code, so assistants can validate, explain and
 * simulate VPL with no configuration. The server runs with the editor's Node.js and may read the workspace folders
 * (`--allow-root` for each). Needs the MCP API (VS Code 1.101+); elsewhere nothing is registered.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../settings.js';

export const MCP_PROVIDER_ID = 'varpulis.mcp';
export const MCP_SERVER_LABEL = 'Varpulis VPL';

export function registerMcpServer(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): vscode.Disposable | undefined {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (
    typeof lm?.registerMcpServerDefinitionProvider !== 'function' ||
    typeof vscode.McpStdioServerDefinition !== 'function'
  ) {
    log.info('MCP: this editor has no MCP server API; the Varpulis MCP server is not registered.');
    return undefined;
  }
  const changed = new vscode.EventEmitter<void>();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      if (!vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('mcp.enabled', true)) return [];
      return [mcpServerDefinition(context, version)];
    },
    resolveMcpServerDefinition: (server) => server,
  };
  const disposables = [
    changed,
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.mcp`)) changed.fire();
    }),
  ];
  log.info(`MCP: registered the Varpulis MCP server (${context.asAbsolutePath('dist/mcp.cjs')}).`);
  return vscode.Disposable.from(...disposables);
}

/** The stdio server definition: the editor's Node.js running dist/mcp.cjs with the workspace folders as roots. */
export function mcpServerDefinition(
  context: vscode.ExtensionContext,
  version: string,
): vscode.McpStdioServerDefinition {
  const args = [context.asAbsolutePath('dist/mcp.cjs')];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme === 'file') args.push('--allow-root', folder.uri.fsPath);
  }
  // In desktop VS Code process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.js.
  return new vscode.McpStdioServerDefinition(
    MCP_SERVER_LABEL,
    process.execPath,
    args,
    { ELECTRON_RUN_AS_NODE: '1' },
    version,
  );
}
