import { type AstNode, DocumentState, type LangiumDocument, type LangiumSharedCoreServices, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import {
  type CancellationToken,
  type Connection,
  type Diagnostic,
  DiagnosticTag,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';

/** Codes of statements and operations that have no effect: shown faded (`DiagnosticTag.Unnecessary`). */
export const UNNECESSARY_CODES: ReadonlySet<string> = new Set(['VPL-S002', 'VPL-S003', 'VPL-O091']);
/** Codes of deprecated constructs: shown struck through (`DiagnosticTag.Deprecated`). */
export const DEPRECATED_CODES: ReadonlySet<string> = new Set(['VPL-C010', 'VPL-B010']);
/** Duplicate declarations (E001–E007): related information points at the first declaration. */
const DUPLICATE_CODES: ReadonlySet<string> = new Set(['E001', 'E002', 'E003', 'E004', 'E005', 'E006', 'E007']);

/** Adds the LSP-only parts of a VPL diagnostic: tags, the `vpl` source and related information. */
export function decorateDiagnostic(
  diagnostic: Diagnostic,
  document: LangiumDocument,
  shared: LangiumSharedCoreServices,
): Diagnostic {
  const code = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  diagnostic.source ??= 'vpl';
  if (!code) return diagnostic;
  const tags: DiagnosticTag[] = [];
  if (UNNECESSARY_CODES.has(code)) tags.push(DiagnosticTag.Unnecessary);
  if (DEPRECATED_CODES.has(code)) tags.push(DiagnosticTag.Deprecated);
  if (tags.length > 0) diagnostic.tags = tags;
  if (DUPLICATE_CODES.has(code) && !diagnostic.relatedInformation) {
    const name = document.textDocument.getText(diagnostic.range).trim();
    const first = firstDeclaration(name, document, shared);
    if (first && !(first.uri === document.uri.toString() && first.range.start.line === diagnostic.range.start.line)) {
      diagnostic.relatedInformation = [{ location: first, message: `'${name}' is first declared here.` }];
    }
  }
  return diagnostic;
}

function firstDeclaration(name: string, document: LangiumDocument, shared: LangiumSharedCoreServices) {
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const docs = [document, ...shared.workspace.LangiumDocuments.all.filter((d) => d !== document)];
  for (const doc of docs) {
    const root = doc.parseResult?.value as { statements?: AstNode[] } | undefined;
    for (const statement of root?.statements ?? []) {
      if ((statement as { name?: string }).name !== name) continue;
      const nameNode = shared.ServiceRegistry.getServices(doc.uri).references.NameProvider.getNameNode(statement);
      const range = nameNode?.range ?? statement.$cstNode?.range;
      if (range) return { uri: doc.uri.toString(), range };
    }
  }
  return undefined;
}

/**
 * Diagnostics over LSP: every validated document gets its diagnostics decorated ({@link decorateDiagnostic}),
 * pushed (`textDocument/publishDiagnostics`, Langium's default) unless the client pulls them, and served to pulling
 * clients (`textDocument/diagnostic`, `workspace/diagnostic`) with result ids, so unchanged documents are not resent.
 */
export class VplDiagnosticsService {
  private readonly resultIds = new Map<string, string>();
  private generation = 0;
  private pushEnabled = true;
  private clientPulls = false;

  constructor(private readonly shared: LangiumSharedServices) {
    shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, (document) => {
      const diagnostics = document.diagnostics ?? [];
      for (const diagnostic of diagnostics) decorateDiagnostic(diagnostic, document, shared);
      this.resultIds.set(document.uri.toString(), `${++this.generation}`);
    });
    shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
      for (const uri of deleted) this.resultIds.delete(uri.toString());
    });
  }

  /** Called on `initialize`: clients that pull diagnostics do not also get them pushed (unless configured). */
  configure(clientPulls: boolean, alwaysPush: boolean): void {
    this.clientPulls = clientPulls;
    this.pushEnabled = !clientPulls || alwaysPush;
  }

  /** The `vpl.diagnostics.alwaysPush` setting changed. */
  setAlwaysPush(alwaysPush: boolean): void {
    this.pushEnabled = !this.clientPulls || alwaysPush;
  }

  /** Installs the pull handlers and the push filter on a connection (before `startLanguageServer`). */
  install(connection: Connection): void {
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = (params) => {
      if (!this.pushEnabled) return Promise.resolve();
      // The version of the text the diagnostics were computed on, so clients can drop stale ones.
      const version =
        params.version ??
        this.shared.workspace.LangiumDocuments.getDocument(URI.parse(params.uri))?.textDocument.version;
      return send(version === undefined ? params : { ...params, version });
    };
    connection.languages.diagnostics.on((params, token) =>
      this.documentReport(params.textDocument.uri, params.previousResultId, token),
    );
    connection.languages.diagnostics.onWorkspace((params, token) =>
      this.workspaceReport(params.previousResultIds, token),
    );
    this.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, () => {
      // Other documents may have changed with this one (imports): ask pulling clients to pull again.
      if (this.clientPulls) connection.languages.diagnostics.refresh().catch(() => undefined);
    });
  }

  async documentReport(
    uriText: string,
    previousResultId: string | undefined,
    token: CancellationToken,
  ): Promise<DocumentDiagnosticReport> {
    const uri = URI.parse(uriText);
    const document = await this.validated(uri, token);
    if (!document) return { kind: 'full', items: [] };
    const resultId = this.resultIds.get(uriText);
    if (resultId && previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', items: document.diagnostics ?? [], ...(resultId ? { resultId } : {}) };
  }

  async workspaceReport(
    previous: { uri: string; value: string }[],
    token: CancellationToken,
  ): Promise<WorkspaceDiagnosticReport> {
    const builder = this.shared.workspace.DocumentBuilder;
    await this.shared.workspace.WorkspaceManager.ready;
    await builder.waitUntil(DocumentState.Validated, token).catch(() => undefined);
    const previousIds = new Map(previous.map((entry) => [entry.uri, entry.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const document of this.shared.workspace.LangiumDocuments.all) {
      if (document.state < DocumentState.Validated) continue;
      const uri = document.uri.toString();
      const resultId = this.resultIds.get(uri) ?? '0';
      const version = this.shared.workspace.TextDocuments.get(uri)?.version ?? null;
      if (previousIds.get(uri) === resultId) items.push({ kind: 'unchanged', uri, resultId, version });
      else items.push({ kind: 'full', uri, resultId, version, items: document.diagnostics ?? [] });
    }
    return { items };
  }

  private async validated(uri: URI, token: CancellationToken): Promise<LangiumDocument | undefined> {
    const documents = this.shared.workspace.LangiumDocuments;
    await this.shared.workspace.WorkspaceManager.ready;
    if (!documents.hasDocument(uri)) return undefined;
    try {
      await this.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
    } catch {
      // A document that is not validated in this build (never opened, not in the workspace): validate it now.
      const document = documents.getDocument(uri);
      if (!document) return undefined;
      await this.shared.workspace.WorkspaceLock.write((cancel) =>
        this.shared.workspace.DocumentBuilder.build([document], { validation: true }, cancel),
      );
    }
    return documents.getDocument(uri);
  }
}
