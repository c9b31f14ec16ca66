import { parseVplSyntax } from '@varpulis/language';
import { describe, expect, test } from 'vitest';
import {
  compile,
  createEngine,
  type EngineDiagnostic,
  EngineLoadError,
  loadProgram,
  type ProgramPlan,
} from '../../src/index.js';

/** A file reader over in-memory files; counts the reads of each path. */
function files(entries: Record<string, string>) {
  const reads = new Map<string, number>();
  const readFile = (path: string) => {
    reads.set(path, (reads.get(path) ?? 0) + 1);
    const text = entries[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
  return { readFile, reads };
}

const READING = `event Reading:
    sensor: str
    value: float
`;

/** Runs a plan over Reading events; returns the emitted lines and the diagnostics. */
function run(plan: ProgramPlan, values: number[]) {
  const emitted: string[] = [];
  const diagnostics: EngineDiagnostic[] = [];
  const engine = createEngine(plan, {
    sinks: {
      emit: (e) => emitted.push(`${e.stream} ${JSON.stringify(e.record.values.map(String))}`),
      diagnostic: (d) => diagnostics.push(d),
    },
  });
  for (const [i, value] of values.entries()) {
    engine.push({ type: 'Reading', timestamp: (i + 1) * 1000, fields: { sensor: `s${i}`, value } });
  }
  engine.end();
  return { emitted, diagnostics };
}

describe('loadProgram (imports resolved, checked and compiled together)', () => {
  test('a program and the file it imports compile into one plan, imported declarations first', async () => {
    const { readFile } = files({
      '/app/lib/common.vpl': `${READING}
stream Hot = Reading
    .where(value > 40.0)
    .emit(sensor: sensor, value: value)
`,
      '/app/main.vpl': `import "lib/common.vpl"

stream Alarm = Hot
    .where(value > 45.0)
    .emit(sensor: sensor)
`,
    });
    const loaded = await loadProgram('/app/main.vpl', { readFile });
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(loaded.ok).toBe(true);
    expect(loaded.files.map((f) => f.path)).toEqual(['/app/main.vpl', '/app/lib/common.vpl']);
    expect(loaded.plan!.streams.map((s) => s.name)).toEqual(['Hot', 'Alarm']);
    expect(run(loaded.plan!, [41, 50]).emitted).toEqual(['Hot ["s0","41"]', 'Hot ["s1","50"]', 'Alarm ["s1"]']);
  });

  test('a file imported twice (a diamond) is read and declared once', async () => {
    const { readFile, reads } = files({
      '/p/base.vpl': READING,
      '/p/a.vpl': 'import "base.vpl"\nstream A = Reading .emit(sensor: sensor)\n',
      '/p/b.vpl': 'import "base.vpl"\nstream B = Reading .emit(value: value)\n',
      '/p/main.vpl': 'import "a.vpl"\nimport "b.vpl"\n',
    });
    const loaded = await loadProgram('/p/main.vpl', { readFile });
    expect(loaded.problems).toEqual([]);
    expect(reads.get('/p/base.vpl')).toBe(1);
    expect(loaded.plan!.events.map((e) => e.name)).toEqual(['Reading']);
    expect(loaded.plan!.streams.map((s) => s.name)).toEqual(['A', 'B']);
  });

  test("a static error in an imported file carries that file's path, line and column", async () => {
    const { readFile } = files({
      '/app/lib/common.vpl': `${READING}
stream Hot = Reading
    .emit(sensor: sensor, ratio: value / nope)
`,
      '/app/main.vpl': 'import "lib/common.vpl"\n\nstream Alarm = Hot .emit(sensor: sensor)\n',
    });
    const loaded = await loadProgram('/app/main.vpl', { readFile });
    expect(loaded.ok).toBe(false);
    expect(loaded.plan).toBeUndefined();
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: '/app/lib/common.vpl',
      stage: 'check',
      code: 'VPL-N001',
      span: { line: 6, column: 42, endLine: 6, endColumn: 46 },
    });
  });

  test("run-time diagnostics and load errors of code in an imported file carry that file's path", async () => {
    const { readFile } = files({
      '/app/lib/common.vpl': `${READING}
stream Ratio = Reading
    .emit(sensor: sensor, ratio: value / 0)
`,
      '/app/main.vpl': `import "lib/common.vpl"

stream Own = Reading
    .emit(half: value / 0)
`,
    });
    const loaded = await loadProgram('/app/main.vpl', { readFile });
    const diagnostics = run(loaded.plan!, [1]).diagnostics.map((d) => [d.code, d.stream, d.span]);
    expect(diagnostics).toEqual([
      ['VPL-R002', 'Ratio', { file: '/app/lib/common.vpl', line: 6, column: 34, endLine: 6, endColumn: 43 }],
      // the loaded file's own spans carry no file
      ['VPL-R002', 'Own', { line: 4, column: 17, endLine: 4, endColumn: 26 }],
    ]);

    const scored = await loadProgram('/app/main.vpl', {
      readFile: files({
        '/app/lib/common.vpl': `${READING}
stream Scored = Reading
    .score(model: "m.onnx", inputs: [value], outputs: [risk])
    .emit(risk: risk)
`,
        '/app/main.vpl': 'import "lib/common.vpl"\n',
      }).readFile,
    });
    expect(scored.ok).toBe(true);
    let thrown: unknown;
    try {
      createEngine(scored.plan!);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineLoadError);
    expect((thrown as EngineLoadError).errors[0]).toMatchObject({
      code: 'E090',
      span: { file: '/app/lib/common.vpl', line: 6, column: 5 },
    });
  });

  test("compile errors of an imported program carry its file (compile's files option)", () => {
    const lib = parseVplSyntax(`${READING}stream S = Reading\n    .on(value == 1.0)\n    .emit(v: value)\n`).program;
    const main = parseVplSyntax('stream T = Reading\n    .on(value == 2.0)\n    .emit(v: value)\n').program;
    const { errors } = compile([lib, main], { files: ['/lib.vpl', undefined] });
    expect(errors.map((e) => [e.code, e.span.file, e.span.line])).toEqual([
      ['VPL-J004', '/lib.vpl', 5],
      ['VPL-J004', undefined, 2],
    ]);
    // compiled again without files, the same trees carry no file
    expect(compile([lib, main]).errors.map((e) => e.span.file)).toEqual([undefined, undefined]);
  });

  test('an unreadable program, an unreadable import and a non-VPL import are load errors where they are', async () => {
    const { readFile } = files({
      '/app/main.vpl': `import "missing.vpl"\nimport "data.json"\n${READING}`,
      '/app/data.json': '{}',
    });
    const missing = await loadProgram('/app/none.vpl', { readFile });
    expect(missing.problems).toEqual([
      {
        file: '/app/none.vpl',
        stage: 'check',
        code: 'VPL-P001',
        message: 'Cannot read the program: ENOENT',
        severity: 'error',
        span: { line: 0, column: 0, endLine: 0, endColumn: 0 },
      },
    ]);
    const loaded = await loadProgram('/app/main.vpl', { readFile });
    expect(loaded.problems.map((p) => [p.file, p.code, p.span.line, p.message])).toEqual([
      ['/app/main.vpl', 'VPL-I002', 1, "Cannot read the imported file 'missing.vpl' (resolved to /app/missing.vpl)."],
      ['/app/main.vpl', 'VPL-I002', 2, "Cannot import 'data.json': only VPL files (.vpl) can be imported."],
    ]);
  });

  test('a source given in memory without a reader cannot import; each load sees only its own declarations', async () => {
    const alone = await loadProgram({ path: '/m/main.vpl', text: 'import "lib.vpl"\n' });
    expect(alone.problems.map((p) => p.code)).toEqual(['VPL-I002']);
    // Two programs declaring the same event with other fields, loaded one after the other and at the same time.
    const a = { path: '/same/name.vpl', text: 'event E:\n    x: int\nstream S = E .emit(x: x)\n' };
    const b = { path: '/same/name.vpl', text: 'event E:\n    y: str\nstream S = E .emit(y: y)\n' };
    const [first, second] = await Promise.all([loadProgram(a), loadProgram(b)]);
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(first.plan!.events[0]!.fields.map((f) => f.name)).toEqual(['x']);
    expect(second.plan!.events[0]!.fields.map((f) => f.name)).toEqual(['y']);
  });

  test('declaration loops of an imported file are expanded; the static checks see the loop as written', async () => {
    const { readFile } = files({
      '/l/lanes.vpl': `${READING}
for i in 1..3:
    stream Lane{i} = Reading
        .where(value > {i})
        .emit(lane: {i})
`,
      '/l/main.vpl': 'import "lanes.vpl"\n',
    });
    const loaded = await loadProgram('/l/main.vpl', { readFile });
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(loaded.plan!.streams.map((s) => s.name)).toEqual(['Lane1', 'Lane2']);
    expect(run(loaded.plan!, [1.5]).emitted).toEqual(['Lane1 ["1"]']);
  });
});
