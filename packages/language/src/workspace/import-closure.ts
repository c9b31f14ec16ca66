import { type LangiumDocument, type LangiumDocuments, UriUtils } from 'langium';
import { isImportDecl, isProgram } from '../generated/ast.js';

/**
 * The documents whose declarations a document sees: itself and, transitively, the files it imports (resolved
 * relative to the importing file, as `import "path"` is, §6.9). Other files of the workspace are invisible: VPL has
 * no implicit sharing between programs, so two programs in one folder may declare the same names.
 */
export function importClosure(document: LangiumDocument, documents: LangiumDocuments): Set<string> {
  const closure = new Set<string>([document.uri.toString()]);
  const queue: LangiumDocument[] = [document];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const root = current.parseResult?.value;
    if (!isProgram(root)) continue;
    for (const statement of root.statements) {
      if (!isImportDecl(statement) || !statement.path) continue;
      const target = UriUtils.resolvePath(UriUtils.dirname(current.uri), statement.path);
      const key = target.toString();
      if (closure.has(key)) continue;
      closure.add(key);
      const imported = documents.getDocument(target);
      if (imported) queue.push(imported);
    }
  }
  return closure;
}
