/**
 * The bundled language server (dist/server.cjs): `@varpulis/lsp` on the transport VS Code's language client passes
 * on the command line (`--node-ipc` by default). stdout may carry the protocol, so console output goes to stderr.
 */
import { startVplLanguageServer } from '@varpulis/lsp';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

const toStderr = (...values: unknown[]): void => {
  process.stderr.write(`${values.map((value) => (typeof value === 'string' ? value : String(value))).join(' ')}\n`);
};
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

startVplLanguageServer(createConnection(ProposedFeatures.all));
