import { readFileSync, writeFileSync } from 'node:fs';
import { formatVpl } from '@varpulis/language';
import { ExitCode } from '../exit-codes.js';
import type { CommandOutput } from '../output.js';

export interface FmtOptions {
  files: string[];
  /** Report files that are not formatted instead of rewriting them (exit 1 when any). */
  check: boolean;
  /** Print the formatted text of the (single) file on stdout instead of rewriting it. */
  stdout: boolean;
}

/**
 * `varpulis fmt FILE...`: rewrites each file in the canonical VPL style (the same formatter as the editor's). A file
 * with syntax errors is left untouched and reported. Exit 0 on success, 1 when a file cannot be read or formatted
 * (or, with --check, is not formatted), 2 for a usage error.
 */
export async function fmtCommand(options: FmtOptions, output: CommandOutput): Promise<ExitCode> {
  if (options.files.length === 0) {
    output.err('varpulis fmt: give at least one .vpl file\n');
    return ExitCode.UsageError;
  }
  if (options.stdout && options.files.length !== 1) {
    output.err('varpulis fmt: --stdout takes exactly one file\n');
    return ExitCode.UsageError;
  }
  let failed = 0;
  let unformatted = 0;
  for (const file of options.files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      output.err(
        `${file}:0:0: error [VPL-P001] Cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
      );
      failed++;
      continue;
    }
    const result = formatVpl(text);
    if ('error' in result) {
      output.err(`${file}: not formatted: ${result.error}\n`);
      failed++;
      continue;
    }
    if (options.stdout) {
      output.out(result.text);
    } else if (options.check) {
      if (result.changed) {
        output.out(`${file}\n`);
        unformatted++;
      }
    } else if (result.changed) {
      writeFileSync(file, result.text);
      output.err(`formatted ${file}\n`);
    }
  }
  if (options.check && unformatted > 0) {
    output.err(`${unformatted} file${unformatted === 1 ? '' : 's'} not formatted; run varpulis fmt to fix\n`);
  }
  return failed > 0 || unformatted > 0 ? ExitCode.ProgramError : ExitCode.Success;
}
