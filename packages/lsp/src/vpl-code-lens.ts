import { ast } from '@varpulis/language';
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { VplCommands } from './protocol.js';
import type { VplLspServices } from './vpl-lsp-module.js';

/**
 * Code lenses on streams (and events and functions): how many places use them (command `vpl.showReferences`, which
 * clients map to their references view), and, when the program has sample input next to it, "Run on sample events"
 * with how many events each stream emits on it (computed by the engine in virtual time; command `vpl.runSample`).
 */
export class VplCodeLensProvider implements CodeLensProvider {
  constructor(private readonly services: VplLspServices) {}

  async provideCodeLens(document: LangiumDocument, _params: CodeLensParams): Promise<CodeLens[]> {
    const settings = await this.services.shared.vpl.Settings.get();
    const root = document.parseResult.value;
    if (!ast.isProgram(root)) return [];
    const lenses: CodeLens[] = [];
    const uri = document.uri.toString();
    const finder = this.services.vplLsp.References;
    const runner = this.services.shared.vpl.SampleRunner;
    const input = settings.codeLens.runSample ? await runner.findInput(document.uri) : undefined;
    const run = input ? await runner.run(document, input) : undefined;
    for (const statement of root.statements) {
      if (!(ast.isStreamDecl(statement) || ast.isEventDecl(statement) || ast.isFnDecl(statement)) || !statement.$cstNode) continue;
      const nameNode = this.services.references.NameProvider.getNameNode(statement);
      const range = { start: statement.$cstNode.range.start, end: statement.$cstNode.range.start };
      if (settings.codeLens.references) {
        const references = finder.occurrences(statement, false);
        lenses.push({
          range,
          command: {
            title: references.length === 1 ? '1 reference' : `${references.length} references`,
            command: VplCommands.showReferences,
            arguments: [uri, nameNode?.range.start ?? range.start, references.map((r) => ({ uri: r.uri, range: r.range }))],
          },
        });
      }
      if (run && ast.isStreamDecl(statement)) {
        const summary = run.streams.find((s) => s.name === statement.name);
        const title =
          run.problems.length > 0 && run.streams.length === 0
            ? '▶ Run on sample events (the program does not run yet)'
            : `▶ Run on sample events: ${summary?.emitted ?? 0} emitted from ${run.events} events`;
        lenses.push({ range, command: { title, command: VplCommands.runSample, arguments: [uri, statement.name] } });
      }
    }
    return lenses;
  }
}
