import type { AstNode, Reference, ReferenceInfo } from 'langium';

/**
 * Fast traversals of a syntax tree, in exactly the order of Langium's `AstUtils.streamAst` and
 * `AstUtils.streamReferences` (pre-order; a node's properties in insertion order, array elements in order; `$`
 * properties skipped). Langium's streams allocate an iterator state per node and per property and dominated
 * linking and validation on large programs. Here the parser records a tree's nodes and references once, in the
 * pass that links the tree to its containers, and the other walks are plain loops with an explicit stack (no
 * recursion, so any depth of nesting is fine).
 */

/** An AST node (an object with a string `$type`), as Langium's `isAstNode` decides. */
function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).$type === 'string';
}

/** A (single or multi) cross-reference, as Langium's `isReference` / `isMultiReference` decide. */
function isAnyReference(value: unknown): value is Reference {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Reference).$refText === 'string' &&
    ('ref' in value || 'items' in value)
  );
}

/** Appends the nodes directly contained in `node` to `out`, in the order of `AstUtils.streamContents(node)`. */
export function pushChildren(node: AstNode, out: AstNode[]): void {
  for (const key in node) {
    if (key.charCodeAt(0) === 36 /* $ */) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
}

/** Whether `node` is `ancestor` or lies inside it. */
export function isInside(node: AstNode, ancestor: AstNode): boolean {
  for (let current: AstNode | undefined = node; current; current = current.$container) {
    if (current === ancestor) return true;
  }
  return false;
}

/** Every node of the tree under `root`, the root first, in the order of `AstUtils.streamAst(root)`. */
export function astNodesInOrder(root: AstNode): readonly AstNode[] {
  const recorded = parsedTrees.get(root);
  if (recorded) return recorded.nodes;
  const out: AstNode[] = [];
  const stack: AstNode[] = [root];
  const children: AstNode[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    children.length = 0;
    pushChildren(node, children);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** The nodes and cross-references of a parsed tree, in the order of Langium's streams. */
export interface TreeIndex {
  /** Every node, the root first, in the order of `AstUtils.streamAst(root)`. */
  readonly nodes: readonly AstNode[];
  /** Every cross-reference, node by node in that order, each node's in `AstUtils.streamReferences` order. */
  readonly references: readonly ReferenceInfo[];
}

/**
 * Indexes of the trees the VPL parser produced, recorded in the pass that links them to their containers. The
 * parser's trees are not modified afterwards (linking only resolves references; a changed text is parsed into a
 * new tree), so linking, validation and the reference index reuse them instead of walking the tree again.
 */
const parsedTrees = new WeakMap<AstNode, TreeIndex>();

/** The recorded index of a tree the VPL parser produced, or `undefined` for any other tree. */
export function parsedTreeIndex(root: AstNode): TreeIndex | undefined {
  return parsedTrees.get(root);
}

/**
 * Sets `$container`, `$containerProperty` and (for array elements) `$containerIndex` on every node under `root`,
 * as Langium's `linkContentToContainer(root, { deep: true })` does after parsing, and records the tree's
 * {@link TreeIndex} in the same pass (pre-order, properties in order: exactly Langium's stream order).
 */
export function linkParsedTree(root: AstNode): void {
  const nodes: AstNode[] = [];
  const references: ReferenceInfo[] = [];
  const stack: AstNode[] = [root];
  const children: AstNode[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    children.length = 0;
    for (const property in node) {
      if (property.charCodeAt(0) === 36 /* $ */) continue;
      const value = (node as unknown as Record<string, unknown>)[property];
      if (typeof value !== 'object' || value === null) continue;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const item = value[index];
          if (isNode(item)) {
            const child = item as Contained;
            child.$container = node;
            child.$containerProperty = property;
            child.$containerIndex = index;
            children.push(item);
          } else if (isAnyReference(item)) {
            references.push({ reference: item, container: node, property, index });
          }
        }
      } else if (isNode(value)) {
        const child = value as Contained;
        child.$container = node;
        child.$containerProperty = property;
        children.push(value);
      } else if (isAnyReference(value)) {
        references.push({ reference: value, container: node, property });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  parsedTrees.set(root, { nodes, references });
}

/** The container properties of a node, writable while the parser links the tree. */
interface Contained {
  $container?: AstNode;
  $containerProperty?: string;
  $containerIndex?: number;
}

/** Every cross-reference of the tree under `root`, in the order of Langium's linker (see {@link TreeIndex}). */
export function referencesInOrder(root: AstNode): readonly ReferenceInfo[] {
  const recorded = parsedTrees.get(root);
  if (recorded) return recorded.references;
  const out: ReferenceInfo[] = [];
  for (const node of astNodesInOrder(root)) forEachReference(node, (info) => out.push(info));
  return out;
}

/** Calls `visit` for each cross-reference a node holds, in the order of `AstUtils.streamReferences(node)`. */
export function forEachReference(node: AstNode, visit: (info: ReferenceInfo) => void): void {
  for (const property in node) {
    if (property.charCodeAt(0) === 36 /* $ */) continue;
    const value = (node as unknown as Record<string, unknown>)[property];
    if (isAnyReference(value)) {
      visit({ reference: value, container: node, property });
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const element = value[index];
        if (isAnyReference(element)) visit({ reference: element, container: node, property, index });
      }
    }
  }
}
