/**
 * @varpulis/lsp — the VPL language server, built on Langium.
 *
 * ```ts
 * import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
 * import { startVplLanguageServer } from '@varpulis/lsp';
 * startVplLanguageServer(createConnection(ProposedFeatures.all));
 * ```
 *
 * Custom methods, commands and settings are declared in `@varpulis/lsp/protocol`. See docs/lsp.md.
 */

export * from './protocol.js';
export { VPL_SERVER_INFO } from './vpl-language-server.js';
export {
  createVplLspServices,
  VplLspModule,
  type VplLspServices,
  type VplSharedLspAddedServices,
  VplSharedLspModule,
  type VplSharedLspServices,
} from './vpl-lsp-module.js';
export { startVplLanguageServer } from './vpl-server.js';
export { DEFAULT_VPL_SETTINGS, type ResolvedVplSettings } from './vpl-settings.js';
