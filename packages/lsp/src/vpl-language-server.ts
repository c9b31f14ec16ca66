import { DefaultLanguageServer, type LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams, InitializeResult } from 'vscode-languageserver';

/** The server's name and version in `initialize`'s `serverInfo`. */
export const VPL_SERVER_INFO = { name: 'varpulis-lsp', version: '0.1.0' } as const;

/**
 * Langium's language server, plus the capabilities of the VPL handlers that Langium does not register itself:
 * pull diagnostics, selection ranges and completion-item resolve.
 */
export class VplLanguageServer extends DefaultLanguageServer {
  constructor(protected readonly shared: LangiumSharedServices) {
    super(shared);
  }

  protected override buildInitializeResult(params: InitializeParams): InitializeResult {
    const result = super.buildInitializeResult(params);
    const capabilities = result.capabilities;
    capabilities.diagnosticProvider = { identifier: 'vpl', interFileDependencies: true, workspaceDiagnostics: true };
    capabilities.selectionRangeProvider = true;
    if (capabilities.completionProvider) capabilities.completionProvider.resolveProvider = true;
    result.serverInfo = { ...VPL_SERVER_INFO };
    return result;
  }
}
