import type { IToken } from 'chevrotain';

/*
 * Cheaper versions of four steps of Langium's CST builder (langium/lib/parser/cst-node-builder.js, version 4.4.0,
 * MIT licence, TypeFox GmbH), installed on the builder of one parser, and the span check the parser's `subrule`
 * needs. They build the same syntax tree: same nodes, same children in the same order.
 */

/** A CST node as Langium's CST builder handles it. */
export interface BuilderNode {
  container?: BuilderNode;
  content: BuilderNode[];
}

/** The fields of Langium's CST nodes that the span computation reads. */
export interface CstNodeData {
  /** Composite nodes only. */
  content?: CstNodeData[];
  /** Leaf nodes only. */
  _offset?: number;
  _length?: number;
  hidden: boolean;
}

/** Langium's CST builder internals the fast paths replace or use. */
export interface CstBuilderInternals {
  buildRootNode(input: string): unknown;
  buildCompositeNode(feature: unknown): CstNodeData;
  addHiddenNodes(tokens: IToken[]): void;
  construct(item: object): void;
  appendChild(parent: BuilderNode, child: BuilderNode): void;
  appendChildren(parent: BuilderNode, children: BuilderNode[]): void;
  insertChildren(parent: BuilderNode, index: number, children: BuilderNode[]): void;
  createLeafNode(token: IToken, hidden: boolean): BuilderNode;
  removeNode(node: BuilderNode): void;
  readonly rootNode: BuilderNode;
  readonly current: BuilderNode;
  nodeStack: BuilderNode[];
}

/** The methods of Langium's CST builder the fast paths replace or call: the test checks that they still exist. */
export const CST_BUILDER_METHODS = [
  'appendChild',
  'appendChildren',
  'insertChildren',
  'createLeafNode',
  'removeNode',
  'addHiddenNodes',
  'construct',
] as const;

/** Installs the fast paths on the CST builder of a Langium parser. */
export function installCstBuilderFastPaths(builder: CstBuilderInternals): void {
  for (const method of CST_BUILDER_METHODS) {
    if (typeof builder[method] !== 'function') throw new Error(`Langium's CST builder has no '${method}'.`);
  }

  // Composite CST nodes: Langium pushes children into an empty array (which makes V8 allocate room for 16) and then
  // copies the array to its exact size when the node is complete. A first child starts an exact one-element array
  // instead, and a node with one child (most nodes: every level of an expression) is complete as it is.
  builder.appendChild = (parent, child) => {
    child.container = parent;
    if (parent.content.length === 0) parent.content = [child];
    else parent.content.push(child);
  };
  builder.construct = function construct(this: typeof builder, item: { $cstNode?: unknown }) {
    const current = this.current;
    item.$cstNode = current;
    const node = this.nodeStack.pop();
    if (!node) return;
    if (node.content.length === 0) this.removeNode(node);
    else if (node.content.length > 1) node.content = node.content.slice();
  };

  // A node is removed from its container (Langium: when an action wraps it) searching from the end, where it is.
  builder.removeNode = (node) => {
    const parent = node.container;
    if (!parent) return;
    const index = parent.content.lastIndexOf(node);
    if (index >= 0) parent.content.splice(index, 1);
  };

  // Comments: as Langium's `addHiddenNodes`, but nothing to do for no comment, and the position of a node in its
  // container is searched from the end, where a node being built is (the search from the start made attaching the
  // comments before each top-level statement quadratic in the number of statements).
  builder.addHiddenNodes = function addHiddenNodes(this: typeof builder, tokens: IToken[]) {
    if (tokens.length === 0) return;
    const nodes = tokens.map((token) => this.createLeafNode(token, true));
    let current = this.current;
    if (current.content.length > 0) {
      this.appendChildren(current, nodes);
      return;
    }
    while (current.container) {
      const index = current.container.content.lastIndexOf(current);
      if (index > 0) {
        this.insertChildren(current.container, index, nodes);
        return;
      }
      current = current.container;
    }
    this.insertChildren(this.rootNode, 0, nodes);
  };
}

/**
 * `cstNode.length > 0` as Langium's CST computes it (the end of the last visible leaf minus the offset of the first,
 * found by descending through the first and last non-hidden children), without its recursive getters: the check
 * runs once per rule call on chains of nested nodes, where the getters made it quadratic in the nesting depth.
 */
export function hasText(cstNode: CstNodeData): boolean {
  return cstEnd(cstNode) - cstOffset(cstNode) > 0;
}

function cstOffset(node: CstNodeData): number {
  let current = node;
  while (current.content) {
    const content = current.content;
    if (content.length === 0) return 0;
    let next = content[0]!;
    for (let i = 0; i < content.length; i++) {
      if (!content[i]!.hidden) {
        next = content[i]!;
        break;
      }
    }
    current = next;
  }
  return current._offset!;
}

function cstEnd(node: CstNodeData): number {
  let current = node;
  while (current.content) {
    const content = current.content;
    if (content.length === 0) return 0;
    let next = content[content.length - 1]!;
    for (let i = content.length - 1; i >= 0; i--) {
      if (!content[i]!.hidden) {
        next = content[i]!;
        break;
      }
    }
    current = next;
  }
  return current._offset! + current._length!;
}
