/**
 * "Run on sample events": saves the program, finds its sample input (or asks for one), runs it in a forked runner
 * process (dist/runner.cjs) and shows the results view. Problems of the run also go to the Problems panel (source
 * `vpl-run`), at the program line they point at.
 */
import { fork } from 'node:child_process';
import { access } from 'node:fs/promises';
import * as vscode from 'vscode';
import { runSettings } from '../settings.js';
import { buildResultsModel, type ResultsModel, summaryLine } from './results-model.js';
import type { ResultsPanel } from './results-panel.js';
import type { RunFailure, RunProblem, RunRequest, RunResponse } from './run-protocol.js';
import { findSampleEvents, isEventFile } from './sample-events.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export class SampleRunner implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('vpl-run');
  /** The input last picked by hand for a program (used again until another is picked). */
  private readonly pickedInputs = new Map<string, string>();
  private running = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: ResultsPanel,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * The command. `target` is the program (a URI or its string, as code lenses pass it; default: the active editor);
   * `input` an optional event file; `focusStream` a stream the results view scrolls to. Returns the results model
   * (undefined when nothing ran).
   */
  async run(
    target?: vscode.Uri | string,
    input?: vscode.Uri | string,
    focusStream?: string,
  ): Promise<ResultsModel | undefined> {
    const program = await this.programDocument(target);
    if (!program) {
      void vscode.window.showWarningMessage('Open a VPL program (.vpl) to run it on sample events.');
      return undefined;
    }
    if (program.isUntitled) {
      void vscode.window.showWarningMessage('Save the program first: sample events are looked up next to it.');
      return undefined;
    }
    if (program.isDirty && !(await program.save())) return undefined;
    const programPath = program.uri.fsPath;
    const settings = runSettings(program.uri);
    let inputPath =
      input === undefined ? undefined : typeof input === 'string' ? vscode.Uri.parse(input).fsPath : input.fsPath;
    inputPath ??= this.pickedInputs.get(programPath);
    if (inputPath && !(await exists(inputPath))) inputPath = undefined;
    inputPath ??= await findSampleEvents(programPath, settings.patterns, exists);
    inputPath ??= await this.pickInput(program.uri);
    if (!inputPath) return undefined;
    if (this.running) {
      void vscode.window.showInformationMessage('A sample run is already in progress.');
      return undefined;
    }
    this.running = true;
    try {
      const request: RunRequest = { programPath, inputPath, ...settings.request };
      const response = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'VPL: running on sample events' },
        () => this.execute(request, settings.timeoutMs),
      );
      const model = buildResultsModel(response);
      this.publishProblems(response.problems);
      this.panel.show(model, focusStream);
      const line = summaryLine(model);
      this.log.info(`Run ${programPath} on ${inputPath}: ${line}`);
      vscode.window.setStatusBarMessage(`$(play) ${line}`, 10_000);
      return model;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`Run ${programPath} on ${inputPath} failed: ${message}`);
      void vscode.window.showErrorMessage(`The sample run failed: ${message}`);
      return undefined;
    } finally {
      this.running = false;
    }
  }

  private async programDocument(target?: vscode.Uri | string): Promise<vscode.TextDocument | undefined> {
    if (target !== undefined) {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
      return vscode.workspace.openTextDocument(uri);
    }
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'vpl' ? editor.document : undefined;
  }

  private async pickInput(program: vscode.Uri): Promise<string | undefined> {
    const name = program.path.split('/').pop() ?? 'program.vpl';
    const choice = await vscode.window.showInformationMessage(
      `No sample events found for ${name} (looked for ${name.replace(/\.vpl$/i, '')}.evt or .jsonl next to it).`,
      'Choose an Event File…',
      'Create Sample File',
    );
    if (choice === 'Create Sample File') {
      const target = vscode.Uri.file(program.fsPath.replace(/\.vpl$/i, '') + '.evt');
      const content =
        '# Sample events for ' +
        name +
        ': one event per line.\n# @<time> Type { field: value, ... }   (time: 1500, 250ms, 2s, 1m)\n@0s Reading { sensor: "s-1", value: 21.5 }\n';
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
      await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside });
      return undefined;
    }
    if (choice !== 'Choose an Event File…') return undefined;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: vscode.Uri.joinPath(program, '..'),
      filters: { 'Event files': ['evt', 'jsonl', 'ndjson'] },
      openLabel: 'Run on These Events',
    });
    const path = picked?.[0]?.fsPath;
    if (!path) return undefined;
    if (!isEventFile(path)) {
      void vscode.window.showWarningMessage('Event files end in .evt, .jsonl or .ndjson.');
      return undefined;
    }
    this.pickedInputs.set(program.fsPath, path);
    return path;
  }

  /** Forks the runner, sends the request and waits for the response (or kills the runner at the timeout). */
  private execute(request: RunRequest, timeoutMs: number): Promise<RunResponse> {
    const runner = this.context.asAbsolutePath('dist/runner.cjs');
    return new Promise((resolve, reject) => {
      const child = fork(runner, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
      let stderr = '';
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => {
        child.kill();
        finish(() =>
          reject(new Error(`the run took longer than ${timeoutMs} ms (varpulis.run.timeoutMs) and was stopped`)),
        );
      }, timeoutMs);
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < 20_000) stderr += chunk.toString();
      });
      child.on('message', (message: RunResponse | RunFailure) => {
        if ('failure' in message) finish(() => reject(new Error(message.failure.split('\n')[0])));
        else finish(() => resolve(message));
      });
      child.on('error', (error) => finish(() => reject(error)));
      child.on('exit', (code) =>
        finish(() =>
          reject(
            new Error(`the runner stopped (exit code ${code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`),
          ),
        ),
      );
      child.send(request);
    });
  }

  private publishProblems(problems: readonly RunProblem[]): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      if (p.line <= 0) continue;
      const start = new vscode.Position(p.line - 1, Math.max(0, p.column - 1));
      const end =
        p.endLine && p.endColumn && (p.endLine > p.line || p.endColumn > p.column)
          ? new vscode.Position(p.endLine - 1, Math.max(0, p.endColumn - 1))
          : start.translate(0, 1);
      const severity =
        p.severity === 'error'
          ? vscode.DiagnosticSeverity.Error
          : p.severity === 'warning'
            ? vscode.DiagnosticSeverity.Warning
            : vscode.DiagnosticSeverity.Information;
      const where = [
        p.stream ? `stream ${p.stream}` : '',
        p.eventNumber ? `input event ${p.eventNumber}` : '',
        p.count > 1 ? `${p.count} times` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(start, end),
        `${p.message}${where ? ` (${where})` : ''}`,
        severity,
      );
      diagnostic.code = p.code;
      diagnostic.source = 'vpl-run';
      const list = byFile.get(p.file) ?? [];
      list.push(diagnostic);
      byFile.set(p.file, list);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  /** Clears run problems of a program when it is edited (they describe the previous text). */
  clearFor(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
