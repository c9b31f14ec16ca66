/**
 * Test helper: checks a `.vpl` file together with the files it imports, the way a workspace does (§6.9: paths
 * relative to the importing file, each file once, at most 10 deep).
 *
 * IMPORT RESOLUTION FOR TESTS — `parseVpl` checks one text in isolation, so names declared in imported files
 * would be unknown there. This helper loads every imported file as its own document into the same (empty,
 * in-memory) workspace before building, so cross-references resolve across files exactly as in the editor, and
 * diagnostic positions stay those of each file. It reads the disk itself (the language package's services use
 * no file system) and can transform each file's text first (the fixture runner strips its range markers).
 * Once the language package offers a workspace API for the CLI (`checkProgramFiles`), this helper can use it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type LangiumDocument, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isImportDecl, type Program } from '../../src/generated/ast.js';
import { createVplServices, type VplServices } from '../../src/vpl-module.js';

const MAX_IMPORT_DEPTH = 10;

let services: VplServices | undefined;

/** One shared set of services: each check removes its documents again, so checks never see each other. */
export function testServices(): VplServices {
  services ??= createVplServices().Vpl;
  return services;
}

export interface CheckedProgram {
  document: LangiumDocument<Program>;
  diagnostics: Diagnostic[];
  /** Every file that was loaded (the entry first). */
  files: string[];
}

/**
 * Parses, links and validates `entry` and the files it imports. `transform` maps a file's text before parsing.
 * Returns the diagnostics of the entry file only.
 */
export async function checkProgramFile(
  entry: string,
  transform: (text: string, path: string) => string = (t) => t,
): Promise<CheckedProgram> {
  const vpl = testServices();
  const shared = vpl.shared;
  const factory = shared.workspace.LangiumDocumentFactory;
  const documents = shared.workspace.LangiumDocuments;
  const loaded = new Map<string, LangiumDocument<Program>>();
  const load = (path: string, depth: number) => {
    const absolute = resolve(path);
    if (loaded.has(absolute) || depth > MAX_IMPORT_DEPTH) return;
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch {
      return; // an unreadable import: the workspace loader reports it; here the names simply stay unresolved
    }
    const document = factory.fromString<Program>(transform(text, absolute), URI.file(absolute));
    loaded.set(absolute, document);
    documents.addDocument(document);
    for (const statement of document.parseResult.value.statements) {
      if (isImportDecl(statement)) load(resolve(dirname(absolute), statement.path), depth + 1);
    }
  };
  load(entry, 0);
  const all = [...loaded.values()];
  try {
    await shared.workspace.DocumentBuilder.build(all, { validation: true });
    const document = all[0]!;
    return { document, diagnostics: document.diagnostics ?? [], files: [...loaded.keys()] };
  } finally {
    // Remove the documents and their exported symbols, or later checks would link to them.
    for (const document of all) {
      documents.deleteDocument(document.uri);
      shared.workspace.IndexManager.remove(document.uri);
    }
  }
}

/** A diagnostic as one line: `error VPL-O032 12:5-12:9 message`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const severity = ['?', 'error', 'warning', 'info', 'hint'][diagnostic.severity ?? 0];
  const { start, end } = diagnostic.range;
  return `${severity} ${String(diagnostic.code)} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${diagnostic.message}`;
}
