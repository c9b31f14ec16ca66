import { ast } from '@varpulis/language';
import { type LangiumDocument, UriUtils } from 'langium';
import type { DocumentLinkProvider } from 'langium/lsp';
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';

/** Links from `import "path"` to the imported file (relative to the importing file). */
export class VplDocumentLinkProvider implements DocumentLinkProvider {
  getDocumentLinks(document: LangiumDocument, _params: DocumentLinkParams): DocumentLink[] {
    const root = document.parseResult.value;
    if (!ast.isProgram(root)) return [];
    const links: DocumentLink[] = [];
    for (const statement of root.statements) {
      if (!ast.isImportDecl(statement) || !statement.$cstNode || !statement.path) continue;
      const text = statement.$cstNode.text;
      const quote = text.indexOf('"');
      if (quote < 0) continue;
      const start = statement.$cstNode.offset + quote;
      const end = text.indexOf('"', quote + 1);
      const range = {
        start: document.textDocument.positionAt(start),
        end: document.textDocument.positionAt(statement.$cstNode.offset + (end < 0 ? text.length : end + 1)),
      };
      const target = UriUtils.resolvePath(UriUtils.dirname(document.uri), statement.path);
      links.push({ range, target: target.toString(), tooltip: `Open ${statement.path}` });
    }
    return links;
  }
}
