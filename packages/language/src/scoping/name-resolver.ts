import { type AstNode, AstUtils, type LangiumDocument, URI } from 'langium';
import {
  FnDecl,
  isFnDecl,
  isForStmt,
  isLambda,
  isProgram,
  isVarDecl,
  Lambda,
  type NameRef,
  type Program,
  type Statement,
  type VarDecl,
} from '../generated/ast.js';
import { astNodesInOrder } from '../utils/ast-walk.js';
import type { VplServices } from '../vpl-module.js';
import { importClosure } from '../workspace/import-closure.js';
import type { ShapeField } from './record-shape.js';
import { type AliasBinding, contextOwner, type ExpressionContext, StreamContextAnalyzer } from './stream-context.js';

/** What a bare name denotes at the place it is written (semantics §5.2, first match wins). */
export type NameResolution =
  | { kind: 'local'; node: AstNode }
  | { kind: 'alias'; binding: AliasBinding }
  | { kind: 'global'; node: VarDecl | FnDecl }
  | { kind: 'builtin-variable'; name: string }
  | { kind: 'field'; field: ShapeField; context: ExpressionContext }
  /** Not a local, alias, global or builtin, and the record shape is known: VPL-N001. */
  | { kind: 'unknown'; context: ExpressionContext }
  /** The record shape is not known: a field lookup that cannot be verified (VPL-N002 in `.emit`/`.select`). */
  | { kind: 'unverifiable'; context: ExpressionContext }
  /** A place where names are resolved at run time only (function bodies, L46) or not at all. */
  | { kind: 'unchecked' };

/** The names visible at one place of a program. */
export interface VisibleNames {
  readonly locals: ReadonlyMap<string, AstNode>;
  /** True inside a function body: names there are not checked statically (L46). */
  readonly inFunction: boolean;
  /** The stream or pattern context of the place, when it is inside one. */
  readonly context?: ExpressionContext;
}

/** Top-level declarations, also those inside declaration loops (§6.12), in source order. */
export function topLevelStatements(program: Program): Statement[] {
  const out: Statement[] = [];
  const visit = (statements: Statement[]) => {
    for (const statement of statements) {
      out.push(statement);
      if (isForStmt(statement)) visit(statement.body);
    }
  };
  visit(program.statements);
  return out;
}

/**
 * Resolves bare names the way the engine will (semantics §5.2): locals, then aliases of the current stream,
 * then globals and constants, then fields of the current record. Used by linking (go to definition, rename) and
 * by the name checks, so both always agree.
 */
export class VplNameResolver {
  readonly streams = new StreamContextAnalyzer();
  /** Per document (a weak map: asked for every name, and a document's URI string is not free to compute). */
  private globals = new WeakMap<LangiumDocument, Map<string, VarDecl | FnDecl>>();
  private readonly services: VplServices;

  constructor(services: VplServices) {
    this.services = services;
    // Globals, shapes and visible names depend on other documents (imports, declared events, streams): forget them
    // on any change.
    services.shared.workspace.DocumentBuilder.onUpdate(() => {
      this.globals = new WeakMap();
      this.streams.clear();
      this.visibleCache.clear();
      this.visibleByNode = new WeakMap();
      this.resolutions = new WeakMap();
    });
  }

  /** Globals (variables, constants and functions) of the workspace by name; the first declaration wins. */
  globalsOf(document: LangiumDocument): Map<string, VarDecl | FnDecl> {
    let globals = this.globals.get(document);
    if (!globals) {
      globals = this.computeGlobals(document);
      this.globals.set(document, globals);
    }
    return globals;
  }

  private computeGlobals(document: LangiumDocument): Map<string, VarDecl | FnDecl> {
    const map = new Map<string, VarDecl | FnDecl>();
    const documents = this.services.shared.workspace.LangiumDocuments;
    // The document first, then the files it imports (transitively): not the rest of the workspace.
    const visible = importClosure(document, documents);
    const programs = [
      document,
      ...[...visible].map((uri) => documents.getDocument(URI.parse(uri))).filter((d) => d && d !== document),
    ];
    for (const doc of programs) {
      const root = doc?.parseResult?.value;
      if (!isProgram(root)) continue;
      for (const statement of topLevelStatements(root)) {
        if ((isVarDecl(statement) || isFnDecl(statement)) && !map.has(statement.name))
          map.set(statement.name, statement);
      }
    }
    return map;
  }

  private readonly visibleCache = new Map<AstNode, VisibleNames>();
  /**
   * The visible names and the resolution of each name already asked for: linking resolves every name, and the
   * checks and the type computer ask again (each answer depends only on caches that are cleared together).
   */
  private visibleByNode = new WeakMap<AstNode, VisibleNames>();
  private resolutions = new WeakMap<NameRef, NameResolution>();

  /**
   * The names visible at a node. Cached per scope owner: the innermost lambda or function around the node, else the
   * stream operation (or step, pattern item, inline stream) it belongs to — every name under one owner sees the same.
   */
  visibleNames(node: AstNode): VisibleNames {
    let visible = this.visibleByNode.get(node);
    if (!visible) {
      visible = this.visibleNamesAt(node);
      this.visibleByNode.set(node, visible);
    }
    return visible;
  }

  private visibleNamesAt(node: AstNode): VisibleNames {
    let key: AstNode | undefined;
    // `$type` comparisons: lambdas and functions have no subtypes, and this walk runs for every name.
    for (let current = node.$container; current; current = current.$container) {
      if (current.$type === Lambda.$type || current.$type === FnDecl.$type) {
        key = current;
        break;
      }
    }
    const owner = key ? undefined : contextOwner(node);
    key ??= owner?.owner;
    if (!key) return this.computeVisibleNames(node);
    let visible = this.visibleCache.get(key);
    if (!visible) {
      visible = this.computeVisibleNames(node);
      this.visibleCache.set(key, visible);
    }
    return visible;
  }

  private computeVisibleNames(node: AstNode): VisibleNames {
    const locals = new Map<string, AstNode>();
    let inFunction = false;
    for (let current: AstNode | undefined = node.$container; current; current = current.$container) {
      if (isLambda(current)) {
        for (const param of current.params) if (!locals.has(param.name)) locals.set(param.name, param);
        for (const statement of current.statements) {
          if (isVarDecl(statement) && !locals.has(statement.name)) locals.set(statement.name, statement);
        }
      } else if (isFnDecl(current)) {
        inFunction = true;
        for (const param of current.params) if (!locals.has(param.name)) locals.set(param.name, param);
        for (const inner of astNodesInOrder(current)) {
          if (isVarDecl(inner) && !locals.has(inner.name)) locals.set(inner.name, inner);
          if (isForStmt(inner) && inner.variable?.name && !locals.has(inner.variable.name))
            locals.set(inner.variable.name, inner.variable);
        }
        break;
      }
    }
    const owner = contextOwner(node);
    let context: ExpressionContext | undefined;
    if (owner?.stream) context = this.streams.contextsOf(owner.stream).contexts.get(owner.owner);
    else if (owner?.pattern) context = this.streams.patternContextsOf(owner.pattern).contexts.get(owner.owner);
    return context ? { locals, inFunction, context } : { locals, inFunction };
  }

  resolve(nameRef: NameRef): NameResolution {
    let resolution = this.resolutions.get(nameRef);
    if (!resolution) {
      resolution = this.resolveName(nameRef);
      this.resolutions.set(nameRef, resolution);
    }
    return resolution;
  }

  private resolveName(nameRef: NameRef): NameResolution {
    const name = nameRef.target?.$refText ?? '';
    const visible = this.visibleNames(nameRef);
    const local = visible.locals.get(name);
    if (local) return { kind: 'local', node: local };
    const context = visible.context;
    const alias = context?.aliases.get(name);
    if (alias) return { kind: 'alias', binding: alias };
    const global = this.globalsOf(AstUtils.getDocument(nameRef)).get(name);
    if (global) return { kind: 'global', node: global };
    if (visible.inFunction || !context) return { kind: 'unchecked' };
    if (context.builtinVariables.has(name)) return { kind: 'builtin-variable', name };
    if (context.shape.opaque) return { kind: 'unchecked' };
    const field = context.shape.fields.get(name);
    if (field) return { kind: 'field', field, context };
    return context.shape.known ? { kind: 'unknown', context } : { kind: 'unverifiable', context };
  }
}
