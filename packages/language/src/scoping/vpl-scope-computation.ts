import {
  type AstNode,
  type AstNodeDescription,
  type Cancellation,
  DefaultScopeComputation,
  type LangiumDocument,
  type LocalSymbols,
  MultiMap,
} from 'langium';
import {
  isForStmt,
  isInlineStream,
  isJoinSource,
  isMergeSource,
  isProgram,
  isStreamDecl,
  type Statement,
} from '../generated/ast.js';
import { declarationLoopValues, expandTemplate, MAX_LOOP_ITERATIONS } from '../utils/declaration-loops.js';
import { topLevelStatements } from './name-resolver.js';

/**
 * Exports every top-level declaration, including those inside declaration loops under each expanded name
 * (`Lane{lane}Trips` in `for lane in 0..3:` is exported as Lane0Trips, Lane1Trips and Lane2Trips, §6.12).
 * Local symbols are only the inline streams of `merge(...)`/`join(...)`; bare names are resolved by
 * VplNameResolver, which knows streams, aliases and record shapes.
 */
export class VplScopeComputation extends DefaultScopeComputation {
  override async collectExportedSymbols(
    document: LangiumDocument,
    _cancelToken?: Cancellation.CancellationToken,
  ): Promise<AstNodeDescription[]> {
    const root = document.parseResult.value;
    const exports: AstNodeDescription[] = [];
    if (!isProgram(root)) return exports;
    const visit = (statements: Statement[], bindings: [string, number][]) => {
      for (const statement of statements) {
        if (isForStmt(statement)) {
          const values = declarationLoopValues(statement);
          if (values && values.count <= MAX_LOOP_ITERATIONS) {
            for (let value = values.from; value <= values.to; value++) {
              visit(statement.body, [...bindings, [statement.variable.name, value]]);
            }
          }
          continue;
        }
        const name = this.nameProvider.getName(statement);
        if (!name) continue;
        let expanded = name;
        for (const [variable, value] of bindings) expanded = expandTemplate(expanded, variable, value);
        exports.push(this.descriptions.createDescription(statement, expanded, document));
        // References inside the loop body use the template name itself (`.context(lane{lane})`).
        if (expanded !== name) exports.push(this.descriptions.createDescription(statement, name, document));
      }
    };
    visit(root.statements, []);
    return exports;
  }

  override async collectLocalSymbols(
    document: LangiumDocument,
    _cancelToken?: Cancellation.CancellationToken,
  ): Promise<LocalSymbols> {
    const symbols = new MultiMap<AstNode, AstNodeDescription>();
    const root = document.parseResult.value;
    if (!isProgram(root)) return symbols;
    for (const statement of topLevelStatements(root)) {
      if (!isStreamDecl(statement)) continue;
      const source = statement.source;
      if (!isMergeSource(source) && !isJoinSource(source)) continue;
      for (const item of source.items) {
        if (isInlineStream(item)) symbols.add(source, this.descriptions.createDescription(item, item.name, document));
      }
    }
    return symbols;
  }
}
