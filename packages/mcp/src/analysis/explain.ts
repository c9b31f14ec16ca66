import type { ast } from '@varpulis/language';
import { lineOf, sourceText } from './ast-walk.js';
import type { CheckedProgram } from './program-check.js';
import { languageServices } from './services.js';
import { computedFieldType, inferType, typeText } from './type-inference.js';

export interface FieldInfo {
  name: string;
  type: string;
  optional: boolean;
}

export interface OperationInfo {
  /** the operation name (`where`, `window`, …) or `->` for a followed-by step */
  op: string;
  line: number;
  text: string;
  description: string;
}

export interface StreamInfo {
  name: string;
  line: number;
  source: { kind: string; inputs: string[]; text: string; description: string };
  operations: OperationInfo[];
  /** for sequence streams: the pattern in plain words */
  pattern?: string;
  output: { fields: FieldInfo[]; shapeKnown: boolean; eventType: string };
  /** true when the stream emits events (ends in `.emit`, or `.process` with `emit` statements) */
  emits: boolean;
  sinks: string[];
  description: string;
}

export interface GraphNode {
  id: string;
  kind: 'event' | 'stream' | 'pattern' | 'connector' | 'timer';
  label: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
}

export interface ProgramExplanation {
  eventTypes: { name: string; line: number; extends?: string; fields: FieldInfo[]; usedBy: string[] }[];
  undeclaredEventTypes: string[];
  connectors: { name: string; kind: string; params: Record<string, string> }[];
  globals: { name: string; binding: string; type: string; value: string }[];
  functions: { name: string; line: number; params: { name: string; type: string }[]; returns: string }[];
  patterns: { name: string; line: number; description: string; within?: string; partitionBy?: string }[];
  streams: StreamInfo[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[]; mermaid: string };
}

type Stmt = ast.Statement;

/** A structured, plain-words description of a checked program (see the `explain_vpl` tool). */
export function explainProgram(checked: CheckedProgram): ProgramExplanation {
  const statements = topLevel(checked.program.statements);
  const events = statements.filter((s): s is ast.EventDecl => s.$type === 'EventDecl');
  const streams = statements.filter((s): s is ast.StreamDecl => s.$type === 'StreamDecl');
  const patterns = statements.filter((s): s is ast.PatternDecl => s.$type === 'PatternDecl');
  const connectors = statements.filter((s): s is ast.ConnectorDecl => s.$type === 'ConnectorDecl');
  const declaredEvents = new Set(events.map((e) => e.name));
  const streamNames = new Set(streams.map((s) => s.name));
  const patternNames = new Set(patterns.map((p) => p.name));

  const streamInfos = streams.map((s) => explainStream(s));
  const usedBy = new Map<string, string[]>();
  for (const s of streamInfos) {
    for (const input of s.source.inputs) {
      const list = usedBy.get(input) ?? [];
      if (!list.includes(s.name)) list.push(s.name);
      usedBy.set(input, list);
    }
  }
  const referenced = new Set(streamInfos.flatMap((s) => s.source.inputs));
  for (const p of patterns) for (const t of patternTargets(p.body)) referenced.add(t);
  const undeclared = [...referenced].filter(
    (n) =>
      !declaredEvents.has(n) &&
      !streamNames.has(n) &&
      !patternNames.has(n) &&
      n !== 'timer' &&
      !n.startsWith('Late_') &&
      !n.startsWith('Timer_'),
  );

  return {
    eventTypes: events.map((e) => ({
      name: e.name,
      line: lineOf(e),
      ...(e.base ? { extends: e.base.$refText } : {}),
      fields: e.fields.map((f) => field(f.name, typeText(f.type))),
      usedBy: usedBy.get(e.name) ?? [],
    })),
    undeclaredEventTypes: undeclared.sort(),
    connectors: connectors.map((c) => ({
      name: c.name,
      kind: c.kind,
      params: Object.fromEntries(c.params.map((p) => [p.key, sourceText(p.value)])),
    })),
    globals: statements
      .filter((s): s is ast.VarDecl => s.$type === 'VarDecl')
      .map((v) => ({
        name: v.name,
        binding: v.kind,
        type: v.type ? typeText(v.type) : inferType(v.value),
        value: sourceText(v.value),
      })),
    functions: statements
      .filter((s): s is ast.FnDecl => s.$type === 'FnDecl')
      .map((f) => ({
        name: f.name,
        line: lineOf(f),
        params: f.params.map((p) => ({ name: p.name, type: typeText(p.type) })),
        returns: f.returnType ? typeText(f.returnType) : 'unspecified',
      })),
    patterns: patterns.map((p) => ({
      name: p.name,
      line: lineOf(p),
      description:
        describeSase(p.body) +
        (p.within ? `, all within ${p.within}` : '') +
        (p.partitionKey ? `, separately for each ${p.partitionKey}` : ''),
      ...(p.within ? { within: p.within } : {}),
      ...(p.partitionKey ? { partitionBy: p.partitionKey } : {}),
    })),
    streams: streamInfos,
    graph: buildGraph(streamInfos, declaredEvents, streamNames, patternNames, patterns),
  };
}

/** Top-level statements, including those inside declaration loops. */
function topLevel(statements: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of statements) {
    out.push(s);
    if (s.$type === 'ForStmt') out.push(...topLevel((s as ast.ForStmt).body));
  }
  return out;
}

function field(name: string, type: string): FieldInfo {
  const optional = type.endsWith('?');
  return { name, type, optional };
}

// ---- streams ----

/** How each stream uses each of its inputs (`event`, `step`, `not`, `merge`, …), for the graph's edge labels. */
const inputRoles = new WeakMap<StreamInfo, Map<string, string>>();

function explainStream(stream: ast.StreamDecl): StreamInfo {
  const source = describeSource(stream.source);
  const roles = new Map<string, string>(source.inputs.map((i) => [i, source.kind]));
  const operations: OperationInfo[] = [];
  const sinks: string[] = [];
  const inputs = [...source.inputs];
  const steps: string[] = [];
  let emits = false;
  let within: string | undefined;
  const negations: string[] = [];
  if (stream.source.$type === 'EventSource') {
    const s = stream.source as ast.EventSource;
    steps.push(`${s.all ? 'one or more ' : ''}${s.target.$refText}${s.alias ? ` (as ${s.alias.name})` : ''}`);
  }
  for (const op of stream.ops) {
    const text = sourceText(op);
    const info = describeOp(op);
    operations.push({ op: info.op, line: lineOf(op), text, description: info.description });
    if (op.$type === 'FollowedBy') {
      const f = op as ast.FollowedBy;
      if (!inputs.includes(f.target.$refText)) inputs.push(f.target.$refText);
      if (!roles.has(f.target.$refText)) roles.set(f.target.$refText, 'step');
      steps.push(
        `${f.all ? 'one or more ' : ''}${f.target.$refText}${f.condition ? ` where ${sourceText(f.condition)}` : ''}${f.alias ? ` (as ${f.alias.name})` : ''}`,
      );
    } else if (op.$type === 'NotOp') {
      const n = op as ast.NotOp;
      if (!inputs.includes(n.target.$refText)) inputs.push(n.target.$refText);
      if (!roles.has(n.target.$refText)) roles.set(n.target.$refText, 'not');
      negations.push(`${n.target.$refText}${n.condition ? ` where ${sourceText(n.condition)}` : ''}`);
    } else if (op.$type === 'WithinOp') {
      within = sourceText((op as ast.WithinOp).duration);
    } else if (op.$type === 'EmitOp' || op.$type === 'ProcessOp') {
      emits = true;
    } else if (op.$type === 'ToOp') {
      sinks.push((op as ast.ToOp).connector.$refText);
    } else if (op.$type === 'WhereOp' && steps.length > 1) {
      // a `.where` between steps filters the step before it (S4)
    }
  }
  let pattern: string | undefined;
  if (steps.length > 1 || stream.source.$type === 'SequenceSource') {
    const parts =
      stream.source.$type === 'SequenceSource'
        ? source.description
        : `${steps[0]}, then ${steps.slice(1).join(', then ')}`;
    pattern =
      `Matches ${parts}` +
      (within ? `, the whole match within ${within} of its first event` : '') +
      (negations.length > 0 ? `; a partial match is abandoned if ${negations.join(' or ')} arrives first` : '') +
      '. Every start event opens its own run; each run takes the first later event that fits its next step.';
  }
  const output = outputOf(stream);
  const description =
    `Stream ${stream.name} reads ${source.description}` +
    (operations.length > 0 ? `, then ${operations.map((o) => o.description).join('; ')}` : '') +
    (emits ? '.' : '. It emits nothing itself (no `.emit`): its records only feed the streams that read it.');
  const info: StreamInfo = {
    name: stream.name,
    line: lineOf(stream),
    source: { ...source, inputs },
    operations,
    ...(pattern ? { pattern } : {}),
    output,
    emits,
    sinks,
    description,
  };
  inputRoles.set(info, roles);
  return info;
}

function describeSource(source: ast.StreamSource): StreamInfo['source'] {
  const text = sourceText(source);
  switch (source.$type) {
    case 'EventSource': {
      const s = source as ast.EventSource;
      const name = s.target.$refText;
      return {
        kind: kindOfTarget(s.target.ref),
        inputs: [name],
        text,
        description: `${s.all ? 'one or more ' : 'every '}${name} event${s.alias ? ` (bound as ${s.alias.name})` : ''}`,
      };
    }
    case 'ConnectorSource': {
      const s = source as ast.ConnectorSource;
      return {
        kind: 'connector',
        inputs: [s.event.$refText],
        text,
        description: `${s.event.$refText} events from connector ${s.connector.$refText}${s.params.length > 0 ? ` (${s.params.map((p) => sourceText(p)).join(', ')})` : ''}`,
      };
    }
    case 'MergeSource': {
      const items = (source as ast.MergeSource).items.map(mergeItemName);
      return { kind: 'merge', inputs: items, text, description: `the union of ${items.join(', ')}` };
    }
    case 'JoinSource': {
      const items = (source as ast.JoinSource).items.map(mergeItemName);
      return {
        kind: 'join',
        inputs: items,
        text,
        description: `pairs of ${items.join(' and ')} events joined on the .on(...) condition`,
      };
    }
    case 'SequenceSource': {
      const steps = (source as ast.SequenceSource).steps;
      return {
        kind: 'sequence',
        inputs: steps.map((s) => s.target.$refText),
        text,
        description: steps
          .map(
            (s) =>
              `${s.target.$refText} (as ${s.name})${s.condition ? ` where ${sourceText(s.condition)}` : ''}${s.within ? ` within ${sourceText(s.within)}` : ''}`,
          )
          .join(', then '),
      };
    }
    case 'TimerSource': {
      const t = source as ast.TimerSource;
      return { kind: 'timer', inputs: ['timer'], text, description: `a tick every ${sourceText(t.interval)}` };
    }
    default:
      return { kind: 'unknown', inputs: [], text, description: text };
  }
}

function mergeItemName(item: ast.MergeItem): string {
  return item.$type === 'InlineStream'
    ? (item as ast.InlineStream).target.$refText
    : (item as ast.SourceRef).target.$refText;
}

function kindOfTarget(target: unknown): string {
  const type = (target as { $type?: string } | undefined)?.$type;
  if (type === 'StreamDecl') return 'stream';
  if (type === 'PatternDecl') return 'pattern';
  return 'event';
}

function argsText(args: readonly { name: string; value: ast.Expr }[]): string {
  return args.map((a) => `${a.name} = ${sourceText(a.value)}`).join(', ');
}

/** One operation in plain words. */
function describeOp(op: ast.StreamOp): { op: string; description: string } {
  const t = (n: unknown) => sourceText(n);
  switch (op.$type) {
    case 'FollowedBy': {
      const f = op as ast.FollowedBy;
      return {
        op: '->',
        description: `then ${f.all ? 'one or more' : 'a later'} ${f.target.$refText} event${f.condition ? ` where ${t(f.condition)}` : ''}${f.alias ? ` (bound as ${f.alias.name})` : ''}`,
      };
    }
    case 'WhereOp':
      return { op: 'where', description: `keep only records where ${t((op as ast.WhereOp).condition)}` };
    case 'FilterOp':
      return { op: 'filter', description: `keep only records where ${t((op as ast.FilterOp).condition)}` };
    case 'SelectOp':
      return {
        op: 'select',
        description: `replace each record by the fields ${(op as ast.SelectOp).items.map((i) => (i.value ? `${i.name} = ${t(i.value)}` : i.name)).join(', ')}`,
      };
    case 'WindowOp':
      return { op: 'window', description: describeWindow(op as ast.WindowOp) };
    case 'AggregateOp':
      return {
        op: 'aggregate',
        description: `when a window closes, compute ${(op as ast.AggregateOp).items.map((i) => `${i.name} = ${t(i.value)}`).join(', ')} over its events`,
      };
    case 'HavingOp':
      return { op: 'having', description: `keep only aggregate results where ${t((op as ast.HavingOp).condition)}` };
    case 'PartitionByOp':
      return {
        op: 'partition_by',
        description: `process each distinct ${t((op as ast.PartitionByOp).key)} separately (the key is kept in the results)`,
      };
    case 'WithinOp':
      return {
        op: 'within',
        description: `the whole match must complete within ${t((op as ast.WithinOp).duration)} of its first event (event time)`,
      };
    case 'NotOp': {
      const n = op as ast.NotOp;
      return {
        op: 'not',
        description: `abandon a partial match when a ${n.target.$refText} event${n.condition ? ` where ${t(n.condition)}` : ''} arrives before it completes`,
      };
    }
    case 'EmitOp': {
      const e = op as ast.EmitOp;
      if (e.args.length === 0) return { op: 'emit', description: 'emit the records unchanged' };
      return {
        op: 'emit',
        description: `emit an event ${e.asType ? `(typed ${e.asType.$refText}) ` : ''}with ${argsText(e.args)}`,
      };
    }
    case 'ToOp': {
      const o = op as ast.ToOp;
      return {
        op: 'to',
        description: `send the output to connector ${o.connector.$refText}${o.params.length ? ` (${o.params.map((p) => t(p)).join(', ')})` : ''}`,
      };
    }
    case 'PrintOp':
      return { op: 'print', description: 'print the values (events pass through)' };
    case 'LogOp':
      return { op: 'log', description: `log ${argsText((op as ast.LogOp).args)} (events pass through)` };
    case 'TapOp':
      return { op: 'tap', description: 'metrics hook (has no effect in this engine)' };
    case 'ProcessOp':
      return {
        op: 'process',
        description: `call ${t((op as ast.ProcessOp).expr)} per record; every emit statement it runs becomes an output event`,
      };
    case 'PatternOp':
      return { op: 'pattern', description: `keep windows whose events satisfy ${t((op as ast.PatternOp).body)}` };
    case 'TrendAggregateOp':
      return {
        op: 'trend_aggregate',
        description: `aggregate over all matched trends per within-window: ${(op as ast.TrendAggregateOp).items.map((i) => `${i.name} = ${i.function}(${t(i.argument)})`).join(', ')}`,
      };
    case 'ForecastOp':
      return {
        op: 'forecast',
        description: `forecast whether partial matches will complete${(op as ast.ForecastOp).args.length ? ` (${argsText((op as ast.ForecastOp).args)})` : ''}; outputs forecasts, not matches`,
      };
    case 'EnrichOp': {
      const e = op as ast.EnrichOp;
      return {
        op: 'enrich',
        description: `look up ${e.params.map((p) => t(p)).join(', ')} in connector ${e.connector.$refText} (no network in simulation: the fallback applies)`,
      };
    }
    case 'ScoreOp':
      return { op: 'score', description: 'score each record with an ONNX model' };
    case 'WatermarkOp':
      return {
        op: 'watermark',
        description: `tolerate out-of-order events (${argsText((op as ast.WatermarkOp).args)})`,
      };
    case 'AllowedLatenessOp':
      return {
        op: 'allowed_lateness',
        description: `accept events up to ${t((op as ast.AllowedLatenessOp).duration)} behind the newest one`,
      };
    case 'OnOp':
      return {
        op: 'on',
        description: `pair events where ${t((op as ast.OnOp).condition)} (each arrival pairs with the latest qualifying partner within the join window)`,
      };
    case 'ContextOp':
      return { op: 'context', description: `run on context ${(op as ast.ContextOp).context.$refText}` };
    case 'LimitOp':
      return { op: 'limit', description: `keep only the first ${t((op as ast.LimitOp).count)} records` };
    case 'FirstOp':
      return { op: 'first', description: 'keep only the first record' };
    case 'DistinctOp': {
      const d = op as ast.DistinctOp;
      return {
        op: 'distinct',
        description: d.key ? `drop records whose ${t(d.key)} was seen before` : 'drop duplicate records',
      };
    }
    default:
      return {
        op: op.$type.replace(/Op$/, '').toLowerCase(),
        description: `${sourceText(op)} (not implemented by the engine)`,
      };
  }
}

function describeWindow(w: ast.WindowOp): string {
  if (w.session) return `group events into sessions that close after ${sourceText(w.gap)} without events`;
  const size = sourceText(w.size);
  const sliding = w.options.find((o) => o.name === 'sliding');
  const isCount = w.size?.$type === 'IntLiteral' || /^\d+$/.test(size);
  if (sliding) {
    return isCount
      ? `sliding count window: the last ${size} events, every ${sourceText(sliding.value)} events`
      : `sliding time window of ${size} every ${sourceText(sliding.value)} (epoch-aligned; fires when the watermark passes its end)`;
  }
  return isCount
    ? `tumbling count window of ${size} events`
    : `tumbling time window of ${size} (epoch-aligned; fires when the watermark passes its end)`;
}

// ---- output shape ----

function outputOf(stream: ast.StreamDecl): StreamInfo['output'] {
  let shape: { known: boolean; fields: ReadonlyMap<string, { name: string; type?: ast.TypeRef }> } | undefined;
  try {
    shape = languageServices().scoping.NameResolver.streams.contextsOf(stream).output;
  } catch {
    shape = undefined;
  }
  // The fields the last shaping operation computes: the output when no declaration upstream gives it.
  let computed: string[] = [];
  for (const op of stream.ops) {
    if (op.$type === 'EmitOp' && (op as ast.EmitOp).args.length > 0)
      computed = (op as ast.EmitOp).args.map((a) => a.name).filter((name) => name !== 'context');
    else if (op.$type === 'SelectOp') computed = (op as ast.SelectOp).items.map((i) => i.name);
    else if (op.$type === 'AggregateOp') computed = (op as ast.AggregateOp).items.map((i) => i.name);
    else if (op.$type === 'TrendAggregateOp') computed = (op as ast.TrendAggregateOp).items.map((i) => i.name);
  }
  const fields: FieldInfo[] = [];
  if (shape) {
    for (const [name, f] of shape.fields)
      fields.push(field(name, f.type ? typeText(f.type) : computedFieldType(stream, name)));
  }
  for (const name of computed)
    if (!fields.some((f) => f.name === name)) fields.push(field(name, computedFieldType(stream, name)));
  return { fields, shapeKnown: shape?.known ?? false, eventType: stream.name };
}

// ---- patterns ----

type SaseNode = ast.SaseExpr | ast.SaseBinary;

function describeSase(expr: SaseNode | undefined): string {
  if (!expr) return '';
  switch (expr.$type) {
    case 'SaseBinary': {
      const b = expr as ast.SaseBinary;
      return b.operator === 'AND'
        ? `both ${describeSase(b.left)} and ${describeSase(b.right)} (in any order)`
        : `either ${describeSase(b.left)} or ${describeSase(b.right)}`;
    }
    case 'SaseNot':
      return `no ${describeSase((expr as ast.SaseNot).operand)}`;
    case 'SaseGroup':
      return `(${describeSase((expr as ast.SaseGroup).inner)})`;
    case 'SaseSeq': {
      const items = (expr as ast.SaseSeq).items.map((i) =>
        i.negated ? `no ${describeItem(i.item)} in between` : describeItem(i.item),
      );
      return `the sequence ${items.join(', then ')}`;
    }
    case 'SaseItem':
      return describeItem(expr as ast.SaseItem);
    default:
      return sourceText(expr);
  }
}

function describeItem(item: ast.SaseItem): string {
  const kleene =
    item.kleene === '+'
      ? 'one or more '
      : item.kleene === '*'
        ? 'zero or more '
        : item.kleene === '?'
          ? 'an optional '
          : '';
  return `${kleene}${item.target.$refText}${item.condition ? ` where ${sourceText(item.condition)}` : ''}${item.alias ? ` (as ${item.alias.name})` : ''}`;
}

function patternTargets(expr: SaseNode | undefined): string[] {
  if (!expr) return [];
  switch (expr.$type) {
    case 'SaseBinary':
      return [...patternTargets((expr as ast.SaseBinary).left), ...patternTargets((expr as ast.SaseBinary).right)];
    case 'SaseNot':
      return patternTargets((expr as ast.SaseNot).operand);
    case 'SaseGroup':
      return patternTargets((expr as ast.SaseGroup).inner);
    case 'SaseSeq':
      return (expr as ast.SaseSeq).items.map((i) => i.item.target.$refText);
    case 'SaseItem':
      return [(expr as ast.SaseItem).target.$refText];
    default:
      return [];
  }
}

// ---- data-flow graph ----

function buildGraph(
  streams: readonly StreamInfo[],
  events: ReadonlySet<string>,
  streamNames: ReadonlySet<string>,
  patternNames: ReadonlySet<string>,
  patterns: readonly ast.PatternDecl[],
): ProgramExplanation['graph'] {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const nodeFor = (name: string): string => {
    let kind: GraphNode['kind'] = 'event';
    if (streamNames.has(name)) kind = 'stream';
    else if (patternNames.has(name)) kind = 'pattern';
    else if (name === 'timer') kind = 'timer';
    const id = `${kind}_${name}`.replace(/[^A-Za-z0-9_]/g, '_');
    if (!nodes.has(id))
      nodes.set(id, { id, kind, label: events.has(name) || kind !== 'event' ? name : `${name} (undeclared)` });
    return id;
  };
  for (const s of streams) nodeFor(s.name);
  for (const p of patterns) {
    const id = nodeFor(p.name);
    for (const t of new Set(patternTargets(p.body))) edges.push({ from: nodeFor(t), to: id, label: 'item' });
  }
  for (const s of streams) {
    const to = nodeFor(s.name);
    for (const input of s.source.inputs) {
      const label = inputRoles.get(s)?.get(input) ?? 'input';
      edges.push({ from: nodeFor(input), to, label });
    }
    if (s.source.kind === 'connector') {
      const connector = /from connector (\S+)/.exec(s.source.description)?.[1];
      if (connector) {
        const id = `connector_${connector}`;
        nodes.set(id, { id, kind: 'connector', label: connector });
        edges.push({ from: id, to: nodeFor(s.source.inputs[0]!), label: 'from' });
      }
    }
    for (const sink of s.sinks) {
      const id = `connector_${sink}`;
      nodes.set(id, { id, kind: 'connector', label: sink });
      edges.push({ from: to, to: id, label: 'to' });
    }
  }
  const shape = (n: GraphNode) => {
    const label = JSON.stringify(n.label).slice(1, -1).replace(/"/g, '#quot;');
    switch (n.kind) {
      case 'event':
        return `${n.id}(["${label}"])`;
      case 'pattern':
        return `${n.id}{{"${label}"}}`;
      case 'connector':
        return `${n.id}[("${label}")]`;
      case 'timer':
        return `${n.id}(("${label}"))`;
      default:
        return `${n.id}["${label}"]`;
    }
  };
  const mermaid = [
    'flowchart LR',
    ...[...nodes.values()].map((n) => `  ${shape(n)}`),
    ...edges.map((e) => `  ${e.from} -->|${e.label}| ${e.to}`),
  ].join('\n');
  return { nodes: [...nodes.values()], edges, mermaid };
}
