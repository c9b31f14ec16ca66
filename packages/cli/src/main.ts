import { Command, CommanderError, Option } from 'commander';
import { checkCommand } from './commands/check.js';
import { ExitCode } from './exit-codes.js';
import { type CommandOutput, processOutput } from './output.js';

/**
 * The `varpulis` command line. Builds the command tree; each command returns an ExitCode and this function
 * returns it to bin/varpulis.js, the only place that sets the process exit code.
 */
export async function main(argv: string[], output: CommandOutput = processOutput): Promise<number> {
  let exitCode: number = ExitCode.Success;
  const program = buildProgram(output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.UsageError;
    }
    throw error;
  }
  return exitCode;
}

/** The command definitions; docs/cli.md is generated from them (scripts/generate-cli-docs.mjs). */
export function buildProgram(output: CommandOutput, setExitCode: (code: number) => void): Command {
  const program = new Command('varpulis')
    .description('The Varpulis toolchain for VPL, the Varpulis Processing Language.')
    .version('0.1.0', '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.err(text),
    })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('check')
    .description('Check VPL files: syntax, names, types and every static rule. Exit 0 without errors, 1 with errors.')
    .argument('<files...>', 'VPL files to check (their imports are checked too)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (files: string[], options: { format: 'text' | 'json' | 'sarif' }) => {
      setExitCode(await checkCommand({ files, format: options.format }, output));
    });

  return program;
}
