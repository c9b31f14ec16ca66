import { formatVpl } from '@varpulis/language';
import { DocumentState, URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import {
  type FormatTextParams,
  type FormatTextResult,
  type RunSampleParams,
  type StreamGraphParams,
  VplMethods,
} from './protocol.js';
import { VplCompletionProvider } from './vpl-completion-provider.js';
import type { VplLspServices, VplSharedLspServices } from './vpl-lsp-module.js';
import { selectionRanges } from './vpl-selection-range.js';
import { streamGraph } from './vpl-stream-graph.js';

/**
 * Registers on the connection what Langium's `startLanguageServer` does not: pull diagnostics (and the push filter for
 * clients that pull), configuration from `initializationOptions`, selection ranges, completion resolve and the `vpl/`
 * requests. Must run before `startLanguageServer`, which starts listening.
 */
export function installVplHandlers(connection: Connection, shared: VplSharedLspServices, vpl: VplLspServices): void {
  shared.vpl.Diagnostics.install(connection);
  shared.lsp.LanguageServer.onInitialize((params) => {
    shared.vpl.Settings.setInitializationOptions(params.initializationOptions);
    const pulls = Boolean(params.capabilities.textDocument?.diagnostic);
    shared.vpl.Diagnostics.configure(pulls, false);
  });
  shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate(async () => {
    const settings = await shared.vpl.Settings.get();
    shared.vpl.Diagnostics.setAlwaysPush(settings.diagnostics.alwaysPush);
  });
  connection.onCompletionResolve((item) => {
    const provider = vpl.lsp.CompletionProvider;
    return provider instanceof VplCompletionProvider ? provider.resolve(item) : item;
  });
  const documentAt = async (uri: string, state: DocumentState) => {
    const parsed = URI.parse(uri);
    await shared.workspace.WorkspaceManager.ready;
    const documents = shared.workspace.LangiumDocuments;
    if (!documents.hasDocument(parsed)) return undefined;
    await shared.workspace.DocumentBuilder.waitUntil(state, parsed).catch(() => undefined);
    return documents.getDocument(parsed);
  };
  connection.onSelectionRanges(async (params) => {
    const document = await documentAt(params.textDocument.uri, DocumentState.Parsed);
    return document ? selectionRanges(document, params.positions) : [];
  });
  connection.onRequest(VplMethods.runSample, async (params: RunSampleParams) => {
    const document = await documentAt(params.uri, DocumentState.Validated);
    if (!document) return { events: 0, streams: [], problems: [`Unknown document ${params.uri}`], elapsedMs: 0 };
    return shared.vpl.SampleRunner.run(document, params.inputUri ? URI.parse(params.inputUri) : undefined);
  });
  connection.onRequest(VplMethods.streamGraph, async (params: StreamGraphParams) => {
    const document = await documentAt(params.uri, DocumentState.Linked);
    return document ? streamGraph(shared, document) : { nodes: [], edges: [] };
  });
  connection.onRequest(
    VplMethods.formatText,
    (params: FormatTextParams): unknown => formatVpl(params.text, { services: vpl }) satisfies FormatTextResult,
  );
}
