import { AGGREGATE_BUILTINS, ast, SCALAR_BUILTINS } from '@varpulis/language';
import {
  type AstNode,
  AstUtils,
  type CstNode,
  GrammarAST,
  isCompositeCstNode,
  type LeafCstNode,
  type Reference,
} from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import type { SemanticTokensOptions } from 'vscode-languageserver';
import type { VplLspServices } from './vpl-lsp-module.js';

/**
 * The semantic token legend of VPL, in LSP's standard token types so every theme colours them:
 * `event` streams, `struct` event types, `property` fields (declared, read and emitted), `variable` aliases
 * (`readonly`) and variables, `parameter`, `function` (`defaultLibrary` for builtins), `method` stream operations and
 * collection methods, `namespace` connectors and contexts, `interface` patterns, `type` primitive types and connector
 * kinds, `number` numbers, durations and timestamps, `string`, `keyword`. Modifiers: `declaration`, `readonly`,
 * `defaultLibrary`, `deprecated`.
 */
export const VPL_TOKEN_TYPES = {
  stream: 'event',
  eventType: 'struct',
  field: 'property',
  alias: 'variable',
  variable: 'variable',
  parameter: 'parameter',
  function: 'function',
  operation: 'method',
  connector: 'namespace',
  context: 'namespace',
  pattern: 'interface',
  type: 'type',
  number: 'number',
  duration: 'number',
  string: 'string',
  keyword: 'keyword',
} as const;

const T = VPL_TOKEN_TYPES;

/** Semantic tokens (full, range and delta) for VPL. */
export class VplSemanticTokenProvider extends AbstractSemanticTokenProvider {
  private readonly emitted = new Set<number>();

  constructor(private readonly vpl: VplLspServices) {
    super(vpl);
  }

  override get semanticTokensOptions(): SemanticTokensOptions {
    return { ...super.semanticTokensOptions, full: { delta: true }, range: true };
  }

  protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
    const accept = (cst: LeafCstNode | undefined, type: string, modifier?: string | string[]) => {
      if (!cst || this.emitted.has(cst.offset)) return;
      this.emitted.add(cst.offset);
      acceptor({ cst, type, ...(modifier ? { modifier } : {}) });
    };
    const nameLeaf = (target: AstNode) => {
      const nameNode = this.vpl.references.NameProvider.getNameNode(target);
      return nameNode ? firstLeafOf(nameNode) : undefined;
    };
    const refLeaf = (reference: Reference | undefined) => reference?.$refNode as LeafCstNode | undefined;
    const byTarget = (reference: Reference | undefined, fallback: string = T.eventType) => {
      const target = reference?.ref;
      const type =
        ast.isStreamDecl(target) || ast.isInlineStream(target)
          ? T.stream
          : ast.isPatternDecl(target)
            ? T.pattern
            : fallback;
      accept(refLeaf(reference), type);
    };

    switch (node.$type) {
      case 'Program':
        this.emitted.clear();
        this.keywords(node, accept);
        return;
      case 'EventDecl':
        accept(nameLeaf(node), T.eventType, 'declaration');
        byTarget((node as ast.EventDecl).base);
        break;
      case 'FieldDecl':
        accept(nameLeaf(node), T.field, 'declaration');
        break;
      case 'StreamDecl':
        accept(nameLeaf(node), T.stream, 'declaration');
        break;
      case 'InlineStream':
        accept(nameLeaf(node), T.stream, 'declaration');
        byTarget((node as ast.InlineStream).target);
        break;
      case 'EventSource':
      case 'FollowedBy':
      case 'NotOp':
      case 'SaseItem':
      case 'SourceRef':
        byTarget((node as ast.EventSource).target);
        break;
      case 'SequenceStep':
        accept(nameLeaf(node), T.alias, ['declaration', 'readonly']);
        byTarget((node as ast.SequenceStep).target);
        break;
      case 'ConnectorSource':
        byTarget((node as ast.ConnectorSource).event);
        accept(refLeaf((node as ast.ConnectorSource).connector), T.connector);
        break;
      case 'Alias':
        accept(nameLeaf(node), T.alias, ['declaration', 'readonly']);
        break;
      case 'ConnectorDecl': {
        accept(nameLeaf(node), T.connector, 'declaration');
        const kind = GrammarAstFind(node, 'kind');
        if (kind) accept(kind, T.type, 'defaultLibrary');
        break;
      }
      case 'ToOp':
      case 'EnrichOp':
        accept(refLeaf((node as ast.ToOp).connector), T.connector);
        break;
      case 'ContextDecl':
        accept(nameLeaf(node), T.context, 'declaration');
        break;
      case 'ContextOp':
        accept(refLeaf((node as ast.ContextOp).context), T.context);
        break;
      case 'PatternDecl':
        accept(nameLeaf(node), T.pattern, 'declaration');
        break;
      case 'FnDecl':
        accept(nameLeaf(node), T.function, 'declaration');
        break;
      case 'Param':
      case 'LambdaParam':
      case 'LoopVariable':
        accept(nameLeaf(node), T.parameter, 'declaration');
        break;
      case 'VarDecl':
        accept(
          nameLeaf(node),
          T.variable,
          (node as ast.VarDecl).kind === 'var' ? 'declaration' : ['declaration', 'readonly'],
        );
        break;
      case 'TypeDecl':
        accept(nameLeaf(node), T.type, 'declaration');
        break;
      case 'PrimitiveType':
        accept(firstLeaf(node), T.type, 'defaultLibrary');
        break;
      case 'NamedType':
        byTarget((node as ast.NamedType).ref, T.type);
        break;
      case 'EmitOp':
        byTarget((node as ast.EmitOp).asType);
        break;
      case 'EmitStmt':
        byTarget((node as ast.EmitStmt).type);
        break;
      case 'NamedArg':
      case 'SelectItem':
      case 'AggregateItem':
      case 'TrendItem':
        if (!(ast.isNamedArg(node) && !(ast.isEmitOp(node.$container) || ast.isEmitStmt(node.$container))))
          accept(firstLeaf(node), T.field, 'declaration');
        if (ast.isTrendItem(node)) accept(GrammarAstFind(node, 'function'), T.function, 'defaultLibrary');
        break;
      case 'NameRef':
        this.nameRef(node as ast.NameRef, accept);
        break;
      case 'MemberAccess': {
        const access = node as ast.MemberAccess;
        const leaf = GrammarAstFind(access, 'member');
        const isCall = ast.isCallExpr(access.$container) && access.$container.callee === access;
        accept(leaf, isCall ? T.operation : T.field);
        break;
      }
      case 'DurationLiteral':
      case 'TimestampLiteral':
      case 'IntLiteral':
      case 'FloatLiteral':
        accept(firstLeaf(node), node.$type === 'DurationLiteral' ? T.duration : T.number);
        break;
    }
  }

  /** Keywords (one pass over the document's tokens): stream operations as methods, the rest as keywords. */
  private keywords(
    program: AstNode,
    accept: (leaf: LeafCstNode | undefined, type: string, modifier?: string | string[]) => void,
  ): void {
    const cst = program.$cstNode;
    if (!cst) return;
    let previous: LeafCstNode | undefined;
    for (const leaf of leaves(cst)) {
      const source = leaf.grammarSource;
      if (GrammarAST.isKeyword(source) && /^[A-Za-z_]/.test(leaf.text)) {
        const rule = AstUtils.getContainerOfType(source, GrammarAST.isParserRule)?.name;
        if (rule !== 'Name' && rule !== 'AnyName' && !ast.isPrimitiveType(leaf.astNode)) {
          const afterDot = previous?.tokenType?.name === 'OP_DOT';
          accept(leaf, afterDot ? T.operation : T.keyword, afterDot ? 'defaultLibrary' : undefined);
        }
      }
      previous = leaf;
    }
  }

  private nameRef(
    nameRef: ast.NameRef,
    accept: (leaf: LeafCstNode | undefined, type: string, modifier?: string | string[]) => void,
  ): void {
    const leaf = nameRef.target.$refNode as LeafCstNode | undefined;
    const name = nameRef.target?.$refText;
    const isCallee = ast.isCallExpr(nameRef.$container) && nameRef.$container.callee === nameRef;
    const resolution = this.vpl.scoping.NameResolver.resolve(nameRef);
    switch (resolution.kind) {
      case 'field':
        accept(leaf, T.field);
        return;
      case 'alias':
        accept(leaf, T.alias, 'readonly');
        return;
      case 'builtin-variable':
        accept(
          leaf,
          T.variable,
          name === 'forecast_expected_time'
            ? ['readonly', 'defaultLibrary', 'deprecated']
            : ['readonly', 'defaultLibrary'],
        );
        return;
      case 'global':
        if (ast.isFnDecl(resolution.node)) accept(leaf, T.function);
        else accept(leaf, T.variable, resolution.node.kind === 'var' ? undefined : 'readonly');
        return;
      case 'local':
        accept(leaf, ast.isVarDecl(resolution.node) ? T.variable : T.parameter);
        return;
      default: {
        const target = nameRef.target?.ref;
        if (isCallee && (SCALAR_BUILTINS.has(name) || AGGREGATE_BUILTINS.has(name)) && !target)
          accept(leaf, T.function, 'defaultLibrary');
        else if (ast.isFnDecl(target)) accept(leaf, T.function);
        else if (ast.isStreamDecl(target) || ast.isInlineStream(target)) accept(leaf, T.stream);
        else if (ast.isEventDecl(target)) accept(leaf, T.eventType);
        else if (ast.isConnectorDecl(target) || ast.isContextDecl(target)) accept(leaf, T.connector);
        else if (ast.isParam(target) || ast.isLambdaParam(target) || ast.isLoopVariable(target))
          accept(leaf, T.parameter);
      }
    }
  }
}

function firstLeafOf(cst: CstNode): LeafCstNode | undefined {
  let current: CstNode | undefined = cst;
  while (current && isCompositeCstNode(current)) current = current.content.find((child) => !child.hidden);
  return current as LeafCstNode | undefined;
}

function firstLeaf(node: AstNode): LeafCstNode | undefined {
  let cst: CstNode | undefined = node.$cstNode;
  while (cst && isCompositeCstNode(cst)) cst = cst.content.find((child) => !child.hidden);
  return cst as LeafCstNode | undefined;
}

/** The leaves of a CST in order (a plain recursive walk: Langium's streams allocate too much for whole documents). */
function* leaves(cst: CstNode): Generator<LeafCstNode> {
  if (isCompositeCstNode(cst)) {
    for (const child of cst.content) yield* leaves(child);
  } else {
    yield cst as LeafCstNode;
  }
}

/** The leaf of a node's property (a name written as text, not a reference). */
function GrammarAstFind(node: AstNode, property: string): LeafCstNode | undefined {
  const cst = node.$cstNode;
  if (!cst) return undefined;
  for (const leaf of leaves(cst)) {
    const source = leaf.grammarSource;
    const assignment = source && AstUtils.getContainerOfType(source, GrammarAST.isAssignment);
    if (assignment?.feature === property && leaf.astNode === node) return leaf;
  }
  return undefined;
}
