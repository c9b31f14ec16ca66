/**
 * "Check Workspace": makes sure the server has checked every `.vpl` file of the workspace, reports the totals and
 * opens the Problems panel. The server loads and validates the workspace at start-up and VS Code pulls workspace
 * diagnostics from it, so closed files are in the Problems panel too; this command asks for a full report at once.
 * With a server that does not offer workspace diagnostics, the files are opened (not shown) so that it checks them.
 */
import * as vscode from 'vscode';
import {
  type Diagnostic,
  DiagnosticSeverity,
  type LanguageClient,
  WorkspaceDiagnosticRequest,
} from 'vscode-languageclient/node';

/** Opening files one by one is a fallback: at most this many. */
const MAX_OPENED = 500;

export interface CheckSummary {
  files: number;
  errors: number;
  warnings: number;
}

export async function checkWorkspace(
  client: LanguageClient | undefined,
  log: vscode.LogOutputChannel,
): Promise<CheckSummary | undefined> {
  if (!client) {
    void vscode.window.showWarningMessage('The VPL language server is not running.');
    return undefined;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'VPL: checking the workspace' },
    async () => {
      if (!client.isRunning()) await client.start();
      const files = await vscode.workspace.findFiles('**/*.vpl', '**/{node_modules,.git}/**');
      const summary: CheckSummary = { files: files.length, errors: 0, warnings: 0 };
      const count = (items: readonly Diagnostic[]) => {
        for (const d of items) {
          if (d.severity === DiagnosticSeverity.Error) summary.errors++;
          else if (d.severity === DiagnosticSeverity.Warning) summary.warnings++;
        }
      };
      const provider = client.initializeResult?.capabilities.diagnosticProvider;
      if (provider && typeof provider === 'object' && provider.workspaceDiagnostics) {
        const report = await client.sendRequest(WorkspaceDiagnosticRequest.type, {
          identifier: provider.identifier,
          previousResultIds: [],
        });
        for (const item of report.items) if (item.kind === 'full') count(item.items);
        // Let the client's own pulls pick up the fresh results now rather than at their next round.
        (client.getFeature('textDocument/diagnostic') as { refresh?: () => void } | undefined)?.refresh?.();
      } else {
        for (const uri of files.slice(0, MAX_OPENED)) await vscode.workspace.openTextDocument(uri);
        await new Promise((resolve) => setTimeout(resolve, 500));
        for (const uri of files) {
          for (const d of vscode.languages.getDiagnostics(uri)) {
            if (d.severity === vscode.DiagnosticSeverity.Error) summary.errors++;
            else if (d.severity === vscode.DiagnosticSeverity.Warning) summary.warnings++;
          }
        }
      }
      const text = `VPL: ${summary.files} file${summary.files === 1 ? '' : 's'} checked: ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}.`;
      log.info(text);
      // Opens and focuses the Problems view. (`workbench.actions.view.problems`, Ctrl+Shift+M, is a toggle: it would
      // close the panel when the Problems view already has the focus.)
      await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
      vscode.window.setStatusBarMessage(text, 10_000);
      return summary;
    },
  );
}
