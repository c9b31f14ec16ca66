import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import type { Connection } from 'vscode-languageserver';
import { installVplHandlers } from './vpl-handlers.js';
import { createVplLspServices, type VplLspServices, type VplSharedLspServices } from './vpl-lsp-module.js';

/**
 * Starts the VPL language server on a connection (any transport): creates the services reading files from disk,
 * installs the handlers Langium does not register itself (pull diagnostics, selection ranges, completion resolve,
 * custom `vpl/` requests) and starts listening. Returns the services, for embedding and tests.
 */
export function startVplLanguageServer(connection: Connection): { shared: VplSharedLspServices; Vpl: VplLspServices } {
  const services = createVplLspServices({ connection, ...NodeFileSystem });
  installVplHandlers(connection, services.shared, services.Vpl);
  startLanguageServer(services.shared);
  return services;
}
