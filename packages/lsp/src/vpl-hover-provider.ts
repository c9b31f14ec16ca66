import {
  AGGREGATE_BUILTINS,
  ast,
  METHOD_BUILTINS,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  typeRefText,
  typeToString,
  VARIABLE_BUILTINS,
} from '@varpulis/language';
import { type AstNode, AstUtils, CstUtils, GrammarAST, type LangiumDocument, type LeafCstNode } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import { type Hover, type HoverParams, MarkupKind } from 'vscode-languageserver';
import { CONNECTOR_KINDS, KEYWORD_DOCS } from './docs/keywords.js';
import { FROM_DOC, OPERATION_DOCS } from './docs/operations.js';
import { computedTypes, eventSchema, inferType, normaliseDuration, shapeLines } from './vpl-analysis.js';
import { builtinMarkdown } from './vpl-completion-provider.js';
import type { VplLspServices } from './vpl-lsp-module.js';

const fence = (code: string) => `\`\`\`vpl\n${code}\n\`\`\``;

/**
 * Hovers for VPL: the documentation of every keyword, operation and builtin; the schema of an event type; the output
 * shape of a stream; the type of a field, variable or expression; what a name resolves to (field, alias, global,
 * built-in variable); the exact value of a duration literal.
 */
export class VplHoverProvider implements HoverProvider {
  constructor(private readonly services: VplLspServices) {}

  getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = document.textDocument.offsetAt(params.position);
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    if (!leaf || leaf.hidden) return undefined;
    const value = this.markdown(leaf);
    if (!value) return undefined;
    return { contents: { kind: MarkupKind.Markdown, value }, range: leaf.range };
  }

  /** The hover text for the token under the cursor (exported for the tests through the provider). */
  markdown(leaf: LeafCstNode): string | undefined {
    const node = leaf.astNode;
    const text = leaf.text;
    if (GrammarAST.isKeyword(leaf.grammarSource)) {
      const keyword = this.keywordHover(leaf, node);
      if (keyword) return keyword;
    }
    if (ast.isDurationLiteral(node)) {
      const normal = normaliseDuration(text);
      return `${fence(`${text}: duration`)}${normal ? `\n= ${normal}` : ''}`;
    }
    if (ast.isNameRef(node)) return this.nameRefHover(node);
    if (ast.isTrendItem(node) && text === node.function) {
      const trend = TREND_BUILTINS.get(text);
      return trend ? builtinMarkdown(trend) : `${fence(text)}\nNot a trend-aggregate function (VPL-O162).`;
    }
    if (ast.isMemberAccess(node) && text === node.member) return this.memberHover(node);
    const declaration = this.declarationHover(node, text);
    if (declaration) return declaration;
    // A cross-reference other than a bare name: describe its target.
    const reference = referenceAt(node, leaf);
    if (reference) {
      const target = reference.ref;
      if (target) return this.targetHover(target);
      if (ast.isEventSource(node) || ast.isFollowedBy(node) || ast.isNotOp(node) || ast.isSaseItem(node)) {
        return `${fence(`event ${text}`)}\nAn event type without a declaration: its fields cannot be checked (W030).`;
      }
    }
    const type = /^[A-Za-z0-9_"@]/.test(text) ? inferType(node, this.services) : undefined;
    if (type && isExpression(node)) return fence(`${text}: ${type}`);
    return undefined;
  }

  private keywordHover(leaf: LeafCstNode, node: AstNode): string | undefined {
    const word = leaf.text;
    const previous = CstUtils.getPreviousNode(leaf, true);
    const afterDot = previous && (previous.text === '.' || (previous as LeafCstNode).tokenType?.name === 'OP_DOT');
    if (afterDot && word === 'from') return `${fence(FROM_DOC.signature)}\n${FROM_DOC.doc}`;
    if (afterDot || isDotOp(node)) {
      const op = OPERATION_DOCS.get(word);
      if (op && isDotOp(node)) {
        const status =
          op.status === 'not-implemented'
            ? '\n\n*Not implemented (E090).*'
            : op.status === 'no-effect'
              ? '\n\n*Has no effect (VPL-O091).*'
              : '';
        return `${fence(op.signature)}\n${op.doc}${status}`;
      }
    }
    if (ast.isPrimitiveType(node)) return `${fence(word)}\n${KEYWORD_DOCS[word]?.doc ?? ''}`;
    if (ast.isConnectorDecl(node) && word === node.kind) return this.connectorKindHover(word);
    const doc = KEYWORD_DOCS[word];
    return doc ? `**${word}**\n\n${doc.doc}` : undefined;
  }

  private connectorKindHover(kind: string): string | undefined {
    const doc = CONNECTOR_KINDS.find((k) => k.kind === kind);
    if (!doc) return `${fence(kind)}\nAn unknown connector kind (warning VPL-C001).`;
    return `${fence(`connector kind ${kind}`)}\n${doc.doc}\n\nParameters: ${doc.params.map((p) => `\`${p.name}: ${p.type}\``).join(', ') || 'none'}.`;
  }

  private nameRefHover(nameRef: ast.NameRef): string | undefined {
    const name = nameRef.target?.$refText;
    const call =
      ast.isCallExpr(nameRef.$container) && nameRef.$container.callee === nameRef ? nameRef.$container : undefined;
    if (call) {
      const target = nameRef.target?.ref;
      if (ast.isFnDecl(target)) return this.targetHover(target);
      const inAggregate = AstUtils.getContainerOfType(call, ast.isAggregateOp) !== undefined;
      const builtin =
        (inAggregate ? AGGREGATE_BUILTINS.get(name) : undefined) ??
        SCALAR_BUILTINS.get(name) ??
        AGGREGATE_BUILTINS.get(name);
      if (builtin) return builtinMarkdown(builtin);
      return `${fence(`${name}(…)`)}\nNot a declared function or a builtin (E050).`;
    }
    const resolution = this.services.scoping.NameResolver.resolve(nameRef);
    switch (resolution.kind) {
      case 'field': {
        const field = resolution.field;
        const owner = field.declaration?.$container;
        const of = ast.isEventDecl(owner) ? ` of event \`${owner.name}\`` : '';
        return `${fence(`${name}: ${typeRefText(field.type) ?? inferType(nameRef, this.services) ?? 'any'}`)}\nField${of}.`;
      }
      case 'alias': {
        const binding = resolution.binding;
        const what = binding.kind === 'join-input' ? 'Join input' : binding.kind === 'step' ? 'Sequence step' : 'Alias';
        return `${fence(`${name}: ${typeAt(binding.node) ?? 'event'}`)}\n${what}; fields: ${
          shapeLines(binding.shape)
            .map((l) => `\`${l}\``)
            .join(', ') || 'unknown (no declared schema)'
        }.`;
      }
      case 'global':
        return this.targetHover(resolution.node);
      case 'local':
        return this.targetHover(resolution.node);
      case 'builtin-variable': {
        const builtin = VARIABLE_BUILTINS.get(name);
        return builtin ? builtinMarkdown(builtin) : undefined;
      }
      case 'unverifiable':
        return `${fence(`${name}: any`)}\nRead as a field of an event type without a declared schema: it cannot be checked and is null on events that lack it.`;
      case 'unknown':
        return `${fence(name)}\nUnknown name: not a field of this record, nor a local, alias, global or built-in variable (VPL-N001).`;
      default: {
        const target = nameRef.target?.ref;
        return target ? this.targetHover(target) : undefined;
      }
    }
  }

  private memberHover(access: ast.MemberAccess): string | undefined {
    if (ast.isCallExpr(access.$container) && access.$container.callee === access) {
      const method = METHOD_BUILTINS.get(access.member);
      if (method) return builtinMarkdown(method);
    }
    if (ast.isNameRef(access.receiver)) {
      const resolution = this.services.scoping.NameResolver.resolve(access.receiver);
      if (resolution.kind === 'alias') {
        const field = resolution.binding.shape.fields.get(access.member);
        if (field)
          return `${fence(`${access.receiver.target?.$refText}.${access.member}: ${typeRefText(field.type) ?? 'any'}`)}\nField of \`${typeAt(resolution.binding.node) ?? access.receiver.target?.$refText}\`.`;
      }
    }
    const type = inferType(access, this.services);
    return type ? fence(`${access.member}: ${type}`) : undefined;
  }

  /** The hover of a declaration's name (the cursor on `Reading` in `event Reading:`). */
  private declarationHover(node: AstNode, text: string): string | undefined {
    if (
      (ast.isEventDecl(node) ||
        ast.isStreamDecl(node) ||
        ast.isFnDecl(node) ||
        ast.isVarDecl(node) ||
        ast.isConnectorDecl(node) ||
        ast.isPatternDecl(node) ||
        ast.isContextDecl(node) ||
        ast.isTypeDecl(node) ||
        ast.isFieldDecl(node) ||
        ast.isParam(node)) &&
      node.name === text
    ) {
      return this.targetHover(node);
    }
    if ((ast.isAlias(node) || ast.isSequenceStep(node) || ast.isInlineStream(node)) && node.name === text) {
      return `${fence(`${text}: ${typeAt(node) ?? 'event'}`)}\nAlias bound by this stream.`;
    }
    if (
      (ast.isNamedArg(node) || ast.isSelectItem(node) || ast.isAggregateItem(node) || ast.isTrendItem(node)) &&
      node.name === text
    ) {
      const type = this.services.typing.TypeComputer.typeOfOutputItem(node);
      return `${fence(`${text}: ${type.kind === 'unknown' ? 'any' : typeToString(type)}`)}\nOutput field.`;
    }
    return undefined;
  }

  private targetHover(target: AstNode): string | undefined {
    const streams = this.services.scoping.NameResolver.streams;
    if (ast.isEventDecl(target)) return fence(eventSchema(target, streams.targetShape(target, target.name)));
    if (ast.isStreamDecl(target)) {
      const output = streams.contextsOf(target).output;
      const fields = shapeLines(output, computedTypes(target, this.services));
      const source = target.source?.$cstNode?.text.split('\n')[0] ?? ''; // no source in broken text
      return `${fence(`stream ${target.name} = ${source}`)}\nOutput: ${fields.length ? fields.map((l) => `\`${l}\``).join(', ') : output.opaque ? 'the events its function emits' : 'the events of its source, unchanged'}${output.known ? '' : ' (not checked: no declared schema upstream)'}.`;
    }
    if (ast.isPatternDecl(target))
      return `${fence(target.$cstNode?.text ?? `pattern ${target.name}`)}\nA SASE+ pattern declaration.`;
    if (ast.isFnDecl(target)) {
      return fence(
        `fn ${target.name}(${target.params.map((p) => `${p.name}: ${typeRefText(p.type)}`).join(', ')})${target.returnType ? ` -> ${typeRefText(target.returnType)}` : ''}`,
      );
    }
    if (ast.isVarDecl(target)) {
      const type = typeRefText(target.type) ?? inferType(target.value, this.services);
      return fence(
        `${target.kind} ${target.name}${type ? `: ${type}` : ''} = ${target.value?.$cstNode?.text ?? ''}`.slice(0, 300),
      );
    }
    if (ast.isConnectorDecl(target))
      return `${fence(target.$cstNode?.text ?? target.name)}\n${CONNECTOR_KINDS.find((k) => k.kind === target.kind)?.doc ?? 'Connector.'}`;
    if (ast.isContextDecl(target)) return fence(target.$cstNode?.text ?? `context ${target.name}`);
    if (ast.isTypeDecl(target)) return fence(`type ${target.name} = ${typeRefText(target.type)}`);
    if (ast.isFieldDecl(target)) {
      const owner = target.$container;
      return `${fence(`${target.name}: ${typeRefText(target.type)}`)}\nField of event \`${ast.isEventDecl(owner) ? owner.name : '?'}\`.`;
    }
    if (ast.isParam(target)) return `${fence(`${target.name}: ${typeRefText(target.type)}`)}\nParameter.`;
    if (ast.isAlias(target) || ast.isSequenceStep(target))
      return `${fence(`${target.name}: ${typeAt(target) ?? 'event'}`)}\nAlias.`;
    if (ast.isLoopVariable(target) || ast.isLambdaParam(target)) return fence(target.name);
    return undefined;
  }
}

function typeAt(node: AstNode): string | undefined {
  const container = node.$container;
  if (ast.isEventSource(container) || ast.isFollowedBy(container) || ast.isSaseItem(container))
    return container.target?.$refText;
  if (ast.isSequenceStep(node) || ast.isInlineStream(node)) return node.target?.$refText;
  if (ast.isStreamDecl(node) || ast.isEventDecl(node)) return node.name;
  return undefined;
}

function isDotOp(node: AstNode): boolean {
  return node.$type.endsWith('Op') && ast.isStreamDecl(node.$container);
}

function isExpression(node: AstNode): boolean {
  return /Literal$|Expr$|^NameRef$|^MemberAccess$/.test(node.$type);
}

function referenceAt(node: AstNode, leaf: LeafCstNode) {
  for (const [, value] of Object.entries(node)) {
    if (
      value &&
      typeof value === 'object' &&
      '$refText' in value &&
      (value as { $refNode?: { offset: number } }).$refNode?.offset === leaf.offset
    ) {
      return value as { ref?: AstNode; $refText: string };
    }
  }
  return undefined;
}
