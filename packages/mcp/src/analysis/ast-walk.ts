/** A syntax-tree node as Langium builds it (only what the walkers need). */
export interface AnyNode {
  readonly $type: string;
  readonly $container?: AnyNode;
  readonly $cstNode?: {
    readonly text: string;
    readonly offset: number;
    readonly end: number;
    readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  };
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** The children of a node, in property order (no cross-references). */
export function* children(node: AnyNode): Generator<AnyNode> {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('$')) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) yield item;
    } else if (isNode(value)) {
      yield value;
    }
  }
}

/** Every node below `node`, depth first, in source order. */
export function* descendants(node: AnyNode): Generator<AnyNode> {
  for (const child of children(node)) {
    yield child;
    yield* descendants(child);
  }
}

/** The source text of a node, whitespace collapsed. */
export function sourceText(node: unknown): string {
  if (!isNode(node)) return '';
  return (node.$cstNode?.text ?? '').replace(/\s+/g, ' ').trim();
}

/** The 1-based line of a node. */
export function lineOf(node: AnyNode | undefined): number {
  return (node?.$cstNode?.range.start.line ?? 0) + 1;
}
