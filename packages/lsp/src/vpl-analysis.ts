import {
  AGGREGATE_BUILTINS,
  ast,
  METHOD_BUILTINS,
  type RecordShape,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  VARIABLE_BUILTINS,
  type VplServices,
} from '@varpulis/language';
import type { IToken } from 'chevrotain';
import { type AstNode, type AstNodeDescription, AstUtils, DocumentState, type LangiumDocument } from 'langium';

/** The identifier the completion probe puts at the cursor. */
export const PLACEHOLDER = '__vpl_cursor__';

/** A type as written in VPL (`str`, `[float]`, `{str: int}`, `Reading`, `int?`). */
export function typeText(type: ast.TypeRef | undefined): string | undefined {
  if (!type) return undefined;
  const base = type.base;
  let text: string;
  if (ast.isPrimitiveType(base)) text = base.name;
  else if (ast.isArrayType(base)) text = `[${typeText(base.element) ?? '?'}]`;
  else if (ast.isMapType(base)) text = `{${typeText(base.key) ?? '?'}: ${typeText(base.value) ?? '?'}}`;
  else if (ast.isTupleType(base)) text = `(${base.elements.map((e) => typeText(e) ?? '?').join(', ')})`;
  else if (ast.isStreamType(base)) text = `Stream<${typeText(base.element) ?? '?'}>`;
  else if (ast.isNamedType(base)) text = base.ref?.$refText ?? '?';
  else text = '?';
  return type.optional ? `${text}?` : text;
}

/** A record shape as a markdown table-ish list: `name: type` per field. */
export function shapeLines(shape: RecordShape): string[] {
  return [...shape.fields.values()].map((field) => `${field.name}: ${typeText(field.type) ?? 'any'}`);
}

/** An event declaration as VPL source (its schema, base fields included). */
export function eventSchema(event: ast.EventDecl, shape: RecordShape): string {
  const header = `event ${event.name}${event.base ? ` extends ${event.base?.$refText}` : ''}:`;
  return [header, ...shapeLines(shape).map((line) => `    ${line}`)].join('\n');
}

const NUMERIC = new Set(['int', 'float']);

/**
 * A best-effort static type of an expression, for hovers and inlay hints: literal types, declared field and variable
 * types, arithmetic (int/float), comparisons and logic (bool), and builtin results. `undefined` when unknown.
 */
export function inferType(expr: AstNode | undefined, services: VplServices, depth = 0): string | undefined {
  if (!expr || depth > 20) return undefined;
  const infer = (e: AstNode | undefined) => inferType(e, services, depth + 1);
  switch (expr.$type) {
    case 'IntLiteral':
      return 'int';
    case 'FloatLiteral':
      return 'float';
    case 'StringLiteral':
      return 'str';
    case 'BoolLiteral':
      return 'bool';
    case 'DurationLiteral':
      return 'duration';
    case 'TimestampLiteral':
      return 'timestamp';
    case 'NullLiteral':
      return 'null';
    case 'ParenExpr':
      return infer((expr as ast.ParenExpr).inner);
    case 'ArrayLiteral': {
      const element = infer((expr as ast.ArrayLiteral).elements[0]);
      return `[${element ?? 'any'}]`;
    }
    case 'MapLiteral':
      return `{str: ${infer((expr as ast.MapLiteral).entries[0]?.value) ?? 'any'}}`;
    case 'RangeExpr':
      return '[int]';
    case 'ComparisonExpr':
    case 'NotExpr':
      return 'bool';
    case 'LogicalExpr':
      return 'bool';
    case 'UnaryExpr':
      return (expr as ast.UnaryExpr).operator === '~' ? 'int' : infer((expr as ast.UnaryExpr).operand);
    case 'IfExpr':
      return infer((expr as ast.IfExpr).then) ?? infer((expr as ast.IfExpr).else);
    case 'BinaryExpr': {
      const binary = expr as ast.BinaryExpr;
      const operator: string = binary.operator;
      const left = infer(binary.left);
      const right = infer(binary.right);
      if (['&', '|', '^', '<<', '>>'].includes(operator)) return 'int';
      if (operator === '+' && left === 'str' && right === 'str') return 'str';
      if (left === 'timestamp' && right === 'duration') return 'timestamp';
      if (left === 'timestamp' && right === 'timestamp' && operator === '-') return 'duration';
      if (left === 'duration' && (right === 'duration' || right === 'int')) return 'duration';
      if (left && right && NUMERIC.has(left) && NUMERIC.has(right))
        return left === 'float' || right === 'float' ? 'float' : 'int';
      if ((left === 'float' && right) || (right === 'float' && left)) return 'float';
      return left && NUMERIC.has(left) ? left : undefined;
    }
    case 'NameRef': {
      const nameRef = expr as ast.NameRef;
      const resolution = services.scoping.NameResolver.resolve(nameRef);
      switch (resolution.kind) {
        case 'field':
          return typeText(resolution.field.type) ?? computedFieldType(nameRef, resolution.field.name, services, depth);
        case 'builtin-variable':
          return VARIABLE_BUILTINS.get(resolution.name)?.result;
        case 'global':
          return ast.isVarDecl(resolution.node)
            ? (typeText(resolution.node.type) ?? infer(resolution.node.value))
            : undefined;
        case 'local': {
          const node = resolution.node;
          if (ast.isParam(node)) return typeText(node.type);
          if (ast.isVarDecl(node)) return typeText(node.type) ?? infer(node.value);
          return undefined;
        }
        case 'alias':
          return aliasTypeName(resolution.binding.node);
        default:
          return undefined;
      }
    }
    case 'MemberAccess': {
      const access = expr as ast.MemberAccess;
      if (ast.isNameRef(access.receiver)) {
        const resolution = services.scoping.NameResolver.resolve(access.receiver);
        if (resolution.kind === 'alias') return typeText(resolution.binding.shape.fields.get(access.member)?.type);
      }
      return undefined;
    }
    case 'CallExpr': {
      const call = expr as ast.CallExpr;
      if (ast.isNameRef(call.callee)) {
        const name = call.callee.target?.$refText;
        const fn = call.callee.target?.ref;
        if (ast.isFnDecl(fn)) return typeText(fn.returnType);
        const inAggregate = AstUtils.getContainerOfType(call, ast.isAggregateOp) !== undefined;
        const builtin =
          (inAggregate ? AGGREGATE_BUILTINS.get(name) : undefined) ??
          SCALAR_BUILTINS.get(name) ??
          TREND_BUILTINS.get(name);
        if (!builtin) return undefined;
        if (['sum', 'min', 'max', 'abs'].includes(name) && call.args[0]) {
          const arg = infer(call.args[0].value);
          if (arg === 'int' || arg === 'float') return arg;
        }
        if (['first', 'last'].includes(name) && inAggregate) return infer(call.args[0]?.value);
        return builtin.result === 'number' ? 'float' : builtin.result;
      }
      if (ast.isMemberAccess(call.callee)) return METHOD_BUILTINS.get(call.callee.member)?.result;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The type of a field computed earlier in the same stream (`.select(x: …)`, `.aggregate(n: …)`, `.emit(x: …)`). */
function computedFieldType(
  nameRef: ast.NameRef,
  name: string,
  services: VplServices,
  depth: number,
): string | undefined {
  const stream = AstUtils.getContainerOfType(nameRef, ast.isStreamDecl);
  if (!stream) return undefined;
  const op = stream.ops.find((o) => AstUtils.streamAst(o).some((n) => n === nameRef));
  const index = op ? stream.ops.indexOf(op) : stream.ops.length;
  for (let i = index - 1; i >= 0; i--) {
    const candidate = stream.ops[i]!;
    const items: { name: string; value?: AstNode }[] = ast.isSelectOp(candidate)
      ? candidate.items
      : ast.isAggregateOp(candidate)
        ? candidate.items
        : ast.isEmitOp(candidate)
          ? candidate.args
          : [];
    const item = items.find((it) => it.name === name);
    if (item?.value) return inferType(item.value, services, depth + 1);
  }
  return undefined;
}

function aliasTypeName(node: AstNode): string | undefined {
  const container = node.$container;
  if (ast.isEventSource(container) || ast.isFollowedBy(container) || ast.isSaseItem(container))
    return container.target?.$refText;
  if (ast.isSequenceStep(node)) return node.target?.$refText;
  if (ast.isInlineStream(node)) return node.name;
  if (ast.isStreamDecl(node) || ast.isEventDecl(node)) return node.name;
  return undefined;
}

/** The significant tokens of a text (layout tokens dropped), from the VPL lexer. */
export function significantTokens(services: VplServices, text: string): IToken[] {
  const { tokens } = services.parser.Lexer.tokenize(text, { mode: 'partial' });
  return tokens.filter((token) => token.tokenType.name !== 'INDENT' && token.tokenType.name !== 'DEDENT');
}

export const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
export const CLOSERS = new Set([')', ']', '}']);

/** The brackets still open at the end of a token list: index of each opener, innermost last. */
export function openBrackets(tokens: readonly IToken[], from = 0): number[] {
  const stack: number[] = [];
  for (let i = from; i < tokens.length; i++) {
    const image = tokens[i]!.image;
    if (tokens[i]!.tokenType.name === 'STRING') continue;
    if (image in OPENERS) stack.push(i);
    else if (CLOSERS.has(image)) stack.pop();
  }
  return stack;
}

/**
 * Where the statement around the end of the token list starts: the last token at column 1 at bracket depth 0 that is
 * not a continuation (`.`, `->`, a closer or an operator), or the first token of the line of a block statement.
 */
export function statementStartIndex(tokens: readonly IToken[]): number {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.tokenType.name !== 'STRING') {
      if (CLOSERS.has(token.image)) depth++;
      else if (token.image in OPENERS) depth = Math.max(0, depth - 1);
    }
    if (depth > 0) continue;
    const previous = tokens[i - 1];
    const startsLine = !previous || (previous.endLine ?? 0) < (token.startLine ?? 0);
    if (!startsLine || !/^[A-Za-z_@]/.test(token.image)) continue;
    if ((token.startColumn ?? 1) === 1) return i;
    if (/^(let|var|const|if|elif|else|for|while|return|emit|fn|stream|event|break|continue)$/.test(token.image))
      return i;
  }
  return 0;
}

/** The text after the statement at `offset`: from the next line that starts a top-level statement at column 0. */
export function restAfterStatement(text: string, offset: number): string {
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) return '';
  const match = /\n(?=[A-Za-z_@#])/.exec(text.slice(lineEnd));
  return match ? text.slice(lineEnd + match.index + 1) : '';
}

/** The closing brackets for the brackets still open in `tokens` (from the statement start). */
export function closersFor(tokens: readonly IToken[], from: number): string {
  return openBrackets(tokens, from)
    .reverse()
    .map((index) => OPENERS[tokens[index]!.image]!)
    .join('');
}

/**
 * Parses a probe text (the cursor's statement completed around a placeholder name) as a throw-away document that
 * stands for the real one: it has the real document's URI, so it sees the same declarations (the real document's
 * and its imports', through the index and the import closure), and returns the placeholder name reference in it.
 * Used for completion inside incomplete code: the probe's syntax tree tells which record shape, aliases and locals
 * are visible at the cursor. The probe is never added to the workspace.
 */
export async function probe(
  services: VplServices,
  document: LangiumDocument,
  probeText: string,
): Promise<ast.NameRef | undefined> {
  // Caches keyed by URI must hold the real document's values, never the probe's.
  services.scoping.NameResolver.globalsOf(document);
  (services.references.ScopeProvider as { visibleDocuments?: (d: LangiumDocument) => unknown }).visibleDocuments?.(
    document,
  );
  const probeDocument = services.shared.workspace.LangiumDocumentFactory.fromString<ast.Program>(
    probeText,
    document.uri,
  );
  // Local symbols (inline streams) and the state the linker expects; global names come from the workspace index.
  probeDocument.localSymbols = await services.references.ScopeComputation.collectLocalSymbols(probeDocument);
  probeDocument.state = DocumentState.ComputedScopes;
  for (const node of AstUtils.streamAllContents(probeDocument.parseResult.value)) {
    if (ast.isNameRef(node) && node.target.$refText === PLACEHOLDER) return node;
  }
  return undefined;
}

/** Declarations of the workspace by type (`EventDecl`, `StreamDecl`, …), from the index. */
export function declarations(services: VplServices, type: string, from?: LangiumDocument): AstNodeDescription[] {
  const seen = new Set<string>();
  // Only what `from` can see (itself and its imports), when the scope provider knows import closures.
  const visible = from
    ? (
        services.references.ScopeProvider as { visibleDocuments?: (d: LangiumDocument) => Set<string> }
      ).visibleDocuments?.(from)
    : undefined;
  return services.shared.workspace.IndexManager.allElements(type, visible)
    .filter((description) => {
      if (description.name.includes('{') || seen.has(description.name)) return false;
      seen.add(description.name);
      return true;
    })
    .toArray();
}

/** Normalises a duration literal (`90s`) to its exact largest units (`1m 30s`), or undefined when already simplest. */
export function normaliseDuration(literal: string): string | undefined {
  const match = /^(\d+)(ns|us|ms|s|m|h|d)$/.exec(literal);
  if (!match) return undefined;
  const factors: Record<string, bigint> = {
    ns: 1n,
    us: 1_000n,
    ms: 1_000_000n,
    s: 1_000_000_000n,
    m: 60_000_000_000n,
    h: 3_600_000_000_000n,
    d: 86_400_000_000_000n,
  };
  let nanos = BigInt(match[1]!) * factors[match[2]!]!;
  if (nanos === 0n) return undefined;
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's', 'ms', 'us', 'ns']) {
    const factor = factors[unit]!;
    if (nanos >= factor) {
      parts.push(`${nanos / factor}${unit}`);
      nanos %= factor;
    }
  }
  const normal = parts.join(' ');
  return normal === literal ? undefined : normal;
}
