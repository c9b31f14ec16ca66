/**
 * The compiler: a checked VPL syntax tree → the program plan (`plan/plan.ts`). It never throws for user
 * errors: every problem is returned as a {@link CompileError}.
 */

import { type ast, parseVpl } from '@varpulis/language';
import type { GlobalPlan, ProgramPlan, SourcePlan, StreamPlan } from '../plan/plan.js';
import { PLAN_VERSION } from '../plan/plan.js';
import { type CompileError, spanOf } from './compile-error.js';
import { AliasTable, compilePatternBody } from './compile-pattern.js';
import { compileStream } from './compile-stream.js';
import { CompileContext, configParams } from './context.js';
import { expandDeclarationLoops } from './declaration-loops.js';

/** The result of compiling a program: the plan, and every problem found (the plan must not run if any is an error). */
export interface CompileResult {
  readonly plan: ProgramPlan;
  readonly errors: readonly CompileError[];
}

export interface CompileOptions {
  /**
   * The program's normalised source text, for the checkpoint fingerprint (default: the text of the
   * syntax tree).
   */
  readonly sourceText?: string;
}

/**
 * Compiles a parsed and validated program into a plan. Several programs (a file and the files it imports,
 * imported ones first, semantics §5.1) are compiled as one.
 */
export function compile(program: ast.Program | readonly ast.Program[], options: CompileOptions = {}): CompileResult {
  const cx = new CompileContext();
  const programs: readonly ast.Program[] = Array.isArray(program) ? program : [program as ast.Program];
  const statements = programs.flatMap((p) => p.statements);
  // ---- declarations by name (order does not matter except for globals, §5.1) ----
  let globalCount = 0;
  for (const s of statements) {
    switch (s.$type) {
      case 'VarDecl':
        if (!cx.globals.has(s.name)) {
          cx.globals.set(s.name, { slot: globalCount++, kind: s.kind });
          cx.globalDecls.set(s.name, s);
        }
        break;
      case 'AssignStmt': {
        const name = s.target.$refText;
        if (!cx.globals.has(name)) cx.globals.set(name, { slot: globalCount++, kind: 'var' });
        break;
      }
      case 'FnDecl':
        cx.functions.add(s.name);
        break;
      case 'StreamDecl':
        cx.streams.set(s.name, s);
        break;
      case 'PatternDecl':
        cx.patterns.set(s.name, s);
        break;
      case 'EventDecl':
        cx.events.set(s.name, s);
        break;
      case 'ConnectorDecl':
        cx.connectors.set(s.name, s);
        break;
      case 'ContextDecl':
        cx.contexts.add(s.name);
        break;
    }
  }
  const globals: GlobalPlan[] = [];
  const functions = [];
  const streams: StreamPlan[] = [];
  let lateness = 0;
  for (const s of statements) {
    switch (s.$type) {
      case 'VarDecl': {
        const g = cx.globals.get(s.name)!;
        globals.push({
          kind: 'global',
          binding: s.kind,
          name: s.name,
          slot: g.slot,
          init: cx.exprs.global(s.value),
          span: spanOf(s),
        });
        break;
      }
      case 'AssignStmt': {
        const name = s.target.$refText;
        const g = cx.globals.get(name)!;
        if (g.kind !== 'var') {
          cx.errors.error('E040', `Cannot assign to immutable binding '${name}': it is declared with ${g.kind}.`, s);
        }
        globals.push({ kind: 'assign', name, slot: g.slot, value: cx.exprs.global(s.value), span: spanOf(s) });
        break;
      }
      case 'FnDecl':
        functions.push(cx.exprs.fn(s));
        break;
      case 'StreamDecl': {
        const c = compileStream(cx, s);
        streams.push(c.plan);
        if (c.latenessMs > lateness) lateness = c.latenessMs;
        break;
      }
      case 'ForStmt':
        cx.errors.error('VPL-T004', 'A top-level `for` loop must be expanded before compiling (use compileSource).', s);
        break;
      default:
        break;
    }
  }
  checkCycles(cx, streams);
  const patterns = [...cx.patterns.values()].map((p) => {
    const aliases = new AliasTable();
    return {
      kind: 'namedPattern' as const,
      name: p.name,
      pattern: compilePatternBody(cx, p, aliases, () => ({ aliases: aliases.byName })),
      withinMs:
        p.within === undefined
          ? null
          : (cx.constants.durationMs({ $type: 'DurationLiteral', value: p.within } as ast.DurationLiteral) ?? null),
      partitionBy: p.partitionKey ?? null,
      span: spanOf(p),
    };
  });
  const text = options.sourceText ?? programs.map((p) => p.$cstNode?.text ?? '').join('\n');
  const plan: ProgramPlan = {
    kind: 'program',
    version: PLAN_VERSION,
    fingerprint: fingerprint(text),
    events: [...cx.events.values()].map((e) => ({
      kind: 'event',
      name: e.name,
      fields: e.fields.map((f) => ({ name: f.name, type: f.type.$cstNode?.text ?? '' })),
      span: spanOf(e),
    })),
    globals,
    globalCount,
    functions,
    connectors: [...cx.connectors.values()].map((c) => ({
      kind: 'connector',
      name: c.name,
      connectorKind: c.kind,
      params: configParams(c.params),
      span: spanOf(c),
    })),
    contexts: statements
      .filter((s): s is ast.ContextDecl => s.$type === 'ContextDecl')
      .map((c) => ({
        kind: 'context',
        name: c.name,
        cores: c.params.flatMap((p) => p.cores.map(Number)),
        span: spanOf(c),
      })),
    patterns,
    streams,
    allowedLatenessMs: lateness,
  };
  return { plan, errors: cx.errors.errors };
}

/** The route keys a stream consumes (for the cycle check). */
function consumed(source: SourcePlan): string[] {
  switch (source.kind) {
    case 'route':
      return [source.name];
    case 'merge':
      return source.items.map((i) => i.name);
    case 'join':
      return source.inputs.map((i) => i.type);
    case 'timer':
      return [source.type];
    case 'matcher': {
      const out: string[] = source.matcher.negations.map((n) => n.type);
      const walk = (p: import('../plan/plan.js').PatternPlan): void => {
        if (p.kind === 'seq') {
          for (const s of p.steps) {
            out.push(s.type);
            for (const n of s.notBefore) out.push(n.type);
          }
          for (const n of p.trailingNot) out.push(n.type);
        } else {
          walk(p.left);
          walk(p.right);
        }
      };
      walk(source.matcher.pattern);
      return out;
    }
  }
}

/** VPL-S050: a stream may not depend on itself. */
function checkCycles(cx: CompileContext, streams: readonly StreamPlan[]): void {
  const deps = new Map<string, string[]>();
  for (const s of streams)
    deps.set(
      s.name,
      consumed(s.source).filter((k) => cx.streams.has(k)),
    );
  const state = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    const st = state.get(name);
    if (st === 2) return;
    if (st === 1) {
      const cycle = path.slice(path.indexOf(name));
      const first = cycle[0]!;
      if (!reported.has(first)) {
        for (const c of cycle) reported.add(c);
        cx.errors.error(
          'VPL-S050',
          `Stream '${first}' depends on itself: ${[...cycle, first].join(' -> ')}.`,
          cx.streams.get(first),
        );
      }
      return;
    }
    state.set(name, 1);
    for (const d of deps.get(name) ?? []) visit(d, [...path, name]);
    state.set(name, 2);
  };
  for (const s of streams) visit(s.name, []);
}

/** A stable 64-bit FNV-1a hash of the source with trailing whitespace removed from each line, as hex. */
export function fingerprint(text: string): string {
  const normalised = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < normalised.length; i++) {
    h ^= BigInt(normalised.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/** The result of {@link compileSource}: static diagnostics of the validator included. */
export interface CompileSourceResult extends CompileResult {
  /** true when there is no error (warnings and hints allowed): the plan may run */
  readonly ok: boolean;
}

/**
 * Parses, expands declaration loops, validates and compiles a VPL text (imports are not resolved).
 * Validator diagnostics are returned as compile errors with their own severity.
 */
export async function compileSource(text: string, options: { uri?: string } = {}): Promise<CompileSourceResult> {
  const expanded = expandDeclarationLoops(text);
  const errors: CompileError[] = [...expanded.errors];
  const { document, diagnostics } = await parseVpl(
    expanded.text,
    options.uri === undefined ? {} : { uri: options.uri },
  );
  for (const d of diagnostics) {
    const severity = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'hint';
    errors.push({
      code: typeof d.code === 'string' ? d.code : d.code === undefined ? 'VPL-P001' : String(d.code),
      message: typeof d.message === 'string' ? d.message : d.message.value,
      severity,
      span: {
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      },
    });
  }
  const parsedOk = !errors.some((e) => e.severity === 'error' && e.code === 'VPL-P001');
  const result = compile(document.parseResult.value, { sourceText: expanded.text });
  const all = parsedOk ? [...errors, ...result.errors] : errors;
  return { plan: result.plan, errors: all, ok: !all.some((e) => e.severity === 'error') };
}
