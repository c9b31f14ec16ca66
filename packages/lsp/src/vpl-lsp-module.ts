import {
  ALL_CHECK_SETS,
  registerVplValidationChecks,
  type VplAddedServices,
  VplGeneratedModule,
  VplGeneratedSharedModule,
  VplModule,
  VplSharedModule,
} from '@varpulis/language';
import { type DeepPartial, inject, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumServices,
  type PartialLangiumSharedServices,
} from 'langium/lsp';
import { VplCallHierarchyProvider } from './vpl-call-hierarchy.js';
import { VplCodeActionProvider } from './vpl-code-actions.js';
import { VplCodeLensProvider } from './vpl-code-lens.js';
import { VplCommandHandler } from './vpl-commands.js';
import { VplCompletionProvider } from './vpl-completion-provider.js';
import { VplDiagnosticsService } from './vpl-diagnostics.js';
import { VplDocumentLinkProvider } from './vpl-document-links.js';
import { VplDocumentUpdateHandler } from './vpl-document-update-handler.js';
import { VplFormatter } from './vpl-formatter.js';
import { VplHoverProvider } from './vpl-hover-provider.js';
import { VplInlayHintProvider } from './vpl-inlay-hints.js';
import { VplLanguageServer } from './vpl-language-server.js';
import {
  VplDefinitionProvider,
  VplDocumentHighlightProvider,
  VplReferenceFinder,
  VplReferencesProvider,
  VplRenameProvider,
  VplTypeDefinitionProvider,
} from './vpl-references.js';
import { VplSampleRunner } from './vpl-sample-runner.js';
import { VplSemanticTokenProvider } from './vpl-semantic-tokens.js';
import { VplSettingsProvider } from './vpl-settings.js';
import { VplSignatureHelpProvider } from './vpl-signature-help.js';
import { VplDocumentSymbolProvider, VplNodeKindProvider } from './vpl-symbols.js';
import { VplWorkspaceManager } from './vpl-workspace-manager.js';

/** Services the VPL language server adds to Langium's (shared between documents). */
export type VplSharedLspAddedServices = {
  vpl: {
    Settings: VplSettingsProvider;
    Diagnostics: VplDiagnosticsService;
    SampleRunner: VplSampleRunner;
  };
};

export type VplSharedLspServices = LangiumSharedServices & VplSharedLspAddedServices;

/** Services the VPL language server adds per language (analyses shared by several LSP features). */
export type VplLspAddedServices = {
  vplLsp: {
    References: VplReferenceFinder;
  };
};

/** The VPL language's services with the LSP ones (one instance per language server). */
export type VplLspServices = LangiumServices &
  VplAddedServices &
  VplLspAddedServices & { shared: VplSharedLspServices };

/** VPL's overrides and additions to Langium's shared LSP services. */
export const VplSharedLspModule: Module<
  VplSharedLspServices,
  PartialLangiumSharedServices & DeepPartial<VplSharedLspAddedServices>
> = {
  lsp: {
    LanguageServer: (services) => new VplLanguageServer(services),
    NodeKindProvider: () => new VplNodeKindProvider(),
    ExecuteCommandHandler: (services) => new VplCommandHandler(services),
    DocumentUpdateHandler: (services) => new VplDocumentUpdateHandler(services),
  },
  workspace: {
    WorkspaceManager: (services) => new VplWorkspaceManager(services),
  },
  vpl: {
    Settings: (services) => new VplSettingsProvider(services),
    Diagnostics: (services) => new VplDiagnosticsService(services),
    SampleRunner: (services) => new VplSampleRunner(services),
  },
};

/** VPL's LSP feature services: one `vpl-<feature>.ts` file each. */
export const VplLspModule: Module<VplLspServices, PartialLangiumServices & VplLspAddedServices> = {
  lsp: {
    CompletionProvider: (services) => new VplCompletionProvider(services),
    Formatter: (services) => new VplFormatter(services),
    HoverProvider: (services) => new VplHoverProvider(services),
    DefinitionProvider: (services) => new VplDefinitionProvider(services),
    TypeProvider: (services) => new VplTypeDefinitionProvider(services),
    ReferencesProvider: (services) => new VplReferencesProvider(services),
    DocumentHighlightProvider: (services) => new VplDocumentHighlightProvider(services),
    RenameProvider: (services) => new VplRenameProvider(services),
    SignatureHelp: (services) => new VplSignatureHelpProvider(services),
    DocumentSymbolProvider: (services) => new VplDocumentSymbolProvider(services),
    SemanticTokenProvider: (services) => new VplSemanticTokenProvider(services),
    CodeActionProvider: (services) => new VplCodeActionProvider(services),
    CodeLensProvider: (services) => new VplCodeLensProvider(services),
    InlayHintProvider: (services) => new VplInlayHintProvider(services),
    CallHierarchyProvider: (services) => new VplCallHierarchyProvider(services),
    DocumentLinkProvider: () => new VplDocumentLinkProvider(),
  },
  vplLsp: {
    References: (services) => new VplReferenceFinder(services),
  },
};

/**
 * Creates the services of the VPL language server: Langium's default core and LSP modules, the generated VPL
 * module, the VPL core module (parser, scoping, validation) and the VPL LSP module, with VPL's validation checks
 * registered. `context` gives the connection (omit it in tests) and the file system (`NodeFileSystem` or
 * `EmptyFileSystem`).
 */
export function createVplLspServices(context: DefaultSharedModuleContext): {
  shared: VplSharedLspServices;
  Vpl: VplLspServices;
} {
  const shared = inject(
    createDefaultSharedModule(context),
    VplGeneratedSharedModule,
    VplSharedModule,
    VplSharedLspModule,
  );
  const Vpl = inject(createDefaultModule({ shared }), VplGeneratedModule, VplModule, VplLspModule);
  shared.ServiceRegistry.register(Vpl);
  registerVplValidationChecks(Vpl, ALL_CHECK_SETS);
  if (!context.connection) {
    // Without a connection (tests, embedding), nothing waits for the `initialize` handshake.
    shared.workspace.ConfigurationProvider.initialized({});
  }
  return { shared, Vpl };
}
