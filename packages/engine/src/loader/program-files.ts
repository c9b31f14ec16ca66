/**
 * Reading a program and the files it imports (language §6.9, semantics §5.1) and checking them together, through
 * a file-reading function: the same code serves the CLI (Node's file system), the editor's sample runner and
 * in-memory sources (MCP, tests). Each file is parsed once; names resolve across imports; the documents are
 * removed from the language services afterwards, so one load never sees another's declarations.
 */

import { type ast, IMPORT_ERROR_CODE, MAX_IMPORT_DEPTH, URI, UriUtils, type VplServices } from '@varpulis/language';
import type { LoadProblem } from './load-problem.js';

/** Reads a file by path; throws (or rejects) when it cannot. */
export type ReadFile = (path: string) => string | Promise<string>;

/** One file of a program, parsed, linked and validated. */
export interface CheckedProgramFile {
  /** the path it was read from (the entry's path as given; an import's path resolved against its importer) */
  readonly path: string;
  readonly text: string;
  readonly program: ast.Program;
  /** the resolved paths of the files it imports, in statement order */
  readonly imports: readonly string[];
}

/** Diagnostic shapes of the language services (LSP's), as far as the loader reads them. */
interface ServiceDiagnostic {
  readonly severity?: number;
  readonly code?: string | number;
  readonly message: string | { readonly value: string };
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
}

/** A document of the language services' workspace. */
type ProgramDocument = Parameters<VplServices['shared']['workspace']['LangiumDocuments']['addDocument']>[0];

const ORIGIN = { line: 0, character: 0 };

/**
 * Reads `entry` (already read: its text is given) and, breadth first, every file it imports (each once, at most
 * {@link MAX_IMPORT_DEPTH} deep, only `.vpl` files), then checks them all. Returns the files in reading order
 * (the entry first) and every diagnostic of the check, with the path of the file it is in.
 */
export async function checkProgramSources(
  services: VplServices,
  entry: { readonly path: string; readonly text: string },
  readFile: ReadFile | undefined,
): Promise<{ files: CheckedProgramFile[]; problems: LoadProblem[] }> {
  const shared = services.shared;
  const factory = shared.workspace.LangiumDocumentFactory;
  const registry = shared.workspace.LangiumDocuments;
  const documents: ProgramDocument[] = [];
  const files: CheckedProgramFile[] = [];
  const importProblems = new Map<string, ServiceDiagnostic[]>();
  const known = new Set<string>();
  let frontier = [{ uri: URI.file(entry.path), path: entry.path, text: entry.text, depth: 0 }];
  known.add(frontier[0]!.uri.toString());
  try {
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { uri, path, text, depth } of frontier) {
        const document: ProgramDocument = factory.fromString<ast.Program>(text, uri);
        registry.addDocument(document);
        documents.push(document);
        const program = document.parseResult.value as ast.Program;
        const imports: string[] = [];
        files.push({ path, text, program, imports });
        for (const statement of program.statements) {
          // An `import` whose path is missing (a syntax error, reported as such) imports nothing.
          if (statement.$type !== 'ImportDecl' || statement.path === undefined) continue;
          const target = UriUtils.resolvePath(UriUtils.dirname(uri), statement.path);
          const targetPath = target.fsPath;
          const problem = (message: string) => {
            const list = importProblems.get(path) ?? [];
            const range = statement.$cstNode?.range ?? { start: ORIGIN, end: ORIGIN };
            list.push({ severity: 1, range, message, code: IMPORT_ERROR_CODE });
            importProblems.set(path, list);
          };
          if (depth + 1 > MAX_IMPORT_DEPTH) {
            problem(`Imports nest more than ${MAX_IMPORT_DEPTH} deep at '${statement.path}'.`);
            continue;
          }
          imports.push(targetPath);
          if (known.has(target.toString())) continue;
          // Only files of the language can be parsed (another extension would throw in Langium's service registry).
          if (!shared.ServiceRegistry.hasServices(target)) {
            problem(`Cannot import '${statement.path}': only VPL files (.vpl) can be imported.`);
            continue;
          }
          let importedText: string;
          try {
            if (readFile === undefined) throw new Error('no file reader');
            importedText = await readFile(targetPath);
          } catch {
            problem(`Cannot read the imported file '${statement.path}' (resolved to ${targetPath}).`);
            continue;
          }
          known.add(target.toString());
          next.push({ uri: target, path: targetPath, text: importedText, depth: depth + 1 });
        }
      }
      frontier = next;
    }
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    const problems: LoadProblem[] = [];
    documents.forEach((document, i) => {
      const file = files[i]!.path;
      for (const d of [...(importProblems.get(file) ?? []), ...(document.diagnostics ?? [])]) {
        problems.push(toProblem(file, d));
      }
    });
    return { files, problems };
  } finally {
    for (const document of documents) {
      registry.deleteDocument(document.uri);
      // Forget the document's exported symbols too, or later loads would link to its declarations.
      shared.workspace.IndexManager.remove(document.uri);
    }
  }
}

function toProblem(file: string, d: ServiceDiagnostic): LoadProblem {
  return {
    file,
    stage: 'check',
    code: typeof d.code === 'string' ? d.code : d.code === undefined ? 'VPL-P001' : String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    severity: d.severity === 2 ? 'warning' : d.severity === 1 || d.severity === undefined ? 'error' : 'hint',
    span: {
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    },
  };
}

/** The files in compile order: each file after the files it imports (depth first, in statement order), each once. */
export function importsFirst(files: readonly CheckedProgramFile[]): CheckedProgramFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const ordered: CheckedProgramFile[] = [];
  const seen = new Set<string>();
  const visit = (file: CheckedProgramFile | undefined) => {
    if (file === undefined || seen.has(file.path)) return;
    seen.add(file.path);
    for (const path of file.imports) visit(byPath.get(path));
    ordered.push(file);
  };
  visit(files[0]);
  return ordered;
}
