import {
  ast,
  DURATION_UNITS_NS,
  durationLiteralToNanos,
  type RecordShape,
  typeRefText,
  typeToString,
  type VplServices,
  type VplType,
} from '@varpulis/language';
import type { IToken } from 'chevrotain';
import { type AstNode, type AstNodeDescription, AstUtils, DocumentState, type LangiumDocument } from 'langium';

/** The identifier the completion probe puts at the cursor. */
export const PLACEHOLDER = '__vpl_cursor__';

/** A record shape as a list: `name: type` per field, its declared type, else `typeOf(name)`, else `any`. */
export function shapeLines(shape: RecordShape, typeOf?: (name: string) => string | undefined): string[] {
  return [...shape.fields.values()].map(
    (field) => `${field.name}: ${typeRefText(field.type) ?? typeOf?.(field.name) ?? 'any'}`,
  );
}

/** The types a stream's operations compute for its output fields (`n: count()` is int), for `shapeLines`. */
export function computedTypes(stream: ast.StreamDecl, services: VplServices): (name: string) => string | undefined {
  return (name) => shown(services.typing.TypeComputer.typeOfComputedField(stream, name));
}

/** An event declaration as VPL source (its schema, base fields included). */
export function eventSchema(event: ast.EventDecl, shape: RecordShape): string {
  const header = `event ${event.name}${event.base ? ` extends ${event.base?.$refText}` : ''}:`;
  return [header, ...shapeLines(shape).map((line) => `    ${line}`)].join('\n');
}

/**
 * The static type of an expression as VPL writes it (`float`, `[str]`, `Reading`, `int | float`), for hovers, inlay
 * hints and quick fixes: the language's type computer, or `undefined` where it cannot tell (and for functions).
 */
export function inferType(expr: AstNode | undefined, services: VplServices): string | undefined {
  return shown(services.typing.TypeComputer.typeOf(expr as ast.Expr | undefined));
}

function shown(type: VplType): string | undefined {
  return type.kind === 'unknown' || type.kind === 'function' ? undefined : typeToString(type);
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
  let nanos = durationLiteralToNanos(literal);
  if (!nanos) return undefined;
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's', 'ms', 'us', 'ns']) {
    const factor = DURATION_UNITS_NS[unit]!;
    if (nanos >= factor) {
      parts.push(`${nanos / factor}${unit}`);
      nanos %= factor;
    }
  }
  const normal = parts.join(' ');
  return normal === literal ? undefined : normal;
}
