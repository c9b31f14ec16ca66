import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkProgramFiles, URI } from '@varpulis/language';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ExitCode } from '../exit-codes.js';
import { nodeVplServices } from '../node-services.js';
import type { CommandOutput } from '../output.js';
import { countLine, diagnosticToJson, formatDiagnostic, severityWord } from '../report.js';
import { toSarif } from '../sarif.js';

export interface CheckOptions {
  files: string[];
  format: 'text' | 'json' | 'sarif';
}

/**
 * `varpulis check FILE...`: parses, resolves imports and runs every static check; prints the diagnostics of
 * the files and of the files they import. Exit 0 without errors, 1 with at least one error (or an unreadable
 * file), 2 for a usage error.
 */
export async function checkCommand(options: CheckOptions, output: CommandOutput): Promise<ExitCode> {
  if (options.files.length === 0) {
    output.err('varpulis check: give at least one .vpl file\n');
    return ExitCode.UsageError;
  }
  const results: { file: string; diagnostics: Diagnostic[]; lines?: string[] }[] = [];
  const entries: URI[] = [];
  let unreadable = false;
  for (const file of options.files) {
    try {
      readFileSync(file);
      entries.push(URI.file(resolve(file)));
    } catch (error) {
      unreadable = true;
      output.err(
        `${file}:0:0: error [VPL-P001] Cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
      );
    }
  }
  const checked = entries.length ? await checkProgramFiles(nodeVplServices(), entries) : [];
  const cwd = process.cwd();
  for (const file of checked) {
    const path = file.uri.fsPath.startsWith(`${cwd}/`) ? file.uri.fsPath.slice(cwd.length + 1) : file.uri.fsPath;
    const sorted = [...file.diagnostics].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
    results.push({ file: path, diagnostics: sorted, lines: file.document.textDocument.getText().split('\n') });
  }
  const all = results.flatMap((result) => result.diagnostics.map((diagnostic) => ({ file: result.file, diagnostic })));
  const errors = all.filter((d) => severityWord(d.diagnostic) === 'error').length;
  if (options.format === 'json') {
    output.out(
      `${JSON.stringify(
        all.map((d) => diagnosticToJson(d.file, d.diagnostic)),
        null,
        2,
      )}\n`,
    );
  } else if (options.format === 'sarif') {
    output.out(`${JSON.stringify(toSarif(all.map((d) => diagnosticToJson(d.file, d.diagnostic))), null, 2)}\n`);
  } else {
    for (const result of results) {
      for (const diagnostic of result.diagnostics) output.out(formatDiagnostic(result.file, diagnostic, result.lines));
    }
    const warnings = all.filter((d) => severityWord(d.diagnostic) === 'warning').length;
    output.out(countLine(errors, warnings, all.length - errors - warnings, results.length));
  }
  return errors > 0 || unreadable ? ExitCode.ProgramError : ExitCode.Success;
}
