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
  if (!args.some((arg) => /^--(stdio|node-ipc|socket=\d+|pipe=.+|clientProcessId=\d+)$/.test(arg))) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  redirectConsoleToStderr();
  const connection = createConnection(ProposedFeatures.all);
  startVplLanguageServer(connection);
}

function redirectConsoleToStderr(): void {
  const toStderr = (...values: unknown[]) => {
    process.stderr.write(`${values.map((value) => (typeof value === 'string' ? value : String(value))).join(' ')}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
