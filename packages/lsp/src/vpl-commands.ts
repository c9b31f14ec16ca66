import { URI } from 'langium';
import { AbstractExecuteCommandHandler, type ExecuteCommandAcceptor } from 'langium/lsp';
import { VplCommands } from './protocol.js';
import type { VplSharedLspServices } from './vpl-lsp-module.js';

/**
 * The server's commands: `vpl.runSample` runs a program on its sample events and returns the summary;
 * `vpl.showReferences` (the reference-count lenses) returns the locations it was given, for clients without a
 * references view of their own (editors with one handle the command themselves).
 */
export class VplCommandHandler extends AbstractExecuteCommandHandler {
  constructor(private readonly shared: VplSharedLspServices) {
    super();
  }

  registerCommands(acceptor: ExecuteCommandAcceptor): void {
    acceptor(VplCommands.showReferences, (args) => args[2] ?? []);
    acceptor(VplCommands.runSample, async (args) => {
      const [uri, inputUri] = args as [string, string | undefined];
      const document = this.shared.workspace.LangiumDocuments.getDocument(URI.parse(String(uri)));
      if (!document) return { events: 0, streams: [], problems: [`Unknown document ${uri}`], elapsedMs: 0 };
      const input =
        typeof inputUri === 'string' && inputUri.includes(':') && !/^[A-Z][A-Za-z0-9_]*$/.test(inputUri)
          ? URI.parse(inputUri)
          : undefined;
      return this.shared.vpl.SampleRunner.run(document, input);
    });
  }
}
