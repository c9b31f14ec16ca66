import {
  type AstNode,
  AstUtils,
  CstUtils,
  GrammarUtils,
  isLeafCstNode,
  type LangiumDocument,
  UriUtils,
  type ValidationAcceptor,
} from 'langium';
import {
  type AssignStmt,
  type ConfigDecl,
  type ConnectorDecl,
  type EventDecl,
  type FnDecl,
  type ForStmt,
  type ImportDecl,
  isFnDecl,
  isForStmt,
  isImportDecl,
  isLambda,
  isLambdaParam,
  isLoopVariable,
  isProgram,
  isStreamType,
  isVarDecl,
  type Lambda,
  type Program,
  type Statement,
  type StreamType,
  type TemplateAtom,
  type VarDecl,
} from '../generated/ast.js';
import { FUTURE_RESERVED_WORDS } from '../parser/vpl-token-types.js';
import { isGlobalDeclaration } from '../utils/constants.js';
import { enclosingDeclarationLoops, isDeclarationLoop } from '../utils/declaration-loop-nesting.js';
import {
  declarationLoopValues,
  expandTemplate,
  MAX_LOOP_ITERATIONS,
  MAX_LOOP_NESTING,
} from '../utils/declaration-loops.js';
import type { VplServices } from '../vpl-module.js';
import { DiagnosticCode } from './codes.js';
import { globalNamed } from './lookup.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

/** Connector kinds the reference knows (§6.6, §12.7); an engine refuses to load any other kind (semantics R9). */
export const KNOWN_CONNECTOR_KINDS: readonly string[] = [
  'mqtt',
  'kafka',
  'nats',
  'http',
  'database',
  'redis',
  'console',
  'websocket',
  'amqp',
  'file',
  'grpc',
];

/** At most this many expanded names are computed for duplicate detection; beyond, template names stay as written. */
const MAX_EXPANDED_NAMES = 100_000;

type NamedDeclaration = Statement & { name: string };

const KIND_LABELS: Readonly<Record<string, string>> = {
  EventDecl: 'an event',
  StreamDecl: 'a stream',
  FnDecl: 'a function',
  ConnectorDecl: 'a connector',
  ContextDecl: 'a context',
  PatternDecl: 'a pattern',
  TypeDecl: 'a type alias',
  VarDecl: 'a variable',
};

const DUPLICATE_CODES: Readonly<Record<string, string>> = {
  EventDecl: DiagnosticCode.DuplicateEvent,
  StreamDecl: DiagnosticCode.DuplicateStream,
  FnDecl: DiagnosticCode.DuplicateFunction,
  ConnectorDecl: DiagnosticCode.DuplicateConnector,
  ContextDecl: DiagnosticCode.DuplicateContext,
  PatternDecl: DiagnosticCode.DuplicatePattern,
  TypeDecl: DiagnosticCode.DuplicateTypeAlias,
};

function isNamedDeclaration(statement: Statement): statement is NamedDeclaration {
  return statement.$type in KIND_LABELS && typeof (statement as { name?: unknown }).name === 'string';
}

/**
 * The code of a redeclaration (ruling R10: any top-level name declared twice). The kind of the later declaration
 * decides; a variable takes the code of the earlier declaration's kind, and two variables share the function
 * code E003 (globals and functions are the one name space of expressions, D13; §13 has no variable code).
 */
function duplicateCode(later: Statement, earlier: Statement): string {
  return DUPLICATE_CODES[later.$type] ?? DUPLICATE_CODES[earlier.$type] ?? DiagnosticCode.DuplicateFunction;
}

// ---- Duplicates (E001–E007, R10) ----

interface Occurrence {
  readonly name: string;
  readonly node: NamedDeclaration;
}

/** The top-level declarations of a program with their names after declaration-loop expansion (§6.12). */
function expandedDeclarations(program: Program): Occurrence[] {
  const out: Occurrence[] = [];
  let budget = MAX_EXPANDED_NAMES;
  const visit = (statements: Statement[], bindings: [string, number][]) => {
    for (const statement of statements) {
      if (isForStmt(statement)) {
        if (!isDeclarationLoop(statement)) continue;
        const values = declarationLoopValues(statement)!;
        if (values.count > MAX_LOOP_ITERATIONS || values.count > budget) {
          // Too large to expand (VPL-T004 reports it): only names without the loop variable are compared.
          visit(statement.body, bindings);
          continue;
        }
        for (let value = values.from; value <= values.to; value++)
          visit(statement.body, [...bindings, [statement.variable.name, value]]);
        continue;
      }
      if (!isNamedDeclaration(statement)) continue;
      let name = statement.name;
      for (const [variable, value] of bindings) name = expandTemplate(name, variable, value);
      if (--budget < 0) return;
      // A template variable that no loop binds (VPL-T001) leaves a name that never exists after expansion.
      if (name.includes('{')) continue;
      out.push({ name, node: statement });
    }
  };
  visit(program.statements, []);
  return out;
}

/** The programs a document imports, transitively and each once, in the order their statements come first (§6.9). */
function importedPrograms(services: VplServices, document: LangiumDocument): Program[] {
  const documents = services.shared.workspace.LangiumDocuments;
  const seen = new Set<string>([document.uri.toString()]);
  const out: Program[] = [];
  const visit = (doc: LangiumDocument, depth: number) => {
    const root = doc.parseResult?.value;
    if (!isProgram(root) || depth > 10) return;
    for (const statement of root.statements) {
      // An `import` whose path is missing (a syntax error) imports nothing.
      if (!isImportDecl(statement) || statement.path === undefined) continue;
      const uri = UriUtils.resolvePath(UriUtils.dirname(doc.uri), statement.path);
      const key = uri.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      const imported = documents.getDocument(uri);
      if (!imported) continue;
      visit(imported, depth + 1);
      const importedRoot = imported.parseResult?.value;
      if (isProgram(importedRoot)) out.push(importedRoot);
    }
  };
  visit(document, 0);
  return out;
}

function declarationsMustBeUnique(services: VplServices) {
  return (program: Program, accept: ValidationAcceptor): void => {
    const document = AstUtils.getDocument(program);
    const first = new Map<string, NamedDeclaration>();
    for (const imported of importedPrograms(services, document)) {
      for (const { name, node } of expandedDeclarations(imported)) if (!first.has(name)) first.set(name, node);
    }
    const reported = new Set<AstNode>();
    for (const { name, node } of expandedDeclarations(program)) {
      const earlier = first.get(name);
      if (!earlier) {
        first.set(name, node);
        continue;
      }
      if (reported.has(node)) continue;
      reported.add(node);
      const where = describeLocation(earlier, document);
      const same = earlier === node;
      report(
        accept,
        duplicateCode(node, earlier),
        same
          ? `'${name}' is declared more than once: this declaration is repeated by its declaration loop with the same name. Put the loop variable in the name, e.g. '${node.name}{${enclosingDeclarationLoops(node)[0]?.variable.name ?? 'i'}}'.`
          : `'${name}' is already declared as ${KIND_LABELS[earlier.$type]} ${where}: every top-level name is declared once. Rename one of them.`,
        { node, property: 'name' as never },
      );
    }
  };
}

function describeLocation(node: AstNode, current: LangiumDocument): string {
  const line = node.$cstNode ? node.$cstNode.range.start.line + 1 : undefined;
  const document = AstUtils.getDocument(node);
  const file = document.uri.toString() === current.uri.toString() ? '' : ` of ${UriUtils.basename(document.uri)}`;
  return line ? `(line ${line}${file})` : '';
}

// ---- Names reserved for future use (VPL-N005) ----

function nameShouldNotBeReserved(node: AstNode & { name?: unknown }, accept: ValidationAcceptor): void {
  if (typeof node.name !== 'string' || !FUTURE_RESERVED_WORDS.has(node.name)) return;
  report(
    accept,
    DiagnosticCode.FutureReservedWord,
    `'${node.name}' is reserved for future use by the reference documentation: it works today, but a later version may make it a keyword. Consider another name.`,
    { node, property: 'name' as never },
  );
}

// ---- Assignments (E040, VPL-S041–S043) ----

/** The local binding named `name` in a function or lambda body: parameters, loop variables and local declarations. */
function localBinding(scope: FnDecl | Lambda, name: string): AstNode | undefined {
  for (const param of scope.params) if (param.name === name) return param;
  for (const node of AstUtils.streamAllContents(scope)) {
    if ((isVarDecl(node) || isLoopVariable(node) || isLambdaParam(node)) && node.name === name) return node;
  }
  return undefined;
}

function assignmentMustTargetMutableBinding(services: VplServices) {
  return (assign: AssignStmt, accept: ValidationAcceptor): void => {
    const name = assign.target?.$refText;
    if (!name) return;
    const anchor = { node: assign, property: 'target' as const };
    const scope = AstUtils.getContainerOfType(
      assign,
      (node): node is FnDecl | Lambda => isFnDecl(node) || isLambda(node),
    );
    const global = (() => {
      const target = assign.target?.ref;
      if (target && isVarDecl(target) && isGlobalDeclaration(target)) return target;
      return globalNamed(services, assign, name);
    })();
    if (scope) {
      const local = localBinding(scope, name);
      if (local) {
        if (isVarDecl(local) && local.kind !== 'var') immutable(local, accept, anchor);
        return;
      }
      if (global) {
        report(
          accept,
          DiagnosticCode.AssignGlobalInFunction,
          `A function cannot assign the global '${name}': globals change only at top level. Declare a local \`var\` and return the new value instead.`,
          anchor,
        );
        return;
      }
      report(
        accept,
        DiagnosticCode.AssignUndeclaredInFunction,
        `'${name}' is not declared: declare it first with \`var ${name} = ...\` (assignment never declares a variable).`,
        anchor,
      );
      return;
    }
    if (global && isVarDecl(global)) {
      if (global.kind !== 'var') immutable(global, accept, anchor);
      return;
    }
    if (global && isFnDecl(global)) {
      report(
        accept,
        DiagnosticCode.ImmutableAssignment,
        `'${name}' is a function, which is immutable: it cannot be assigned.`,
        anchor,
      );
      return;
    }
    report(
      accept,
      DiagnosticCode.AssignUndeclaredTopLevel,
      `'${name}' is not declared, so this assignment silently declares a mutable global: declare it with \`var ${name} = ...\`.`,
      anchor,
    );
  };
}

function immutable(
  declaration: VarDecl,
  accept: ValidationAcceptor,
  anchor: { node: AssignStmt; property: 'target' },
): void {
  report(
    accept,
    DiagnosticCode.ImmutableAssignment,
    `'${declaration.name}' is declared with \`${declaration.kind}\`, so the binding is immutable and cannot be assigned: declare it with \`var\` to change it.`,
    anchor,
  );
}

// ---- Imports, connectors, config (VPL-I001, VPL-C001, VPL-C010) ----

function importAliasShouldNotBeUsed(node: ImportDecl, accept: ValidationAcceptor): void {
  if (!node.alias) return;
  report(
    accept,
    DiagnosticCode.ImportAlias,
    `\`as ${node.alias}\` has no effect: imported names are not qualified, they are used as declared (e.g. \`Reading\`, not \`${node.alias}.Reading\`). Remove the alias.`,
    { node, property: 'alias' },
  );
}

function connectorKindShouldBeKnown(node: ConnectorDecl, accept: ValidationAcceptor): void {
  if (!node.kind || KNOWN_CONNECTOR_KINDS.includes(node.kind)) return;
  report(
    accept,
    DiagnosticCode.UnknownConnectorKind,
    `Unknown connector kind '${node.kind}': the known kinds are ${KNOWN_CONNECTOR_KINDS.join(', ')}. An engine without this kind cannot load the program.`,
    { node, property: 'kind' },
  );
}

function configShouldBeConnector(node: ConfigDecl, accept: ValidationAcceptor): void {
  report(
    accept,
    DiagnosticCode.DeprecatedConfig,
    '`config` blocks are deprecated: declare the external system with `connector Name = kind(param: value, ...)`.',
    { node, keyword: 'config' },
  );
}

// ---- Declaration loops and templates (VPL-T001, VPL-T004) ----

/** VPL-T004: a declaration loop has at most 10 000 values and loops nest at most 10 deep (§6.12). */
function declarationLoopMustBeBounded(loop: ForStmt, accept: ValidationAcceptor): void {
  if (!isDeclarationLoop(loop)) return;
  const values = declarationLoopValues(loop)!;
  if (values.count > MAX_LOOP_ITERATIONS) {
    report(
      accept,
      DiagnosticCode.LoopLimit,
      `This declaration loop expands its body ${values.count} times; the limit is ${MAX_LOOP_ITERATIONS}. Split the range or restructure the program.`,
      { node: loop, keyword: 'for' },
    );
  }
  const depth = enclosingDeclarationLoops(loop).length + 1;
  if (depth === MAX_LOOP_NESTING + 1) {
    report(
      accept,
      DiagnosticCode.LoopLimit,
      `Declaration loops nest at most ${MAX_LOOP_NESTING} deep; this one is nested ${depth} deep.`,
      { node: loop, keyword: 'for' },
    );
  }
}

/** The variables bound by the declaration loops around a node. */
function boundTemplateVariables(node: AstNode): Set<string> {
  return new Set(enclosingDeclarationLoops(node).map((loop) => loop.variable.name));
}

/**
 * Whether the text has a `{` between a word character and a name start (what `/[A-Za-z0-9_]\{[A-Za-z_]/` matches),
 * found by jumping from brace to brace: most programs have few braces, and a regular expression tries every position.
 */
function mayContainTemplateName(text: string): boolean {
  for (let i = text.indexOf('{', 1); i > 0; i = text.indexOf('{', i + 1)) {
    const before = text.charCodeAt(i - 1);
    const after = text.charCodeAt(i + 1);
    const wordBefore =
      (before >= 48 && before <= 57) ||
      (before >= 65 && before <= 90) ||
      (before >= 97 && before <= 122) ||
      before === 95;
    const nameAfter = (after >= 65 && after <= 90) || (after >= 97 && after <= 122) || after === 95;
    if (wordBefore && nameAfter) return true;
  }
  return false;
}

/** VPL-T001: template names (`Lane{lane}Trips`) and `{x}` atoms exist only inside declaration loops. */
function templatesMustBeInsideLoops(program: Program, accept: ValidationAcceptor): void {
  const root = program.$cstNode;
  // Most programs have no template name at all: skip the walk over every token then.
  if (!root || !mayContainTemplateName(root.root.fullText)) return;
  for (const leaf of CstUtils.streamCst(root)) {
    if (!isLeafCstNode(leaf) || leaf.tokenType.name !== 'TEMPLATE_ID') continue;
    const bound = boundTemplateVariables(leaf.astNode);
    const unbound = [...leaf.text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)]
      .map((m) => m[1]!)
      .filter((v) => !bound.has(v));
    if (unbound.length === 0) continue;
    report(
      accept,
      DiagnosticCode.TemplateOutsideLoop,
      bound.size === 0
        ? `'${leaf.text}' is a template name, which is only valid inside a declaration loop (\`for ${unbound[0]} in 0..3:\` at top level) where {${unbound[0]}} is replaced by each value.`
        : `'${leaf.text}' uses {${unbound.join('}, {')}}, which no enclosing declaration loop binds (loop variables: ${[...bound].join(', ')}).`,
      { node: leaf.astNode, range: leaf.range },
    );
  }
}

function templateAtomMustBeInsideLoop(atom: TemplateAtom, accept: ValidationAcceptor): void {
  const bound = boundTemplateVariables(atom);
  if (bound.has(atom.variable)) return;
  report(
    accept,
    DiagnosticCode.TemplateOutsideLoop,
    bound.size === 0
      ? `\`{${atom.variable}}\` is a template atom, which is only valid inside a declaration loop (a top-level \`for ${atom.variable} in A..B:\` over integer literals); inside other code use the variable itself.`
      : `\`{${atom.variable}}\` names no enclosing declaration loop variable (loop variables: ${[...bound].join(', ')}).`,
    { node: atom },
  );
}

// ---- Types and event layout (VPL-T002, VPL-P010) ----

function streamTypeShouldNotNest(type: StreamType, accept: ValidationAcceptor): void {
  const element = type.element;
  if (!element || !isStreamType(element.base)) return;
  report(
    accept,
    DiagnosticCode.NestedStreamType,
    'A stream of streams has no meaning: `Stream<T>` annotates a stream of events of type T. Use the event type itself.',
    { node: element },
  );
}

function eventFieldsMustBeIndented(event: EventDecl, accept: ValidationAcceptor): void {
  if (!event.unindented || !event.$cstNode) return;
  const colon = GrammarUtils.findNodeForKeyword(event.$cstNode, ':');
  let firstField: import('langium').CstNode | undefined;
  for (const leaf of CstUtils.streamCst(event.$cstNode)) {
    if (!isLeafCstNode(leaf) || leaf.hidden || leaf.length === 0) continue;
    if (colon && leaf.offset > colon.offset) {
      firstField = leaf;
      break;
    }
  }
  report(
    accept,
    DiagnosticCode.EventFieldLayout,
    `Event fields must be on indented lines below the header: write \`event ${event.name}:\`, then one \`name: type\` per line, indented.`,
    firstField ? { node: event, range: firstField.range } : { node: event, property: 'name' },
  );
}

/** Declaration rules (language guide §5.3, §6, §7; rulings R10). */
export const declarationChecks: VplCheckSet = (services: VplServices) => ({
  Program: [declarationsMustBeUnique(services), templatesMustBeInsideLoops],
  EventDecl: [nameShouldNotBeReserved, eventFieldsMustBeIndented],
  StreamDecl: nameShouldNotBeReserved,
  PatternDecl: nameShouldNotBeReserved,
  FnDecl: nameShouldNotBeReserved,
  Param: nameShouldNotBeReserved,
  VarDecl: nameShouldNotBeReserved,
  ConnectorDecl: [nameShouldNotBeReserved, connectorKindShouldBeKnown],
  ContextDecl: nameShouldNotBeReserved,
  TypeDecl: nameShouldNotBeReserved,
  LoopVariable: nameShouldNotBeReserved,
  LambdaParam: nameShouldNotBeReserved,
  Alias: nameShouldNotBeReserved,
  SequenceStep: nameShouldNotBeReserved,
  InlineStream: nameShouldNotBeReserved,
  AssignStmt: assignmentMustTargetMutableBinding(services),
  ImportDecl: importAliasShouldNotBeUsed,
  ConfigDecl: configShouldBeConnector,
  ForStmt: declarationLoopMustBeBounded,
  TemplateAtom: templateAtomMustBeInsideLoop,
  StreamType: streamTypeShouldNotNest,
});
