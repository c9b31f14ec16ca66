/**
 * The compiler: a checked VPL syntax tree → the program plan (`plan/plan.ts`). It never throws for user
 * errors: every problem is returned as a {@link CompileError}.
 */

import { type ast, KNOWN_CONNECTOR_KINDS } from '@varpulis/language';
import type { GlobalPlan, ProgramPlan, SourcePlan, StreamPlan } from '../plan/plan.js';
import { PLAN_VERSION } from '../plan/plan.js';
import { attributeFile, type CompileError, spanOf } from './compile-error.js';
import { AliasTable, compilePatternBody } from './compile-pattern.js';
import { compileStream } from './compile-stream.js';
import { CompileContext, configParams } from './context.js';

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
  /**
   * The file of each program, in the order of `program`: the spans of its plan nodes and errors carry it
   * (`SourceSpan.file`). `undefined` for the loaded file itself, whose spans carry no file.
   */
  readonly files?: readonly (string | undefined)[];
}

/**
 * Compiles a parsed and validated program into a plan. Several programs (a file and the files it imports,
 * imported ones first, semantics §5.1) are compiled as one.
 */
export function compile(program: ast.Program | readonly ast.Program[], options: CompileOptions = {}): CompileResult {
  const cx = new CompileContext();
  const programs: readonly ast.Program[] = Array.isArray(program) ? program : [program as ast.Program];
  for (const [i, p] of programs.entries()) attributeFile(p, options.files?.[i]);
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
        if (s.kind && !KNOWN_CONNECTOR_KINDS.includes(s.kind)) {
          // Semantics R9: the check only warns (VPL-C001), but no engine can load a connector it does not know.
          cx.errors.error(
            'E033',
            `The connector kind '${s.kind}' is unknown, so the program cannot load: use one of ${KNOWN_CONNECTOR_KINDS.join(', ')}.`,
            s,
          );
        }
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
  // The 64-bit state as two 32-bit halves (BigInt arithmetic per character made this a tenth of compiling a
  // program): xor into the low half, then multiply by the prime 2^40 + 0x1b3 modulo 2^64.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < normalised.length; i++) {
    lo = (lo ^ normalised.charCodeAt(i)) >>> 0;
    const low = lo * 0x1b3;
    hi = (hi * 0x1b3 + Math.floor(low / 0x100000000) + ((lo << 8) >>> 0)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
