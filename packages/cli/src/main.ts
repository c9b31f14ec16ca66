import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
// check and fmt load the language services (Langium) on demand: `run` from a cached plan starts without them.
import { type RunOptions, runCommand } from './commands/run.js';
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
    .addOption(new Option('--format <format>', 'output format.').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (files: string[], options: { format: 'text' | 'json' | 'sarif' }) => {
      const { checkCommand } = await import('./commands/check.js');
      setExitCode(await checkCommand({ files, format: options.format }, output));
    });

  program
    .command('fmt')
    .description(
      'Format VPL files in the canonical style (the same formatter as the editor). Files with syntax errors are left alone.',
    )
    .argument('<files...>', 'VPL files to format in place')
    .option('--check', 'list the files that are not formatted and exit 1 instead of rewriting them')
    .option('--stdout', 'print the formatted text of one file instead of rewriting it')
    .action(async (files: string[], options: { check?: boolean; stdout?: boolean }) => {
      const { fmtCommand } = await import('./commands/fmt.js');
      setExitCode(await fmtCommand({ files, check: Boolean(options.check), stdout: Boolean(options.stdout) }, output));
    });

  program
    .command('lsp')
    .description('Start the VPL language server (for editors). Pass the transport an LSP client expects.')
    .option('--stdio', 'talk LSP over standard input and output')
    .option('--node-ipc', 'talk LSP over Node IPC')
    .option('--socket <port>', 'talk LSP over a socket on this port')
    .allowUnknownOption()
    .action(async () => {
      const { main: lspMain } = await import('@varpulis/lsp/main');
      lspMain(process.argv.slice(3));
      // The connection keeps the process alive; its exit code is set by the server on shutdown/exit.
      setExitCode(Number(process.exitCode ?? 0));
    });

  program
    .command('mcp')
    .description('Start the Varpulis MCP server (for AI assistants): stdio by default, or Streamable HTTP on loopback.')
    .option('--http', 'serve Streamable HTTP instead of stdio')
    .option('--port <port>', 'HTTP port (with --http)')
    .option('--host <host>', 'HTTP bind address (with --http; default 127.0.0.1)')
    .option('--token <token>', 'require this bearer token (with --http)')
    .option('--allow-root <dir>', 'a directory whose files the tools may read (repeatable)')
    .allowUnknownOption()
    .action(async () => {
      const { runMcpServer } = await import('@varpulis/mcp');
      setExitCode(await runMcpServer(process.argv.slice(3)));
    });

  const runOptions = (command: Command): Command =>
    command
      .addOption(
        new Option(
          '--input-format <format>',
          'event format (default: by extension; .jsonl/.ndjson are JSON lines)',
        ).choices(['evt', 'jsonl']),
      )
      .option(
        '--checkpoint-out <file>',
        'at the end of input, write the engine state to FILE instead of flushing windows and deadlines',
      )
      .option('--restore <file>', 'restore a checkpoint written by --checkpoint-out before reading the input')
      .option('--allowed-lateness <duration>', "override the program's allowed lateness, e.g. 30s")
      .option(
        '--max-input-errors <n>',
        'input lines that may fail to parse before the run stops (default 0)',
        parseInteger,
      )
      .option(
        '--max-loop-iterations <n>',
        'iterations a while loop may run before it is stopped (default 10000)',
        parseInteger,
      )
      .option('--no-connectors', 'replay without network connectors (the default with --input)')
      .option('--no-cache', 'compile the program without reading or filling the plan cache (see "Plan cache")')
      .option('-q, --quiet', 'no summary or warnings on stderr');

  runOptions(
    program
      .command('run')
      .description('Run a VPL program over events in event time and print what its streams emit.')
      .argument('<program>', 'the .vpl program')
      .option('-i, --input <file>', 'the events (.evt or .jsonl); standard input when absent')
      .addOption(
        new Option('-o, --output <format>', 'jsonl: one JSON object per emitted event; text: human-readable')
          .choices(['jsonl', 'text'])
          .default('text'),
      ),
  ).action(async (programFile: string, options: CliRunOptions) => {
    setExitCode(await runCommand(toRunOptions(programFile, options), output));
  });

  runOptions(
    program
      .command('simulate')
      .description('Run a program on sample events and show the emitted events with a summary (run --output text).')
      .argument('<program>', 'the .vpl program')
      .argument('<events>', 'the sample events (.evt or .jsonl)'),
  ).action(async (programFile: string, events: string, options: CliRunOptions) => {
    setExitCode(await runCommand(toRunOptions(programFile, { ...options, input: events, output: 'text' }), output));
  });

  return program;
}

interface CliRunOptions {
  input?: string;
  output?: 'jsonl' | 'text';
  inputFormat?: 'evt' | 'jsonl';
  checkpointOut?: string;
  restore?: string;
  allowedLateness?: string;
  maxInputErrors?: number;
  maxLoopIterations?: number;
  connectors?: boolean;
  cache?: boolean;
  quiet?: boolean;
}

function toRunOptions(programFile: string, options: CliRunOptions): RunOptions {
  const run: RunOptions = { program: programFile };
  if (options.input !== undefined) run.input = options.input;
  if (options.output !== undefined) run.output = options.output;
  if (options.inputFormat !== undefined) run.inputFormat = options.inputFormat;
  if (options.checkpointOut !== undefined) run.checkpointOut = options.checkpointOut;
  if (options.restore !== undefined) run.restore = options.restore;
  if (options.allowedLateness !== undefined) run.allowedLateness = options.allowedLateness;
  if (options.maxInputErrors !== undefined) run.maxInputErrors = options.maxInputErrors;
  if (options.maxLoopIterations !== undefined) run.maxLoopIterations = options.maxLoopIterations;
  if (options.connectors === false) run.noConnectors = true;
  run.cache = options.cache !== false;
  if (options.quiet) run.quiet = true;
  return run;
}

function parseInteger(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`'${value}' is not a non-negative integer.`);
  }
  return n;
}
