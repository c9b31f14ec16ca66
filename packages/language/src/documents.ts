import { type LangiumDocument, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Program } from './generated/ast.js';
import { createVplServices, type VplServices } from './vpl-module.js';

/** A parsed, linked and validated VPL document and its diagnostics. */
export interface VplDocumentResult {
  document: LangiumDocument<Program>;
  diagnostics: Diagnostic[];
}

let defaultServices: VplServices | undefined;

function defaultVplServices(): VplServices {
  if (!defaultServices) defaultServices = createVplServices().Vpl;
  return defaultServices;
}
let counter = 0;

/**
 * Parses, links and validates one VPL text in memory (imports are not resolved: use a workspace for that).
 * The document is removed from the workspace afterwards, so repeated calls do not accumulate state.
 */
export async function parseVpl(
  text: string,
  options: { uri?: string; services?: VplServices } = {},
): Promise<VplDocumentResult> {
  const services = options.services ?? defaultVplServices();
  const shared = services.shared;
  const uri = URI.parse(options.uri ?? `memory:///vpl-${++counter}.vpl`);
  const document = shared.workspace.LangiumDocumentFactory.fromString<Program>(text, uri);
  shared.workspace.LangiumDocuments.addDocument(document);
  try {
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { document, diagnostics: document.diagnostics ?? [] };
  } finally {
    shared.workspace.LangiumDocuments.deleteDocument(uri);
    // Forget the document's exported symbols too, or later texts would link to its declarations.
    shared.workspace.IndexManager.remove(uri);
  }
}
