import { ast } from '@varpulis/language';
import { type AstNode, AstUtils, type LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams, Range } from 'vscode-languageserver';
import { VplCommands } from './protocol.js';
import type { VplLspServices } from './vpl-lsp-module.js';

/**
 * Code lenses on streams (and events and functions): how many places use them (command `vpl.showReferences`, which
 * clients map to their references view), and, when the program has sample input next to it, "Run on sample events"
 * with how many events each stream emits on it (computed by the engine in virtual time; command `vpl.runSample`).
 */
export class VplCodeLensProvider implements CodeLensProvider {
  constructor(private readonly services: VplLspServices) {}

  /** The linked references to every declaration of the workspace, in one pass over all references. */
  private referenceLocations(): Map<AstNode, { uri: string; range: Range }[]> {
    const locations = new Map<AstNode, { uri: string; range: Range }[]>();
    for (const document of this.services.shared.workspace.LangiumDocuments.all) {
      const root = document.parseResult?.value;
      if (!root) continue;
      const uri = document.uri.toString();
      for (const node of AstUtils.streamAst(root)) {
        for (const { reference } of AstUtils.streamReferences(node)) {
          const target = 'ref' in reference ? reference.ref : undefined;
          if (!target || !reference.$refNode) continue;
          const list = locations.get(target) ?? [];
          list.push({ uri, range: reference.$refNode.range });
          locations.set(target, list);
        }
      }
    }
    return locations;
  }

  async provideCodeLens(document: LangiumDocument, _params: CodeLensParams): Promise<CodeLens[]> {
    const settings = await this.services.shared.vpl.Settings.get();
    const root = document.parseResult.value;
    if (!ast.isProgram(root)) return [];
    const lenses: CodeLens[] = [];
    const uri = document.uri.toString();
    const references = settings.codeLens.references
      ? this.referenceLocations()
      : new Map<AstNode, { uri: string; range: Range }[]>();
    const runner = this.services.shared.vpl.SampleRunner;
    const input = settings.codeLens.runSample ? await runner.findInput(document.uri) : undefined;
    const run = input ? await runner.run(document, input) : undefined;
    for (const statement of root.statements) {
      if (
        !(ast.isStreamDecl(statement) || ast.isEventDecl(statement) || ast.isFnDecl(statement)) ||
        !statement.$cstNode
      )
        continue;
      const nameNode = this.services.references.NameProvider.getNameNode(statement);
      const range = { start: statement.$cstNode.range.start, end: statement.$cstNode.range.start };
      if (settings.codeLens.references) {
        const locations = references.get(statement) ?? [];
        const count = locations.length;
        lenses.push({
          range,
          command: {
            title: count === 1 ? '1 reference' : `${count} references`,
            command: VplCommands.showReferences,
            arguments: [uri, nameNode?.range.start ?? range.start, locations],
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
