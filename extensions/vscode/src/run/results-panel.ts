/**
 * The results view: one webview panel beside the editor, reused by every run. Links in it reveal problem positions.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderResultsHtml } from './results-html.js';
import type { ResultsModel } from './results-model.js';

export const RESULTS_VIEW_TYPE = 'varpulis.results';

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private lastModel: ResultsModel | undefined;

  show(model: ResultsModel, focusStream?: string): void {
    const title = `Results: ${model.programPath.split(/[\\/]/).pop()}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        RESULTS_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableFindWidget: true, retainContextWhenHidden: false, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.panel.webview.onDidReceiveMessage(
        (message: { type?: string; file?: string; line?: number; column?: number }) => {
          if (message.type === 'reveal' && message.file && message.line) {
            void reveal(message.file, message.line, message.column ?? 1);
          }
        },
      );
    } else {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.lastModel = model;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(model.programPath))?.uri.fsPath;
    this.panel.webview.html = renderResultsHtml(model, {
      cspSource: this.panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      ...(folder ? { workspaceFolder: folder } : {}),
      ...(focusStream ? { focusStream } : {}),
    });
  }

  /** The model last shown (for tests and for re-rendering). */
  get current(): ResultsModel | undefined {
    return this.lastModel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function reveal(file: string, line: number, column: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), {
    viewColumn: vscode.ViewColumn.One,
    preview: false,
  });
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
