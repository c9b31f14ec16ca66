import { URI } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Langium keeps a document in the workspace after the editor closes it. For a file on disk that is right (it is part
 * of the workspace, now read from disk); an unsaved or virtual document would otherwise stay in the index for ever,
 * with its declarations, its diagnostics and the cost of relinking it on every edit. Closing such a document removes
 * it (and clears its diagnostics); closing a file re-reads it from disk.
 */
export class VplDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
  private readonly shared: LangiumSharedServices;

  constructor(services: LangiumSharedServices) {
    super(services);
    this.shared = services;
  }

  didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
    const uri = URI.parse(event.document.uri);
    void this.onDisk(uri).then((exists) => {
      if (exists) this.fireDocumentUpdate([uri], []);
      else this.fireDocumentUpdate([], [uri]);
    });
  }

  private async onDisk(uri: URI): Promise<boolean> {
    if (uri.scheme !== 'file') return false;
    try {
      await this.shared.workspace.FileSystemProvider.readFile(uri);
      return true;
    } catch {
      return false;
    }
  }
}
