import { type LangiumDocument, URI, UriUtils } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isImportDecl, type Program } from '../generated/ast.js';
import type { VplServices } from '../vpl-module.js';

/** How deep imports may nest (§6.9). */
export const MAX_IMPORT_DEPTH = 10;

/** Diagnostic code for an import that cannot be read or nests too deep (an addition: docs/decisions/0004). */
export const IMPORT_ERROR_CODE = 'VPL-I002';

/** A checked file of a program and its diagnostics. */
export interface CheckedFile {
  uri: URI;
  document: LangiumDocument<Program>;
  diagnostics: Diagnostic[];
}

/**
 * Loads the given files and, recursively, the files they import (relative to the importing file, each once,
 * at most 10 deep), then parses, links and validates them together, so names resolve across imports.
 * Reads files through the services' FileSystemProvider (Node's file system in the CLI, the editor's in the LSP).
 */
export async function checkProgramFiles(services: VplServices, entries: readonly URI[]): Promise<CheckedFile[]> {
  const shared = services.shared;
  const documents = shared.workspace.LangiumDocuments;
  const importErrors = new Map<string, Diagnostic[]>();
  const loaded = new Map<string, LangiumDocument<Program>>();
  let frontier: { uri: URI; depth: number }[] = entries.map((uri) => ({ uri, depth: 0 }));
  while (frontier.length > 0) {
    const next: { uri: URI; depth: number }[] = [];
    for (const { uri, depth } of frontier) {
      const key = uri.toString();
      if (loaded.has(key)) continue;
      const document = (await documents.getOrCreateDocument(uri)) as LangiumDocument<Program>;
      loaded.set(key, document);
      for (const statement of document.parseResult.value.statements) {
        // An `import` whose path is missing (a syntax error, reported as such) imports nothing.
        if (!isImportDecl(statement) || statement.path === undefined) continue;
        const target = UriUtils.resolvePath(UriUtils.dirname(uri), statement.path);
        const range = statement.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        const problem = (message: string) => {
          const list = importErrors.get(key) ?? [];
          list.push({ severity: 1, range, message, code: IMPORT_ERROR_CODE, source: 'vpl' });
          importErrors.set(key, list);
        };
        if (depth + 1 > MAX_IMPORT_DEPTH) {
          problem(`Imports nest more than ${MAX_IMPORT_DEPTH} deep at '${statement.path}'.`);
          continue;
        }
        if (!loaded.has(target.toString())) {
          // Only files of the language can be parsed (another extension would throw in Langium's service registry).
          if (!shared.ServiceRegistry.hasServices(target)) {
            problem(`Cannot import '${statement.path}': only VPL files (.vpl) can be imported.`);
            continue;
          }
          try {
            await shared.workspace.FileSystemProvider.readFile(target);
            next.push({ uri: target, depth: depth + 1 });
          } catch {
            problem(`Cannot read the imported file '${statement.path}' (resolved to ${target.fsPath}).`);
          }
        }
      }
    }
    frontier = next;
  }
  const all = [...loaded.values()];
  await shared.workspace.DocumentBuilder.build(all, { validation: true });
  return all.map((document) => ({
    uri: document.uri,
    document,
    diagnostics: [...(importErrors.get(document.uri.toString()) ?? []), ...(document.diagnostics ?? [])],
  }));
}

export { URI, UriUtils };
