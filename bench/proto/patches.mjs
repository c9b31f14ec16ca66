#!/usr/bin/env node
// Prototype patches for the optimisation proposals of docs/performance.md, applied to a COPY of the engine's
// build output (never to packages/engine/src), so that each proposal's gain can be measured with the same
// harness before anyone schedules it:
//
//   node bench/proto/patches.mjs --out bench/.proto/p1 --patch float-compare[,shift,...]
//   BENCH_ENGINE_DIR=bench/.proto/p1 node --expose-gc bench/lib/inprocess.mjs --scenario filter ...
//   node bench/proto/ab.mjs --a bench/.proto/base --b bench/.proto/p1 --scenario filter --events 1000000
//
// The patches are string replacements on the compiled JavaScript of one engine version; they fail loudly when
// the code they target has changed. They are measurement aids, not the implementation.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_DIR } from '../lib/deps.mjs';

export const PATCHES = {
  /** numeric ordering without the generic dispatch when an operand is a boxed integral float (`50.0`) */
  'float-compare': [
    {
      file: 'runtime/expressions/operators.js',
      from: `    if (a === null || b === null)
        return false;
    const c = orderValues(a, b);`,
      to: `    if (a === null || b === null)
        return false;
    if (a instanceof FloatValue || b instanceof FloatValue) {
        const x = a instanceof FloatValue ? a.value : a;
        const y = b instanceof FloatValue ? b.value : b;
        if (typeof x === 'number' && typeof y === 'number')
            return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    const c = orderValues(a, b);`,
    },
    {
      file: 'runtime/expressions/compile-expression.js',
      from: `        if (plan.right.kind === 'literal') {
            const c = literalValue(plan.right.value);
            if (typeof c === 'number') {`,
      to: `        if (plan.right.kind === 'literal') {
            const c0 = literalValue(plan.right.value);
            if (c0 !== null && typeof c0 === 'object' && typeof c0.value === 'number' && (op === '<' || op === '<=' || op === '>' || op === '>=')) {
                const c = c0.value;
                const unbox = (a) => (typeof a === 'number' ? a : a !== null && typeof a === 'object' && a.constructor === c0.constructor ? a.value : undefined);
                const slow = (ctx, a) => ordering(ctx, span, op, a, c0);
                switch (op) {
                    case '<': return (ctx, f) => { const a = l(ctx, f); const x = unbox(a); return x !== undefined ? x < c : slow(ctx, a); };
                    case '<=': return (ctx, f) => { const a = l(ctx, f); const x = unbox(a); return x !== undefined ? x <= c : slow(ctx, a); };
                    case '>': return (ctx, f) => { const a = l(ctx, f); const x = unbox(a); return x !== undefined ? x > c : slow(ctx, a); };
                    case '>=': return (ctx, f) => { const a = l(ctx, f); const x = unbox(a); return x !== undefined ? x >= c : slow(ctx, a); };
                }
            }
            const c = c0;
            if (typeof c === 'number') {`,
    },
  ],

  /** Batch.shift() in O(1) amortised (V8 left-trims arrays) instead of copyWithin over the window */
  shift: [
    {
      file: 'runtime/core.js',
      from: `        this.records.copyWithin(0, 1, this.length);
        this.captures.copyWithin(0, 1, this.length);
        this.length--;`,
      to: `        this.records.shift();
        this.captures.shift();
        this.length--;`,
    },
  ],

  /** a windowed aggregate after a window partitioned by the same key: one group, no per-batch Map */
  'aggregate-single-group': [
    {
      file: 'runtime/operators/aggregate.js',
      from: `        // A batch mixing partitions (partition_by written between window and aggregate): one record per
        // partition, in order of first appearance in the batch.`,
      to: `        if (this.plan.partitionBy !== null && batch.singlePartition === true) {
            const state = this.fresh(batch.records[0].get(this.plan.partitionBy));
            for (let i = 0; i < n; i++)
                this.feed(state, batch, i);
            const out = this.result(state, batch.records[n - 1]);
            batch.clear();
            batch.push(out, null);
            return;
        }
        // A batch mixing partitions (partition_by written between window and aggregate): one record per
        // partition, in order of first appearance in the batch.`,
    },
    {
      file: 'runtime/windows/count-window.js',
      from: `            state = { buffer: new Batch(), sinceRelease: 0 };`,
      to: `            state = { buffer: new Batch(), sinceRelease: 0 };
            if (this.keys !== null)
                state.buffer.singlePartition = true;`,
    },
    {
      file: 'runtime/core.js',
      from: `        return new Batch(this.records.slice(0, this.length), this.captures.slice(0, this.length));`,
      to: `        const b = new Batch(this.records.slice(0, this.length), this.captures.slice(0, this.length));
        if (this.singlePartition === true)
            b.singlePartition = true;
        return b;`,
    },
  ],

  /** whether a stream's output has consumers is fixed at load: no Map lookup per output batch */
  'static-subscribers': [
    {
      file: 'runtime/stream-runtime.js',
      from: `        if (!engine.hasSubscribers(this.streamName))
            return;`,
      to: `        let has = this.hasConsumers;
        if (has === undefined)
            has = this.hasConsumers = engine.hasSubscribers(this.streamName);
        if (!has)
            return;`,
    },
  ],

  /** conditions and expressions without calls, lambdas or loops need no step-budget frame (try/catch) */
  'no-root-for-pure': [
    {
      file: 'runtime/expressions/runtime.js',
      from: `        compile(plan) {
            return root(compiler.expr(plan));
        },
        compileCondition(plan) {
            const cond = compiler.condition(plan);`,
      to: `        compile(plan) {
            if (isPure(plan)) {
                const ev = compiler.expr(plan);
                return (ctx) => ev(ctx, EMPTY_FRAME);
            }
            return root(compiler.expr(plan));
        },
        compileCondition(plan) {
            const cond = compiler.condition(plan);
            if (isPure(plan))
                return (ctx) => cond(ctx, EMPTY_FRAME);`,
    },
    {
      file: 'runtime/expressions/runtime.js',
      from: `/** Creates the expression runtime for a program with these user functions. */`,
      to: `/** Whether a plan can neither loop nor recurse (no user function call, lambda or method call). */
function isPure(plan) {
    let pure = true;
    const visit = (e) => {
        if (!pure || e === null || typeof e !== 'object') return;
        if (Array.isArray(e)) { for (const x of e) visit(x); return; }
        if (e.kind === 'callFunction' || e.kind === 'callValue' || e.kind === 'lambda' || e.kind === 'callMethod') { pure = false; return; }
        for (const k in e) if (k !== 'span') visit(e[k]);
    };
    visit(plan);
    return pure;
}
/** Creates the expression runtime for a program with these user functions. */`,
    },
  ],

  /** partition keys read through a (shape → slot) cache instead of a name search per record */
  'key-slot-cache': [
    {
      file: 'runtime/partitions.js',
      from: `        const f = this.fields;
        if (f.length === 1)
            return keyOf(record.get(f[0]));`,
      to: `        const f = this.fields;
        if (f.length === 1) {
            if (record.shape !== this.cachedShape) {
                this.cachedShape = record.shape;
                this.cachedSlot = record.shape.indexOf(f[0]);
            }
            return keyOf(this.cachedSlot < 0 ? null : record.values[this.cachedSlot]);
        }`,
    },
  ],

  /** UPPER BOUND of per-stream emit counters: the per-event dictionary update of emittedByStream removed */
  'no-emit-dictionary': [
    {
      file: 'runtime/engine.js',
      from: `        c.emittedByStream[stream] = (c.emittedByStream[stream] ?? 0) + 1;`,
      to: ``,
    },
  ],
};

export function applyPatches(dir, names) {
  for (const name of names) {
    const patch = PATCHES[name];
    if (patch === undefined) throw new Error(`unknown patch '${name}' (known: ${Object.keys(PATCHES).join(', ')})`);
    for (const { file, from, to } of patch) {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`patch '${name}': the code it targets in ${file} has changed`);
      writeFileSync(path, text.replace(from, to));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: args } = parseArgs({ options: { out: { type: 'string' }, patch: { type: 'string', default: '' } } });
  const out = args.out;
  if (!out) throw new Error('--out DIR is required');
  if (existsSync(out)) rmSync(out, { recursive: true });
  cpSync(join(REPO_DIR, 'packages/engine/out'), out, { recursive: true });
  // the copy's compiler imports @varpulis/language: make it resolvable from wherever the copy lives
  mkdirSync(join(out, 'node_modules/@varpulis'), { recursive: true });
  symlinkSync(join(REPO_DIR, 'packages/language'), join(out, 'node_modules/@varpulis/language'), 'dir');
  applyPatches(out, args.patch.split(',').filter(Boolean));
  process.stdout.write(`${out}: engine build with ${args.patch || 'no patches'}\n`);
}
