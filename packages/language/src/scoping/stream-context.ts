import { type AstNode, AstUtils } from 'langium';
import {
  type AggregateOp,
  type EmitOp,
  type FollowedBy,
  type InlineStream,
  isAggregateOp,
  isConnectorSource,
  isEmitOp,
  isEnrichOp,
  isEventDecl,
  isEventSource,
  isFollowedBy,
  isForecastOp,
  isInlineStream,
  isJoinSource,
  isMergeSource,
  isNameRef,
  isNotOp,
  isPartitionByOp,
  isPatternDecl,
  isProcessOp,
  isSaseBinary,
  isSaseGroup,
  isSaseItem,
  isSaseNot,
  isSaseSeq,
  isScoreOp,
  isSelectOp,
  isSequenceSource,
  isStreamDecl,
  isTimerSource,
  isTrendAggregateOp,
  JoinSource,
  type MergeItem,
  MergeSource,
  type PatternDecl,
  SaseItem,
  SequenceSource,
  type SequenceStep,
  type SourceTarget,
  StreamDecl,
  type StreamOp,
} from '../generated/ast.js';
import {
  eventShape,
  namedShape,
  OPAQUE_SHAPE,
  type RecordShape,
  type ShapeField,
  shapeOf,
  UNKNOWN_SHAPE,
} from './record-shape.js';

/** A name bound by a stream: a source or step alias, a `sequence(...)` step, or a join input. */
export interface AliasBinding {
  readonly name: string;
  readonly node: AstNode;
  /** The shape of the event it captures. */
  readonly shape: RecordShape;
  readonly kind: 'alias' | 'step' | 'join-input';
}

/** What the expressions of one operation (or step filter) of a stream can see. */
export interface ExpressionContext {
  /** The record whose fields bare names read. */
  readonly shape: RecordShape;
  readonly aliases: ReadonlyMap<string, AliasBinding>;
  /** Names usable as the receiver of `x.f` besides aliases: the source's type name. */
  readonly sourceNames: ReadonlySet<string>;
  /** Built-in variables in scope (`match_duration_ms` after a sequence, `forecast_*` after `.forecast`, …). */
  readonly builtinVariables: ReadonlySet<string>;
}

/** The name contexts of every expression position of a stream, and the shape of its output. */
export interface StreamContexts {
  readonly contexts: ReadonlyMap<AstNode, ExpressionContext>;
  readonly output: RecordShape;
}

export const FORECAST_VARIABLES: readonly string[] = [
  'forecast_probability',
  'forecast_confidence',
  'forecast_time',
  'forecast_state',
  'forecast_context_depth',
  'forecast_lower',
  'forecast_upper',
  'active_runs',
  'forecast_expected_time',
];
export const ENRICH_VARIABLES: readonly string[] = ['enrich_status', 'enrich_latency_ms'];
export const MATCH_VARIABLES: readonly string[] = ['match_duration_ms'];

const NO_ALIASES: ReadonlyMap<string, AliasBinding> = new Map();
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Computes, for one stream, which record shape, aliases and built-in variables each expression position sees
 * (semantics §5.2 and S29/S30): the source's shape, then each operation's effect in order. A step filter sees its
 * step's event and the aliases of earlier steps plus its own; a `.where` between steps filters the step before it
 * (S4); after the last step the record is the match record (§11.7); `.select`, `.emit(...)`, `.aggregate` and
 * `.trend_aggregate` give exactly the fields written, and the last two end the aliases.
 */
export class StreamContextAnalyzer {
  private readonly cache = new Map<AstNode, StreamContexts>();
  private readonly patternCache = new Map<PatternDecl, StreamContexts>();
  private readonly inProgress = new Set<AstNode>();

  /** Forgets every analysis; called whenever a document of the workspace changes. */
  clear(): void {
    this.cache.clear();
    this.patternCache.clear();
  }

  contextsOf(stream: StreamDecl): StreamContexts {
    const cached = this.cache.get(stream);
    if (cached) return cached;
    if (this.inProgress.has(stream)) return { contexts: new Map(), output: UNKNOWN_SHAPE };
    this.inProgress.add(stream);
    try {
      const result = this.analyseStream(stream);
      this.cache.set(stream, result);
      return result;
    } finally {
      this.inProgress.delete(stream);
    }
  }

  /** The contexts of the item conditions of a `pattern` declaration, and the shape of its match records. */
  patternContextsOf(pattern: PatternDecl): StreamContexts {
    const cached = this.patternCache.get(pattern);
    if (cached) return cached;
    if (this.inProgress.has(pattern)) return { contexts: new Map(), output: UNKNOWN_SHAPE };
    this.inProgress.add(pattern);
    try {
      const contexts = new Map<AstNode, ExpressionContext>();
      const aliases = new Map<string, AliasBinding>();
      const captures: AliasBinding[] = [];
      let allKnown = true;
      const visit = (expr: AstNode | undefined): void => {
        if (!expr) return;
        if (isSaseItem(expr)) {
          const shape = this.targetShape(expr.target?.ref, expr.target?.$refText ?? '');
          if (!shape.known) allKnown = false;
          const binding = expr.alias
            ? { name: expr.alias.name, node: expr.alias, shape, kind: 'alias' as const }
            : undefined;
          const visible = new Map(aliases);
          if (binding) visible.set(binding.name, binding);
          contexts.set(expr, {
            shape,
            aliases: visible,
            sourceNames: new Set([expr.target?.$refText ?? '']),
            builtinVariables: NO_NAMES,
          });
          if (binding) {
            aliases.set(binding.name, binding);
            captures.push(binding);
          }
        } else if (isSaseSeq(expr)) {
          for (const item of expr.items) visit(item.item);
        } else if (isSaseGroup(expr)) {
          visit(expr.inner);
        } else if (isSaseNot(expr)) {
          visit(expr.operand);
        } else if (isSaseBinary(expr)) {
          visit(expr.left);
          visit(expr.right);
        }
      };
      visit(pattern.body);
      const fields: ShapeField[] = [];
      if (pattern.partitionKey) fields.push({ name: pattern.partitionKey });
      fields.push({ name: 'match_duration_ms' });
      for (const capture of captures) {
        for (const field of capture.shape.fields.values())
          fields.push({ name: `${capture.name}_${field.name}`, type: field.type });
      }
      const result = { contexts, output: shapeOf(fields, allKnown), patternAliases: aliases };
      this.patternCache.set(pattern, result);
      return result;
    } finally {
      this.inProgress.delete(pattern);
    }
  }

  /** The aliases a declared pattern binds in the streams that use it as their source. */
  patternAliases(pattern: PatternDecl): ReadonlyMap<string, AliasBinding> {
    const result = this.patternContextsOf(pattern) as StreamContexts & { patternAliases?: Map<string, AliasBinding> };
    return result.patternAliases ?? NO_ALIASES;
  }

  /** The shape of what a source name denotes: a declared event, another stream's output, a pattern's matches. */
  targetShape(target: SourceTarget | undefined, _name: string): RecordShape {
    if (!target) return UNKNOWN_SHAPE;
    if (isEventDecl(target)) return eventShape(target);
    if (isStreamDecl(target)) return this.contextsOf(target).output;
    if (isPatternDecl(target)) return this.patternContextsOf(target).output;
    if (isInlineStream(target)) return this.targetShape(target.target?.ref, target.target?.$refText ?? '');
    return UNKNOWN_SHAPE;
  }

  private analyseStream(stream: StreamDecl): StreamContexts {
    const contexts = new Map<AstNode, ExpressionContext>();
    const source = stream.source;
    const aliases = new Map<string, AliasBinding>();
    const sourceNames = new Set<string>();
    let builtins = new Set<string>();
    let shape: RecordShape = UNKNOWN_SHAPE;
    const stepShapes: { binding?: AliasBinding; shape: RecordShape }[] = [];

    if (isEventSource(source)) {
      shape = this.sourceTargetShape(stream, source.target?.ref, source.target?.$refText ?? '');
      sourceNames.add(source.target?.$refText ?? '');
      const target = source.target?.ref;
      if (target && isPatternDecl(target)) {
        for (const [name, binding] of this.patternAliases(target)) aliases.set(name, binding);
        builtins = new Set(MATCH_VARIABLES);
      }
      if (source.alias) {
        const binding: AliasBinding = { name: source.alias.name, node: source.alias, shape, kind: 'alias' };
        aliases.set(binding.name, binding);
        stepShapes.push({ binding, shape });
      } else {
        stepShapes.push({ shape });
      }
    } else if (isConnectorSource(source)) {
      shape = this.sourceTargetShape(stream, source.event?.ref, source.event?.$refText ?? '');
      sourceNames.add(source.event?.$refText ?? '');
      stepShapes.push({ shape });
    } else if (isMergeSource(source)) {
      shape = this.mergeShape(stream, source.items, contexts);
    } else if (isJoinSource(source)) {
      shape = this.joinShape(stream, source.items, contexts, aliases, sourceNames);
    } else if (isSequenceSource(source)) {
      for (const step of source.steps) {
        const stepShape = this.sourceTargetShape(stream, step.target?.ref, step.target?.$refText ?? '');
        const binding: AliasBinding = { name: step.name, node: step, shape: stepShape, kind: 'step' };
        const visible = new Map(aliases);
        visible.set(binding.name, binding);
        contexts.set(step, {
          shape: stepShape,
          aliases: visible,
          sourceNames: new Set([step.target?.$refText ?? '']),
          builtinVariables: NO_NAMES,
        });
        aliases.set(binding.name, binding);
        stepShapes.push({ binding, shape: stepShape });
      }
      shape = this.matchShape(stream, stepShapes);
      builtins = new Set(MATCH_VARIABLES);
    } else if (isTimerSource(source)) {
      shape = shapeOf([{ name: 'timestamp' }], true);
    }

    const ops = stream.ops;
    let lastStep = -1;
    ops.forEach((op, index) => {
      if (isFollowedBy(op)) lastStep = index;
    });
    // The operations' contexts share read-only copies of the aliases and source names, made again only after a change.
    const views = new ScopeViews(aliases, sourceNames);
    // Before and between followed-by steps the record is the most recent step's event.
    let stepEventShape = shape;
    for (let index = 0; index < ops.length; index++) {
      const op = ops[index]!;
      if (index <= lastStep) {
        if (isFollowedBy(op)) {
          const stepShape = this.sourceTargetShape(stream, op.target?.ref, op.target?.$refText ?? '');
          const binding: AliasBinding | undefined = op.alias
            ? { name: op.alias.name, node: op.alias, shape: stepShape, kind: 'alias' }
            : undefined;
          const visible = new Map(aliases);
          if (binding) visible.set(binding.name, binding);
          contexts.set(op, {
            shape: stepShape,
            aliases: visible,
            sourceNames: new Set([...sourceNames, op.target?.$refText ?? '']),
            builtinVariables: NO_NAMES,
          });
          if (binding) {
            aliases.set(binding.name, binding);
            views.aliasesChanged();
          }
          stepShapes.push({ binding, shape: stepShape });
          stepEventShape = stepShape;
          if (index === lastStep) {
            shape = this.matchShape(stream, stepShapes);
            builtins = new Set([...builtins, ...MATCH_VARIABLES]);
          }
          continue;
        }
        const context = this.contextForOp(op, stepEventShape, views, builtins);
        contexts.set(op, context);
        continue;
      }
      contexts.set(
        op,
        this.contextForOp(op, this.stepRelative(stream, op, index, shape, stepShapes, lastStep), views, builtins),
      );
      // The effect of the operation on the record that flows on.
      if (isSelectOp(op)) {
        shape = namedShape(
          op.items.map((item) => item.name),
          shape,
          new Map(op.items.filter((item) => item.value).map((item) => [item.name, item])),
        );
      } else if (isEmitOp(op)) {
        if (op.args.length > 0) shape = this.emitShape(op, shape);
      } else if (isAggregateOp(op)) {
        shape = this.aggregateShape(stream, op, shape);
        aliases.clear();
        views.aliasesChanged();
      } else if (isTrendAggregateOp(op)) {
        const key = this.partitionKey(stream);
        shape = namedShape(
          [...(key ? [key] : []), ...op.items.map((item) => item.name)],
          shape,
          new Map(op.items.map((item) => [item.name, item])),
        );
        aliases.clear();
        views.aliasesChanged();
      } else if (isEnrichOp(op)) {
        const added: ShapeField[] = [];
        for (const param of op.params) for (const field of param.fields) added.push({ name: field });
        // The lookup status travels with the record, so downstream streams can read it too.
        for (const variable of ENRICH_VARIABLES) added.push({ name: variable });
        shape = {
          known: shape.known,
          opaque: shape.opaque,
          fields: new Map([...shape.fields, ...added.map((f) => [f.name, f] as const)]),
        };
        builtins = new Set([...builtins, ...ENRICH_VARIABLES]);
      } else if (isScoreOp(op)) {
        const added = op.params.filter((param) => param.key === 'outputs').flatMap((param) => param.names);
        shape = {
          known: shape.known,
          opaque: shape.opaque,
          fields: new Map([...shape.fields, ...added.map((name) => [name, { name }] as const)]),
        };
      } else if (isForecastOp(op)) {
        builtins = new Set([...builtins, ...FORECAST_VARIABLES]);
      } else if (isProcessOp(op)) {
        shape = OPAQUE_SHAPE;
      }
    }
    const output = lastStep === ops.length - 1 && lastStep >= 0 ? this.matchShape(stream, stepShapes) : shape;
    return { contexts, output };
  }

  /**
   * In a sequence stream, `.partition_by(k)` names a field of the step events wherever it is written, and a
   * `.where` between the last step and `.trend_aggregate` adds to the last step's filter (S34): both see step events.
   */
  private stepRelative(
    stream: StreamDecl,
    op: StreamOp,
    index: number,
    shape: RecordShape,
    steps: { shape: RecordShape }[],
    lastStep: number,
  ): RecordShape {
    const patternSource =
      isEventSource(stream.source) && isPatternDecl(stream.source.target?.ref) ? stream.source.target?.ref : undefined;
    const stepEvents = patternSource ? this.patternItemShapes(patternSource) : steps.map((step) => step.shape);
    if (stepEvents.length === 0 || (lastStep < 0 && !patternSource && !isSequenceSource(stream.source))) return shape;
    const union = (): RecordShape => {
      const fields = new Map<string, ShapeField>();
      let known = true;
      for (const step of stepEvents) {
        if (!step.known) known = false;
        for (const [name, field] of step.fields) if (!fields.has(name)) fields.set(name, field);
      }
      return { known, fields: new Map([...shape.fields, ...fields]) };
    };
    if (isPartitionByOp(op)) return union();
    if (op.$type === 'WhereOp' && lastStep >= 0) {
      const trend = stream.ops.findIndex(isTrendAggregateOp);
      if (
        trend > index &&
        stream.ops
          .slice(lastStep + 1, index)
          .every((o) => o.$type === 'WhereOp' || o.$type === 'WithinOp' || isPartitionByOp(o))
      ) {
        return steps[steps.length - 1]!.shape;
      }
    }
    return shape;
  }

  private patternItemShapes(pattern: PatternDecl): RecordShape[] {
    const shapes: RecordShape[] = [];
    for (const node of AstUtils.streamAllContents(pattern)) {
      if (isSaseItem(node)) shapes.push(this.targetShape(node.target?.ref, node.target?.$refText ?? ''));
    }
    return shapes;
  }

  private contextForOp(
    op: StreamOp,
    shape: RecordShape,
    views: ScopeViews,
    builtins: ReadonlySet<string>,
  ): ExpressionContext {
    if (isNotOp(op)) {
      const notShape = this.targetShape(op.target?.ref, op.target?.$refText ?? '');
      return {
        shape: notShape,
        aliases: views.aliases(),
        sourceNames: new Set([...views.sourceNames(), op.target?.$refText ?? '']),
        builtinVariables: builtins,
      };
    }
    return { shape, aliases: views.aliases(), sourceNames: views.sourceNames(), builtinVariables: builtins };
  }

  /** A source of a stream: like `targetShape`, with the synthetic `Late_<T>` and `Timer_<S>` types. */
  private sourceTargetShape(stream: StreamDecl, target: SourceTarget | undefined, name: string): RecordShape {
    if (target) return this.targetShape(target, name);
    const program = AstUtils.getDocument(stream).parseResult.value as { statements?: AstNode[] } | undefined;
    if (name.startsWith('Late_')) {
      const lateOf = name.slice('Late_'.length);
      const event = program?.statements?.find((s) => (isEventDecl(s) || isStreamDecl(s)) && s.name === lateOf);
      if (event && isEventDecl(event)) return eventShape(event);
      if (event && isStreamDecl(event)) return this.contextsOf(event).output;
    }
    if (name.startsWith('Timer_')) return shapeOf([{ name: 'timestamp' }], true);
    return UNKNOWN_SHAPE;
  }

  private partitionKey(stream: StreamDecl): string | undefined {
    const op = stream.ops.find(isPartitionByOp);
    if (op && isNameRef(op.key)) return op.key.target?.$refText ?? '';
    return undefined;
  }

  private matchShape(stream: StreamDecl, steps: { binding?: AliasBinding; shape: RecordShape }[]): RecordShape {
    const fields: ShapeField[] = [];
    const key = this.partitionKey(stream);
    if (key) fields.push({ name: key });
    fields.push({ name: 'match_duration_ms' });
    let known = true;
    for (const step of steps) {
      if (!step.shape.known) known = false;
      if (!step.binding) continue;
      for (const field of step.shape.fields.values())
        fields.push({ name: `${step.binding.name}_${field.name}`, type: field.type });
    }
    return shapeOf(fields, known);
  }

  private emitShape(op: EmitOp, input: RecordShape): RecordShape {
    const args = op.args.filter((arg) => !(arg.name === 'context' && isNameRef(arg.value)));
    return namedShape(
      args.map((arg) => arg.name),
      input,
      new Map(args.map((arg) => [arg.name, arg])),
    );
  }

  private aggregateShape(stream: StreamDecl, op: AggregateOp, input: RecordShape): RecordShape {
    // An aggregate written after `.partition_by` is partitioned (even when a window precedes the partition_by,
    // which is W002: the window itself is not partitioned), so its result carries the key.
    const partition = stream.ops.findIndex(isPartitionByOp);
    const aggregate = stream.ops.indexOf(op);
    const partitioned = partition >= 0 && partition < aggregate;
    const key = partitioned ? this.partitionKey(stream) : undefined;
    const names = [...(key ? [key] : []), ...op.items.map((item) => item.name)];
    return namedShape(names, input, new Map(op.items.map((item) => [item.name, item])));
  }

  private mergeShape(stream: StreamDecl, items: MergeItem[], contexts: Map<AstNode, ExpressionContext>): RecordShape {
    // The known shape of a merge is the fields every input has (a decision: docs/decisions/0003-record-shapes.md).
    let known = true;
    let fields: Map<string, ShapeField> | undefined;
    for (const item of items) {
      const itemShape = this.sourceTargetShape(stream, item.target?.ref, item.target?.$refText ?? '');
      if (isInlineStream(item)) {
        contexts.set(item, {
          shape: itemShape,
          aliases: NO_ALIASES,
          sourceNames: new Set([item.target?.$refText ?? '']),
          builtinVariables: NO_NAMES,
        });
      }
      if (!itemShape.known) known = false;
      if (!fields) fields = new Map(itemShape.fields);
      else for (const name of [...fields.keys()]) if (!itemShape.fields.has(name)) fields.delete(name);
    }
    return { known, fields: fields ?? new Map() };
  }

  private joinShape(
    stream: StreamDecl,
    items: MergeItem[],
    contexts: Map<AstNode, ExpressionContext>,
    aliases: Map<string, AliasBinding>,
    sourceNames: Set<string>,
  ): RecordShape {
    let known = true;
    const prefixed: ShapeField[] = [];
    const plain = new Map<string, ShapeField>();
    const inlines: InlineStream[] = [];
    for (const item of items) {
      const inputName = isInlineStream(item) ? item.name : (item.target?.$refText ?? '');
      const itemShape = this.sourceTargetShape(stream, item.target?.ref, item.target?.$refText ?? '');
      if (!itemShape.known) known = false;
      aliases.set(inputName, {
        name: inputName,
        node: isInlineStream(item) ? item : (item.target?.ref ?? item),
        shape: itemShape,
        kind: 'join-input',
      });
      sourceNames.add(inputName);
      sourceNames.add(item.target?.$refText ?? '');
      for (const [name, field] of itemShape.fields) {
        prefixed.push({ name: `${inputName}_${name}`, type: field.type });
        if (!plain.has(name)) plain.set(name, field);
      }
      if (isInlineStream(item)) inlines.push(item);
    }
    const shape = shapeOf([...prefixed, ...plain.values()], known);
    for (const inline of inlines) {
      contexts.set(inline, {
        shape,
        aliases: new Map(aliases),
        sourceNames: new Set(sourceNames),
        builtinVariables: NO_NAMES,
      });
    }
    return shape;
  }
}

/**
 * Read-only copies of the aliases and source names in scope at an operation of a stream. Operations between two
 * changes share one copy (their contexts are never modified), instead of copying both collections per operation.
 * The source names do not change once the operations are analysed.
 */
class ScopeViews {
  private aliasesCopy: ReadonlyMap<string, AliasBinding> | undefined;
  private sourceNamesCopy: ReadonlySet<string> | undefined;

  constructor(
    private readonly liveAliases: ReadonlyMap<string, AliasBinding>,
    private readonly liveSourceNames: ReadonlySet<string>,
  ) {}

  aliasesChanged(): void {
    this.aliasesCopy = undefined;
  }

  aliases(): ReadonlyMap<string, AliasBinding> {
    this.aliasesCopy ??= new Map(this.liveAliases);
    return this.aliasesCopy;
  }

  sourceNames(): ReadonlySet<string> {
    this.sourceNamesCopy ??= new Set(this.liveSourceNames);
    return this.sourceNamesCopy;
  }
}

/**
 * The operation, step, sequence step or inline stream whose context an expression is evaluated in. It runs for every
 * name, so it compares `$type`s (these node types have no subtypes) instead of calling the generated type guards.
 */
export function contextOwner(
  node: AstNode,
): { owner: AstNode; stream?: StreamDecl; pattern?: PatternDecl } | undefined {
  let current: AstNode | undefined = node;
  while (current?.$container) {
    const container: AstNode = current.$container;
    const type = container.$type;
    if (type === StreamDecl.$type) return { owner: current, stream: container as StreamDecl };
    if (type === SaseItem.$type && AstUtils.getContainerOfType(container, isPatternDecl)) {
      return { owner: container, pattern: AstUtils.getContainerOfType(container, isPatternDecl) };
    }
    if (type === SequenceSource.$type || type === MergeSource.$type || type === JoinSource.$type) {
      const stream = AstUtils.getContainerOfType(container, isStreamDecl);
      return { owner: current, ...(stream ? { stream } : {}) };
    }
    current = container;
  }
  return undefined;
}

export type { FollowedBy, SaseItem, SequenceStep };
