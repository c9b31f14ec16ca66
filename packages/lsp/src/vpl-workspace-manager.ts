import { ast } from '@varpulis/language';
import {
  type Cancellation,
  DefaultWorkspaceManager,
  DocumentState,
  type LangiumDocument,
  type URI,
  UriUtils,
  type WorkspaceFolder,
} from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams } from 'vscode-languageserver';

/**
 * The VPL workspace: every `.vpl` file of the workspace folders is loaded and validated at start-up (so workspace
 * diagnostics and symbols cover closed files), with `$/progress` reports when the client supports them; files
 * imported from outside the folders are loaded when a document that imports them is built, so names resolve
 * across imports wherever the imported file lives.
 */
export class VplWorkspaceManager extends DefaultWorkspaceManager {
  private progressSupported = false;
  private readonly shared: LangiumSharedServices;

  constructor(services: LangiumSharedServices) {
    super(services);
    this.shared = services;
    this.initialBuildOptions = { validation: true };
    services.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, (documents) =>
      this.loadImports(documents),
    );
  }

  override initialize(params: InitializeParams): void {
    super.initialize(params);
    this.progressSupported = Boolean(params.capabilities.window?.workDoneProgress);
  }

  override async initializeWorkspace(
    folders: WorkspaceFolder[],
    cancelToken?: Cancellation.CancellationToken,
  ): Promise<void> {
    const connection = this.shared.lsp.Connection;
    const progress =
      connection && this.progressSupported
        ? await connection.window.createWorkDoneProgress().catch(() => undefined)
        : undefined;
    const documents = await this.performStartup(folders);
    progress?.begin('Loading VPL workspace', 0, `${documents.length} files`, true);
    let done = 0;
    const step = Math.max(1, Math.floor(documents.length / 20));
    const listener = this.documentBuilder.onDocumentPhase(DocumentState.Validated, () => {
      done++;
      if (done % step === 0 || done === documents.length) {
        progress?.report(Math.round((100 * done) / Math.max(1, documents.length)), `${done}/${documents.length} files`);
      }
    });
    try {
      await this.documentBuilder.build(documents, this.initialBuildOptions, cancelToken);
    } finally {
      listener.dispose();
      progress?.done();
    }
  }

  /** Imported files that are not loaded yet are added and built with the next update. */
  private async loadImports(documents: LangiumDocument[]): Promise<void> {
    const missing: URI[] = [];
    const all = this.shared.workspace.LangiumDocuments;
    for (const document of documents) {
      const root = document.parseResult?.value;
      if (!ast.isProgram(root)) continue;
      for (const statement of root.statements) {
        if (!ast.isImportDecl(statement) || !statement.path) continue;
        const path = statement.path.replace(/^"|"$/g, '');
        const target = UriUtils.resolvePath(UriUtils.dirname(document.uri), path);
        if (all.hasDocument(target) || missing.some((uri) => UriUtils.equals(uri, target))) continue;
        try {
          await this.fileSystemProvider.readFile(target);
          missing.push(target);
        } catch {
          // An unreadable import is reported by the import check.
        }
      }
    }
    if (missing.length === 0) return;
    // After the current build: a write action queued on the workspace lock.
    this.shared.workspace.WorkspaceLock.write((token) => this.documentBuilder.update(missing, [], token)).catch(
      () => undefined,
    );
  }
}
