import {
  type AstNode,
  type AstNodeDescription,
  type AstNodeDescriptionProvider,
  AstUtils,
  EMPTY_STREAM,
  type Scope,
  type Stream,
  stream,
  type URI,
} from 'langium';
import type { FnDecl, VarDecl } from '../generated/ast.js';
import type { VisibleNames } from './name-resolver.js';

/**
 * The description of a node a bare name resolves to. Linking only needs the node; the path and the name segment
 * (which Langium computes eagerly, at the cost of a walk to the root per reference) are built on first use, by the
 * features that need them. A class, so that creating one per reference is a plain allocation.
 */
class LazyNodeDescription implements AstNodeDescription {
  readonly node: AstNode;
  readonly name: string;
  readonly type: string;
  // Private fields: the description's own enumerable properties stay `node`, `name` and `type`.
  #full: AstNodeDescription | undefined;
  readonly #descriptions: AstNodeDescriptionProvider;

  constructor(node: AstNode, name: string, descriptions: AstNodeDescriptionProvider) {
    this.node = node;
    this.name = name;
    this.type = node.$type;
    this.#descriptions = descriptions;
  }

  private complete(): AstNodeDescription {
    this.#full ??= this.#descriptions.createDescription(this.node, this.name);
    return this.#full;
  }

  get documentUri(): URI {
    return AstUtils.getDocument(this.node).uri;
  }

  get path(): string {
    return this.complete().path;
  }

  get nameSegment(): AstNodeDescription['nameSegment'] {
    return this.complete().nameSegment;
  }

  get selectionSegment(): AstNodeDescription['selectionSegment'] {
    return this.complete().selectionSegment;
  }
}

/**
 * The scope of a bare name (`NameRef`), lazy: `getElement(name)` looks that one name up (locals, aliases, globals,
 * declared fields, in that order) and describes only the node found. Enumerating everything (completion) is rarer
 * and builds the full list on demand.
 */
export class BareNameScope implements Scope {
  constructor(
    private readonly visible: VisibleNames,
    private readonly globals: ReadonlyMap<string, VarDecl | FnDecl>,
    private readonly descriptions: AstNodeDescriptionProvider,
  ) {}

  private lookup(name: string): AstNode | undefined {
    const visible = this.visible;
    const local = visible.locals.get(name);
    if (local) return local;
    const alias = visible.context?.aliases.get(name);
    if (alias) return alias.node;
    const global = this.globals.get(name);
    if (global) return global;
    if (visible.inFunction) return undefined;
    return visible.context?.shape.fields.get(name)?.declaration;
  }

  private describe(name: string, node: AstNode): AstNodeDescription {
    return new LazyNodeDescription(node, name, this.descriptions);
  }

  getElement(name: string): AstNodeDescription | undefined {
    const node = this.lookup(name);
    return node ? this.describe(name, node) : undefined;
  }

  getElements(name: string): Stream<AstNodeDescription> {
    const node = this.lookup(name);
    return node ? stream([this.describe(name, node)]) : EMPTY_STREAM;
  }

  getAllElements(): Stream<AstNodeDescription> {
    const visible = this.visible;
    const entries = new Map<string, AstNode>();
    for (const [name, field] of visible.context?.shape.fields ?? [])
      if (field.declaration && !visible.inFunction) entries.set(name, field.declaration);
    for (const [name, node] of this.globals) entries.set(name, node);
    for (const [name, binding] of visible.context?.aliases ?? []) entries.set(name, binding.node);
    for (const [name, node] of visible.locals) entries.set(name, node);
    return stream([...entries]).map(([name, node]) => this.describe(name, node));
  }
}
