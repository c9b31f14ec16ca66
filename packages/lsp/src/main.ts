import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startVplLanguageServer } from './vpl-server.js';

const USAGE = `Usage: varpulis-lsp --stdio | --node-ipc | --socket=PORT

The VPL language server (Language Server Protocol). Editors start it with one transport argument.`;

/**
 * The server's command line. The transport comes from the arguments as LSP clients pass them (`--stdio`,
 * `--node-ipc`, `--socket=PORT`, `--pipe=NAME`: vscode-languageserver reads them). stdout belongs to the protocol
 * under `--stdio`, so every console output goes to stderr.
 */
export function main(args: readonly string[]): void {
  if (args.includes('--help') || args.includes('-h')) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  if (args.includes('--version')) {
    process.stderr.write('varpulis-lsp 0.1.0\n');
    return;
  }
  const transport = normaliseArgs(args);
  if (!transport.some((arg) => /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/.test(arg))) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // vscode-languageserver reads the transport from process.argv: give it the canonical `--name=value` forms.
  process.argv = [process.argv[0]!, process.argv[1]!, ...transport];
  redirectConsoleToStderr();
  const connection = createConnection(ProposedFeatures.all);
  startVplLanguageServer(connection);
}

/** `--socket 5000` → `--socket=5000` (and the same for `--pipe`, `--clientProcessId`); other arguments unchanged. */
export function normaliseArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (/^--(socket|pipe|clientProcessId)$/.test(arg) && next !== undefined && !next.startsWith('--')) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function redirectConsoleToStderr(): void {
  const toStderr = (...values: unknown[]) => {
    process.stderr.write(`${values.map((value) => (typeof value === 'string' ? value : String(value))).join(' ')}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
