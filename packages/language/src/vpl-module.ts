import {
  createDefaultCoreModule,
  createDefaultSharedCoreModule,
  type DefaultSharedCoreModuleContext,
  EmptyFileSystem,
  inject,
  type LangiumCoreServices,
  type LangiumSharedCoreServices,
  type Module,
  type PartialLangiumCoreServices,
  type PartialLangiumSharedCoreServices,
} from 'langium';
import { VplGeneratedModule, VplGeneratedSharedModule } from './generated/module.js';
import { VplLexer } from './parser/vpl-lexer.js';
import { createVplParser } from './parser/vpl-parser.js';
import { VplTokenBuilder } from './parser/vpl-token-builder.js';
import { VplValueConverter } from './parser/vpl-value-converter.js';
import { VplNameResolver } from './scoping/name-resolver.js';
import { VplLinker } from './scoping/vpl-linker.js';
import { VplScopeComputation } from './scoping/vpl-scope-computation.js';
import { VplScopeProvider } from './scoping/vpl-scope-provider.js';
import { VplTypeComputer } from './typing/vpl-type-computer.js';
import { ALL_CHECK_SETS } from './validation/all-checks.js';
import { VplDocumentValidator } from './validation/vpl-document-validator.js';
import { VplValidationRegistry } from './validation/vpl-validation-registry.js';
import { registerVplValidationChecks } from './validation/vpl-validator.js';
import { VplIndexManager } from './workspace/vpl-index-manager.js';

/** Services VPL adds to Langium's core services. */
export type VplAddedServices = {
  scoping: {
    NameResolver: VplNameResolver;
  };
  typing: {
    TypeComputer: VplTypeComputer;
  };
};

/** The core (editor-independent) services of VPL. */
export type VplServices = LangiumCoreServices & VplAddedServices;

/** VPL's overrides of Langium's core services. The LSP package composes this module with its own. */
export const VplModule: Module<VplServices, PartialLangiumCoreServices & VplAddedServices> = {
  parser: {
    TokenBuilder: () => new VplTokenBuilder(),
    Lexer: (services) => new VplLexer(services),
    LangiumParser: (services) => createVplParser(services),
    ValueConverter: () => new VplValueConverter(),
  },
  scoping: {
    NameResolver: (services) => new VplNameResolver(services),
  },
  typing: {
    TypeComputer: (services) => new VplTypeComputer(services),
  },
  references: {
    ScopeComputation: (services) => new VplScopeComputation(services),
    ScopeProvider: (services) => new VplScopeProvider(services),
    Linker: (services) => new VplLinker(services),
  },
  validation: {
    DocumentValidator: (services) => new VplDocumentValidator(services),
    ValidationRegistry: (services) => new VplValidationRegistry(services),
  },
};

/** VPL's overrides of Langium's shared (workspace-wide) services. The LSP package composes this module too. */
export const VplSharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
  workspace: {
    IndexManager: (services) => new VplIndexManager(services),
  },
};

/**
 * Creates the core VPL services, without any editor (LSP) services. Pass `{ fileSystemProvider }` to read
 * imported files from disk; the default reads nothing (`EmptyFileSystem`).
 */
export function createVplServices(context: DefaultSharedCoreModuleContext = EmptyFileSystem): {
  shared: LangiumSharedCoreServices;
  Vpl: VplServices;
} {
  const shared = inject(createDefaultSharedCoreModule(context), VplGeneratedSharedModule, VplSharedModule);
  const Vpl = inject(createDefaultCoreModule({ shared }), VplGeneratedModule, VplModule);
  shared.ServiceRegistry.register(Vpl);
  registerVplValidationChecks(Vpl, ALL_CHECK_SETS);
  return { shared, Vpl };
}
