import { ast, type RecordShape, typeToString, type VplType } from '@varpulis/language';
import { type AstNode, AstUtils, type LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Command,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { VplLspServices } from './vpl-lsp-module.js';

/** Connector kinds recognised from a deprecated `config` block's keys. */
const CONFIG_KINDS: readonly [string, string[]][] = [
  ['kafka', ['brokers', 'group_id']],
  ['nats', ['servers', 'queue_group']],
  ['mqtt', ['host', 'port', 'client_id']],
  ['http', ['url', 'base_url', 'method']],
];

/**
 * Quick fixes for diagnostics with an obvious repair, and refactorings:
 *
 * - unknown names (VPL-N001, VPL-N003, VPL-T003): the suggested name the diagnostic carries (`data.suggestion`);
 * - a missing alias (VPL-N003 on `x.f`): `as x` on an unaliased source or `->` step before the use;
 * - a join without `.on(...)` (VPL-J001): add one relating the inputs (on a field they share, when known);
 * - `//` comments (VPL-L001) → `#`; single-quoted strings (VPL-L002) → double quotes;
 * - deprecated names (VPL-B010 → its replacement; VPL-C010 `config` → a `connector` when the kind is recognisable);
 * - documentation-style pattern syntax (VPL-P020) → VPL (`SEQ(...)`, `where`, `AND`/`OR`/`NOT`, `all`);
 * - `.tap(...)` that has no effect (VPL-O091): remove it;
 * - an undeclared event type (W030): declare it from its usage (the fields read from it, with inferred types);
 * - refactors: declare an event type from its usage; extract the first operations of a stream into a sub-stream.
 */
export class VplCodeActionProvider implements CodeActionProvider {
  constructor(private readonly services: VplLspServices) {}

  getCodeActions(document: LangiumDocument, params: CodeActionParams): Array<Command | CodeAction> {
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const action = this.quickFix(document, diagnostic);
      if (action) actions.push(...(Array.isArray(action) ? action : [action]));
    }
    const only = params.context.only;
    if (!only || only.some((kind) => kind.startsWith(CodeActionKind.Refactor))) {
      actions.push(...this.refactors(document, params.range, actions));
    }
    return actions;
  }

  private quickFix(document: LangiumDocument, diagnostic: Diagnostic): CodeAction | CodeAction[] | undefined {
    const text = document.textDocument.getText(diagnostic.range);
    const data = diagnostic.data as { suggestion?: string; replacement?: string } | undefined;
    const fix = (title: string, edits: TextEdit[], preferred = true): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: preferred,
      edit: { changes: { [document.uri.toString()]: edits } },
    });
    switch (diagnostic.code) {
      case 'VPL-N001':
      case 'VPL-N003':
      case 'VPL-T003':
      case 'E050': {
        const rename =
          data?.suggestion && /^[A-Za-z_]\w*$/.test(data.suggestion)
            ? fix(`Change '${text}' to '${data.suggestion}'`, [{ range: diagnostic.range, newText: data.suggestion }])
            : undefined;
        if (diagnostic.code !== 'VPL-N003') return rename;
        const aliases = this.addMissingAlias(document, diagnostic, text, !rename);
        return rename ? [rename, ...aliases] : aliases;
      }
      case 'VPL-B010': {
        const replacement = data?.replacement ?? (text === 'forecast_expected_time' ? 'forecast_time' : undefined);
        return replacement
          ? fix(`Replace the deprecated '${text}' with '${replacement}'`, [
              { range: diagnostic.range, newText: replacement },
            ])
          : undefined;
      }
      case 'VPL-L001':
        return fix("Use a '#' comment", [
          {
            range: {
              start: diagnostic.range.start,
              end: { line: diagnostic.range.start.line, character: diagnostic.range.start.character + 2 },
            },
            newText: '#',
          },
        ]);
      case 'VPL-L002': {
        if (!/^'.*'$/.test(text)) return undefined;
        const inner = text
          .slice(1, -1)
          .replace(/\\'/g, "'")
          .replace(/(?<!\\)"/g, '\\"');
        return fix('Use double quotes', [{ range: diagnostic.range, newText: `"${inner}"` }]);
      }
      case 'VPL-J001':
        return this.addJoinCondition(document, diagnostic, fix);
      case 'VPL-C010':
        return this.configToConnector(document, diagnostic, fix);
      case 'VPL-P020':
        return this.docStylePattern(document, diagnostic, fix);
      case 'VPL-O091':
        return this.removeOperation(document, diagnostic, fix);
      case 'W030': {
        const declaration = this.declareEventFromUsage(document, text);
        return declaration ? fix(`Declare event '${text}' from its usage`, [declaration], false) : undefined;
      }
      default:
        return undefined;
    }
  }

  private nodeAt(document: LangiumDocument, range: Range): AstNode | undefined {
    const root = document.parseResult.value;
    const offset = document.textDocument.offsetAt(range.start);
    let found: AstNode | undefined;
    for (const node of AstUtils.streamAst(root)) {
      const cst = node.$cstNode;
      if (cst && cst.offset <= offset && offset < cst.end) found = node;
    }
    return found;
  }

  private addJoinCondition(
    document: LangiumDocument,
    diagnostic: Diagnostic,
    fix: (t: string, e: TextEdit[]) => CodeAction,
  ): CodeAction | undefined {
    const stream = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), ast.isStreamDecl);
    const join = stream?.source;
    if (!stream || !ast.isJoinSource(join) || !join.$cstNode) return undefined;
    const names = join.items.map((item) => (ast.isInlineStream(item) ? item.name : item.target?.$refText));
    const shapes = join.items.map((item) =>
      this.services.scoping.NameResolver.streams.targetShape(item.target?.ref, item.target?.$refText),
    );
    const shared = commonField(shapes) ?? 'key';
    const condition = names
      .slice(1)
      .map((name) => `${names[0]}.${shared} == ${name}.${shared}`)
      .join(' and ');
    const end = document.textDocument.positionAt(join.$cstNode.end);
    return fix(`Add .on(${condition})`, [{ range: { start: end, end }, newText: `\n    .on(${condition})` }]);
  }

  /**
   * `x.f` where `x` is bound nowhere (VPL-N003): give `x` as an alias to an unaliased source or `->` step before the
   * use, one action per candidate; the preferred one reads an event type that declares `f`.
   */
  private addMissingAlias(
    document: LangiumDocument,
    diagnostic: Diagnostic,
    name: string,
    mayPrefer: boolean,
  ): CodeAction[] {
    if (!/^[A-Za-z_]\w*$/.test(name)) return [];
    const receiver = this.nodeAt(document, diagnostic.range);
    const access = receiver && ast.isMemberAccess(receiver.$container) ? receiver.$container : undefined;
    const stream = AstUtils.getContainerOfType(receiver, ast.isStreamDecl);
    if (!stream?.$cstNode) return [];
    const useOffset = document.textDocument.offsetAt(diagnostic.range.start);
    const resolver = this.services.scoping.NameResolver.streams;
    const candidates = [stream.source, ...stream.ops]
      .filter((node): node is ast.EventSource | ast.FollowedBy => ast.isEventSource(node) || ast.isFollowedBy(node))
      .filter((node) => !node.alias && !!node.$cstNode && node.$cstNode.end <= useOffset && !!node.target?.$refText)
      .map((node) => {
        const shape = resolver.targetShape(node.target?.ref, node.target?.$refText ?? '');
        return { node, declares: !!access && shape.known && shape.fields.has(access.member) };
      });
    const preferred = candidates.find((c) => c.declares) ?? (candidates.length === 1 ? candidates[0] : undefined);
    return candidates
      .filter((c) => c.declares || c === preferred)
      .map(({ node }) => {
        const end = document.textDocument.positionAt(node.$cstNode!.end);
        const step = ast.isFollowedBy(node) ? `-> ${node.target?.$refText}` : node.target?.$refText;
        return {
          title: `Add alias '${name}' to '${step}'`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: mayPrefer && node === preferred?.node,
          edit: { changes: { [document.uri.toString()]: [{ range: { start: end, end }, newText: ` as ${name}` }] } },
        };
      });
  }

  private configToConnector(
    document: LangiumDocument,
    diagnostic: Diagnostic,
    fix: (t: string, e: TextEdit[]) => CodeAction,
  ): CodeAction | undefined {
    const config = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), ast.isConfigDecl);
    if (!config?.$cstNode) return undefined;
    const keys = config.items.map((item) => item.key);
    const kind = CONFIG_KINDS.find(([, known]) => keys.some((key) => known.includes(key)))?.[0];
    if (!kind) return undefined;
    const params = config.items.map((item) => `${item.key}: ${item.value.$cstNode?.text ?? ''}`).join(', ');
    const name = config.name && config.name !== 'default' ? config.name : 'Default';
    const range = {
      start: document.textDocument.positionAt(config.$cstNode.offset),
      end: document.textDocument.positionAt(config.$cstNode.end),
    };
    return fix(`Convert to 'connector ${name} = ${kind}(...)'`, [
      { range, newText: `connector ${name[0]!.toUpperCase()}${name.slice(1)} = ${kind}(${params})` },
    ]);
  }

  private removeOperation(
    document: LangiumDocument,
    diagnostic: Diagnostic,
    fix: (t: string, e: TextEdit[]) => CodeAction,
  ): CodeAction | undefined {
    const op = AstUtils.getContainerOfType(this.nodeAt(document, diagnostic.range), ast.isTapOp);
    const cst = op?.$cstNode;
    if (!cst) return undefined;
    const text = document.textDocument.getText();
    // The operation starts at its dot; remove the line when it is alone on it.
    let start = text.lastIndexOf('.', cst.offset);
    let end = cst.end;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    if (
      text.slice(lineStart, start).trim() === '' &&
      text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === ''
    ) {
      start = lineStart - (lineStart > 0 ? 1 : 0);
      end = lineEnd < 0 ? text.length : lineEnd;
    }
    const range = { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) };
    return fix('Remove .tap(...) (it has no effect)', [{ range, newText: '' }]);
  }

  private docStylePattern(
    document: LangiumDocument,
    diagnostic: Diagnostic,
    fix: (t: string, e: TextEdit[]) => CodeAction,
  ): CodeAction | undefined {
    const text = document.textDocument.getText();
    const offset = document.textDocument.offsetAt(diagnostic.range.start);
    const start = text.lastIndexOf('\n', offset - 1) + 1;
    let statementStart = start;
    while (statementStart > 0 && !/^[A-Za-z_]/.test(text.slice(statementStart, statementStart + 1))) {
      // At 1, lastIndexOf(…, -1) would find the first line's '\n' again: an endless loop.
      statementStart = statementStart < 2 ? 0 : text.lastIndexOf('\n', statementStart - 2) + 1;
    }
    const next = /\n(?=[A-Za-z_#])/.exec(text.slice(offset));
    const end = next ? offset + next.index : text.length;
    const statement = text.slice(statementStart, end).replace(/\s+$/, '');
    const rewritten = rewriteDocStyle(statement);
    if (!rewritten || rewritten === statement) return undefined;
    const range = {
      start: document.textDocument.positionAt(statementStart),
      end: document.textDocument.positionAt(statementStart + statement.length),
    };
    return fix('Rewrite in VPL pattern syntax', [{ range, newText: rewritten }]);
  }

  /** An `event` declaration for an undeclared type, with the fields streams read from it. */
  declareEventFromUsage(document: LangiumDocument, name: string): TextEdit | undefined {
    if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
    const root = document.parseResult.value;
    if (!ast.isProgram(root)) return undefined;
    const fields = new Map<string, string | undefined>();
    const resolver = this.services.scoping.NameResolver;
    let firstUse: AstNode | undefined;
    for (const node of AstUtils.streamAllContents(root)) {
      if (
        (ast.isEventSource(node) || ast.isFollowedBy(node) || ast.isNotOp(node) || ast.isSaseItem(node)) &&
        node.target?.$refText === name &&
        !node.target?.ref
      ) {
        firstUse ??= AstUtils.getContainerOfType(node, (n): n is ast.Statement => ast.isProgram(n.$container));
      }
      if (ast.isNameRef(node)) {
        const resolution = resolver.resolve(node);
        if (resolution.kind === 'unverifiable' || resolution.kind === 'unknown') {
          if (resolution.context.sourceNames.has(name) && !resolution.context.shape.known && !isCallee(node))
            addField(fields, node.target?.$refText, node, this.services);
        }
      }
      if (ast.isMemberAccess(node) && ast.isNameRef(node.receiver)) {
        const resolution = resolver.resolve(node.receiver);
        const bound = resolution.kind === 'alias' ? resolution.binding.node : undefined;
        const owner = bound?.$container;
        const type =
          ast.isEventSource(owner) || ast.isFollowedBy(owner)
            ? owner.target?.$refText
            : ast.isSequenceStep(bound)
              ? bound.target?.$refText
              : undefined;
        if (type === name || (node.receiver.target?.$refText === name && !node.receiver.target?.ref))
          addField(fields, node.member, node, this.services);
      }
    }
    if (!firstUse?.$cstNode) return undefined;
    const body =
      fields.size > 0 ? [...fields].map(([field, type]) => `    ${field}: ${type ?? 'str'}`) : ['    id: str'];
    const position = document.textDocument.positionAt(firstUse.$cstNode.offset);
    return { range: { start: position, end: position }, newText: `event ${name}:\n${body.join('\n')}\n\n` };
  }

  private refactors(document: LangiumDocument, range: Range, existing: CodeAction[]): CodeAction[] {
    const out: CodeAction[] = [];
    const node = this.nodeAt(document, range);
    // Declare an event from usage, on an undeclared source name.
    const source = node && (ast.isEventSource(node) || ast.isFollowedBy(node) || ast.isNotOp(node)) ? node : undefined;
    if (
      source &&
      !source.target?.ref &&
      source.target?.$refText &&
      !existing.some((a) => a.title.startsWith('Declare event'))
    ) {
      const edit = this.declareEventFromUsage(document, source.target?.$refText);
      if (edit) {
        out.push({
          title: `Declare event '${source.target?.$refText}' from its usage`,
          kind: CodeActionKind.RefactorExtract,
          edit: { changes: { [document.uri.toString()]: [edit] } },
        });
      }
    }
    const extract = this.extractSubStream(document, range);
    if (extract) out.push(extract);
    return out;
  }

  /** Extracts the operations selected at the start of a chain into a new stream that the original reads. */
  private extractSubStream(document: LangiumDocument, range: Range): CodeAction | undefined {
    const start = document.textDocument.offsetAt(range.start);
    const end = document.textDocument.offsetAt(range.end);
    if (end <= start) return undefined;
    const root = document.parseResult.value;
    if (!ast.isProgram(root)) return undefined;
    const stream = root.statements.find(
      (s): s is ast.StreamDecl =>
        ast.isStreamDecl(s) && !!s.$cstNode && s.$cstNode.offset <= start && end <= s.$cstNode.end,
    );
    if (!stream?.$cstNode || !stream.source?.$cstNode) return undefined;
    const source = stream.source;
    if (!(ast.isEventSource(source) && !source.alias && !source.all) && !ast.isConnectorSource(source))
      return undefined;
    const text = document.textDocument.getText();
    const opStart = (op: AstNode) => text.lastIndexOf('.', op.$cstNode!.offset);
    const selected = stream.ops.filter((op) => op.$cstNode && opStart(op) < end && op.$cstNode.end > start);
    if (selected.length === 0 || selected[0] !== stream.ops[0] || selected.length === stream.ops.length)
      return undefined;
    if (selected.some((op) => ast.isFollowedBy(op) || ast.isEmitOp(op) || ast.isToOp(op))) return undefined;
    const taken = new Set(this.services.shared.workspace.IndexManager.allElements().map((d) => d.name));
    let name = `${stream.name}Input`;
    for (let i = 2; taken.has(name); i++) name = `${stream.name}Input${i}`;
    const last = selected.at(-1)!.$cstNode!;
    const sourceCst = source.$cstNode!;
    const sourceText = text.slice(sourceCst.offset, sourceCst.end);
    const opsText = selected.map((op) => `    ${text.slice(opStart(op), op.$cstNode!.end).trim()}`).join('\n');
    const streamStart = document.textDocument.positionAt(stream.$cstNode.offset);
    return {
      title: `Extract the first ${selected.length} operation${selected.length > 1 ? 's' : ''} into stream '${name}'`,
      kind: CodeActionKind.RefactorExtract,
      edit: {
        changes: {
          [document.uri.toString()]: [
            {
              range: { start: streamStart, end: streamStart },
              newText: `stream ${name} = ${sourceText}\n${opsText}\n\n`,
            },
            {
              range: {
                start: document.textDocument.positionAt(sourceCst.offset),
                end: document.textDocument.positionAt(last.end),
              },
              newText: name,
            },
          ],
        },
      },
    };
  }
}

function isCallee(node: ast.NameRef): boolean {
  return ast.isCallExpr(node.$container) && node.$container.callee === node;
}

function addField(
  fields: Map<string, string | undefined>,
  name: string,
  node: AstNode,
  services: VplLspServices,
): void {
  if (fields.get(name)) return;
  // The type of the value it is compared with or combined with, when that is known.
  const parent = node.$container;
  let other: AstNode | undefined;
  if (ast.isComparisonExpr(parent) && parent.operator !== 'in' && parent.operator !== 'is')
    other = parent.left === node ? parent.right : parent.left;
  else if (ast.isBinaryExpr(parent)) other = parent.left === node ? parent.right : parent.left;
  fields.set(name, other ? declarableType(services.typing.TypeComputer.typeOf(other as ast.Expr)) : undefined);
}

/**
 * A computed type as a field declaration can write it: `int | float` as float; none for what a declaration cannot
 * say or the computer does not know (unknown, null, functions, records, tuples, streams).
 */
function declarableType(type: VplType): string | undefined {
  switch (type.kind) {
    case 'number':
      return 'float';
    case 'unknown':
    case 'null':
    case 'function':
    case 'record':
    case 'tuple':
    case 'stream':
      return undefined;
    case 'optional': {
      const inner = declarableType(type.inner);
      return inner && `${inner}?`;
    }
    case 'array': {
      const element = declarableType(type.element);
      return element && `[${element}]`;
    }
    case 'map': {
      const key = declarableType(type.key);
      const value = declarableType(type.value);
      return key && value && `{${key}: ${value}}`;
    }
    default:
      return typeToString(type);
  }
}

function commonField(shapes: RecordShape[]): string | undefined {
  const [first, ...rest] = shapes;
  if (!first) return undefined;
  for (const name of first.fields.keys()) if (rest.every((shape) => shape.fields.has(name))) return name;
  return undefined;
}

/** Rewrites the documentation-style pattern notations of the language guide §9.6 into VPL. */
export function rewriteDocStyle(statement: string): string | undefined {
  let out = statement;
  // Kleene suffix on a stream source: `stream S = A+ -> B` → `stream S = all A -> B`.
  out = out.replace(/^(stream\s+\w+\s*=\s*)([A-Za-z_]\w*)\+(\s*->)/, '$1all $2$3');
  if (/^pattern\b/.test(out)) {
    // Bracket predicates: `Item[cond]` → `Item where cond`.
    out = out.replace(/([A-Za-z_]\w*[+*?]?)\[([^\]]*)\]/g, '$1 where $2');
    // Call style: NOT(X) → NOT X; AND(A, B) → (A AND B); OR(A, B) → (A OR B).
    out = out.replace(/\bNOT\(\s*([^()]*?)\s*\)/g, 'NOT $1');
    for (const op of ['AND', 'OR']) {
      out = out.replace(
        new RegExp(`\\b${op}\\(([^()]*)\\)`, 'g'),
        (_m, args: string) =>
          `(${args
            .split(',')
            .map((a) => a.trim())
            .join(` ${op} `)})`,
      );
    }
    // `A -> B -> C within 5m` → `SEQ(A, B, C) within 5m`.
    const match = /^(pattern\s+\w+\s*=\s*)([\s\S]*?)(\s+within\b[\s\S]*|\s+partition\b[\s\S]*)?$/.exec(out);
    if (match && match[2]!.includes('->')) {
      const items = match[2]!.split('->').map((item) =>
        item
          .trim()
          .replace(/^\(|\)$/g, '')
          .trim(),
      );
      out = `${match[1]}SEQ(${items.join(', ')})${match[3] ?? ''}`;
    }
  }
  return out === statement ? undefined : out;
}
