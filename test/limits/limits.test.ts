/**
 * Every limit of docs/limits.md, triggered, with the exact code and message it produces. When a limit or its
 * message changes, change docs/limits.md in the same commit (the last test checks that every message asserted here
 * appears there).
 *
 * Engine budgets are triggered with lowered values (`createEngine(plan, { limits })`, the same code path as the
 * defaults, which are asserted separately); MCP limits likewise with `createVplMcpServer({ limits })`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  compileSource,
  createEngine,
  DEFAULT_ENGINE_LIMITS,
  type EngineLimits,
  type InputEvent,
  parseEventText,
} from '@varpulis/engine';
import { IMPORT_ERROR_CODE, MAX_IMPORT_DEPTH, parseVpl } from '@varpulis/language';
import { createVplMcpServer, DEFAULT_LIMITS, type McpLimits, runMcpServer } from '@varpulis/mcp';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const limitsDoc = readFileSync(join(root, 'docs', 'limits.md'), 'utf8');
/** Every message asserted below, checked against docs/limits.md at the end. */
const asserted: string[] = [];

function documented(message: string): string {
  asserted.push(message);
  return message;
}

const cli = join(root, 'packages', 'cli', 'bin', 'varpulis.js');
const scratch = mkdtempSync(join(tmpdir(), 'vpl-limits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---- Language ----

async function diagnostics(text: string): Promise<string[]> {
  return (await parseVpl(text)).diagnostics.map((d) => `${String(d.code)} ${d.message}`);
}

describe('language limits', () => {
  it('brackets nest at most 24 deep', async () => {
    const text = `let x = ${'('.repeat(25)}1${')'.repeat(25)}\n`;
    expect(await diagnostics(text)).toContain(
      documented(
        'VPL-P001 Brackets are nested more than 24 deep; simplify the expression (use let bindings or helper functions).',
      ),
    );
    expect(await diagnostics(`let x = ${'('.repeat(24)}1${')'.repeat(24)}\n`)).toEqual([]);
  });

  it('operators that would overflow the parser stack nest at most 24 deep in one statement', async () => {
    expect(await diagnostics(`let x = ${'not '.repeat(2000)}true\n`)).toContain(
      documented(
        'VPL-P001 This statement nests operators (not, -, **, if … else, =>) more than 24 deep; split it with let bindings or helper functions.',
      ),
    );
  });

  it('integer literals are signed 64-bit, durations at most 2^64 - 1 ns', async () => {
    expect(await diagnostics('let x = 9223372036854775808\n')).toContain(
      documented(
        'VPL-P001 The integer 9223372036854775808 is out of range: integers are signed 64-bit (at most 9223372036854775807).',
      ),
    );
    expect(await diagnostics('let d = 99999999999999999999s\n')).toContain(
      documented(
        'VPL-P001 The duration 99999999999999999999s is out of range: a duration is at most 2^64 - 1 nanoseconds (about 584 years).',
      ),
    );
  });

  it('a declaration loop expands at most 10,000 times', async () => {
    const text = 'event A:\n    v: int\n\nfor i in 0..10001:\n    stream S{i} = A\n        .emit(v: 1)\n';
    expect(await diagnostics(text)).toContain(
      documented(
        'VPL-T004 This declaration loop expands its body 10001 times; the limit is 10000. Split the range or restructure the program.',
      ),
    );
  });

  it('declaration loops nest at most 10 deep', async () => {
    let text = 'event A:\n    v: int\n\n';
    for (let i = 0; i < 11; i++) text += `${'    '.repeat(i)}for i${i} in 0..1:\n`;
    text += `${'    '.repeat(11)}stream S{i0} = A\n`;
    expect(await diagnostics(text)).toContain(
      documented('VPL-T004 Declaration loops nest at most 10 deep; this one is nested 11 deep.'),
    );
  });

  it('imports nest at most 10 deep', async () => {
    const dir = join(scratch, 'imports');
    mkdirSync(dir);
    const n = MAX_IMPORT_DEPTH + 2;
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? `import "f${i + 1}.vpl"\n\n` : '';
      writeFileSync(join(dir, `f${i}.vpl`), `${next}event E${i}:\n    v: int\n`);
    }
    const result = spawnSync(process.execPath, [cli, 'check', join(dir, 'f0.vpl')], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const messages = result.stdout
      .split('\n')
      .map((line) => /error \[([^\]]+)\] (.*)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    expect(MAX_IMPORT_DEPTH).toBe(10);
    expect(IMPORT_ERROR_CODE).toBe('VPL-I002');
    expect(messages).toContain(documented(`VPL-I002 Imports nest more than 10 deep at 'f11.vpl'.`));
  });
});

// ---- Engine budgets and state limits ----

const HEADER = 'event A:\n    k: str\n    v: int\n\nevent B:\n    k: str\n    v: int\n\n';

function events(n: number, type = 'A', key: (i: number) => string = () => 'k'): InputEvent[] {
  return Array.from({ length: n }, (_, i) => ({ type, timestamp: 1000 + i, fields: { k: key(i), v: i } }));
}

/** The distinct runtime diagnostics of a run, as `CODE message`. */
async function runtimeDiagnostics(body: string, input: InputEvent[], limits: Partial<EngineLimits>): Promise<string[]> {
  const compiled = await compileSource(HEADER + body);
  expect(compiled.errors.filter((e) => e.severity === 'error')).toEqual([]);
  const out = new Set<string>();
  const engine = createEngine(compiled.plan!, {
    limits,
    sinks: { diagnostic: (d) => out.add(`${d.code} ${d.message}`) },
  });
  for (const e of input) engine.push(e);
  engine.end();
  return [...out];
}

describe('engine limits (semantics §16)', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_ENGINE_LIMITS).toEqual({
      maxLoopIterations: 10_000,
      maxRecursionDepth: 256,
      maxSteps: 10_000_000,
      maxRunsPerPartition: 10_000,
      maxRunsPerStream: 1_000_000,
      maxKleeneEvents: 10_000,
      maxDistinctKeys: 100_000,
      maxJoinBuffer: 10_000,
    });
  });

  it('a while loop runs at most maxLoopIterations times', async () => {
    const body =
      'fn spin(n: int) -> int:\n    var i = 0\n    while true:\n        i := i + 1\n    return i\n\nstream S = A\n    .emit(r: spin(v))\n';
    expect(await runtimeDiagnostics(body, events(1), { maxLoopIterations: 100 })).toEqual([
      documented('VPL-R005 Loop stopped after 100 iterations (the while-loop budget; see --max-loop-iterations).'),
    ]);
  });

  it('calls nest at most maxRecursionDepth deep', async () => {
    const body = 'fn f(n: int) -> int:\n    return f(n + 1)\n\nstream S = A\n    .emit(r: f(v))\n';
    expect(await runtimeDiagnostics(body, events(1), { maxRecursionDepth: 20 })).toEqual([
      documented('VPL-R005 Call not made: the recursion depth limit of 20 nested calls was reached; the call is null.'),
    ]);
  });

  it('one evaluation runs at most maxSteps operations', async () => {
    const body = 'stream S = A\n    .emit(r: range(0, 100000).map(x => x * 2).sum())\n';
    expect(await runtimeDiagnostics(body, events(1), { maxSteps: 1000 })).toEqual([
      documented('VPL-R005 Evaluation stopped: it exceeded the budget of 1000 operations; the expression is null.'),
    ]);
  });

  it('live pattern runs per partition and per stream', async () => {
    const partitioned = 'stream S = A as a\n    -> B as b\n    .within(1h)\n    .partition_by(k)\n    .emit(k: a.k)\n';
    expect(await runtimeDiagnostics(partitioned, events(30), { maxRunsPerPartition: 10 })).toEqual([
      documented(
        'VPL-R006 The pattern matcher reached its limit (partition k has 10 live runs); new runs are not started.',
      ),
    ]);
    const whole = 'stream S = A as a\n    -> B as b\n    .within(1h)\n    .emit(k: a.k)\n';
    expect(await runtimeDiagnostics(whole, events(30), { maxRunsPerStream: 10 })).toEqual([
      documented(
        'VPL-R006 The pattern matcher reached its limit (the stream has 10 live runs); new runs are not started.',
      ),
    ]);
  });

  it('events kept per Kleene alias', async () => {
    const body = 'stream S = A as a\n    -> all B as b\n    -> A as c\n    .within(1h)\n    .emit(k: a.k)\n';
    expect(await runtimeDiagnostics(body, [...events(1), ...events(30, 'B')], { maxKleeneEvents: 5 })).toEqual([
      documented('VPL-R006 A Kleene alias keeps at most its 5 most recent events; older ones are dropped.'),
    ]);
  });

  it('keys remembered by .distinct', async () => {
    const body = 'stream S = A\n    .distinct(v)\n    .emit(v: v)\n';
    expect(await runtimeDiagnostics(body, events(30), { maxDistinctKeys: 10 })).toEqual([
      documented('VPL-R006 distinct() keeps at most 10 keys; the least recently seen keys are being forgotten.'),
    ]);
  });

  it('records buffered per join input', async () => {
    const body = 'stream S = join(A, B)\n    .on(A.k == B.k)\n    .window(1h)\n    .emit(k: A.k)\n';
    expect(await runtimeDiagnostics(body, events(30), { maxJoinBuffer: 10 })).toEqual([
      documented('VPL-R006 A join buffer keeps at most 10 records per input; the oldest are being evicted.'),
    ]);
  });
});

// ---- Event input ----

function read(text: string, format: 'evt' | 'jsonl'): { errors: string[]; warnings: string[] } {
  const parsed = parseEventText(text, format, 'in');
  return {
    errors: parsed.errors.map((e) => `${e.code} ${e.line}:${e.column} ${e.reason}`),
    warnings: [...new Set(parsed.warnings.map((w) => `${w.code} ${w.message}`))],
  };
}

describe('event input limits (semantics §3.4, §16)', () => {
  it('a line is at most 1 MiB', () => {
    const line = `{"event_type":"A","timestamp":1,"data":{"s":"${'x'.repeat(1_048_600)}"}}`;
    expect(read(`${line}\n`, 'jsonl').errors).toEqual([
      documented('VPL-R008 1:1 line longer than 1048576 bytes (1 MiB)'),
    ]);
    expect(read(`A { s: "${'x'.repeat(1_048_600)}" }\n`, 'evt').errors).toEqual([
      'VPL-R008 1:1 line longer than 1048576 bytes (1 MiB)',
    ]);
  });

  it('a JSON event has at most 1,024 fields', () => {
    const data = Object.fromEntries(Array.from({ length: 1030 }, (_, i) => [`f${i}`, i]));
    expect(read(`${JSON.stringify({ event_type: 'A', timestamp: 1, data })}\n`, 'jsonl').warnings).toEqual([
      documented('VPL-R006 6 field(s) beyond the limit of 1024 were dropped'),
    ]);
  });

  it('a JSON string is at most 256 KiB', () => {
    const line = JSON.stringify({ event_type: 'A', timestamp: 1, data: { s: 'y'.repeat(262_200) } });
    const parsed = parseEventText(`${line}\n`, 'jsonl');
    expect(parsed.warnings.map((w) => `${w.code} ${w.message}`)).toEqual([
      documented('VPL-R006 a string was truncated to 262144 bytes'),
    ]);
    expect(String(parsed.events[0]!.get('s')).length).toBe(262_144);
  });

  it('JSON values nest at most 32 deep (deeper values become null)', () => {
    const line = `{"event_type":"A","timestamp":1,"data":{"d":${'['.repeat(34)}${']'.repeat(34)}}}`;
    expect(read(`${line}\n`, 'jsonl').warnings).toEqual([
      documented('VPL-R006 a value nested deeper than 32 levels was replaced by null'),
    ]);
  });

  it('.evt arrays nest at most 32 deep (deeper is an input error)', () => {
    expect(read(`A { d: ${'['.repeat(40)}${']'.repeat(40)} }\n`, 'evt').errors).toEqual([
      documented('VPL-R008 1:40 an array is nested deeper than 32 levels'),
    ]);
  });

  it('a JSON array has at most 10,000 elements', () => {
    const line = JSON.stringify({
      event_type: 'A',
      timestamp: 1,
      data: { a: Array.from({ length: 10_005 }, (_, i) => i) },
    });
    expect(read(`${line}\n`, 'jsonl').warnings).toEqual([
      documented('VPL-R006 an array was truncated to 10000 elements'),
    ]);
  });

  it('event times are within ±8.64e15 ms (the JavaScript Date range)', () => {
    expect(read('{"event_type":"A","timestamp":8640000000000001}\n', 'jsonl').errors).toEqual([
      documented(
        'VPL-R008 1:31 invalid timestamp: "timestamp" must be an integer number of milliseconds or an ISO-8601 date string',
      ),
    ]);
    expect(read('@9999999999999999999 A { v: 1 }\n', 'evt').errors).toEqual([
      documented('VPL-R008 1:2 the time offset is too large'),
    ]);
  });

  it('the CLI stops at the first input error unless --max-input-errors allows more (exit code 3)', () => {
    const program = join(scratch, 'p.vpl');
    const input = join(scratch, 'p.evt');
    writeFileSync(program, 'event A:\n    v: int\n\nstream S = A\n    .emit(v: v)\n');
    writeFileSync(
      input,
      '@1s A { v: 1 }\n@2s A { v: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }\n@3s A { v: 3 }\n',
    );
    const strict = spawnSync(process.execPath, [cli, 'run', program, '--input', input], { encoding: 'utf8' });
    expect(strict.status).toBe(3);
    expect(strict.stderr).toContain(`${input}:2:44: error [VPL-R008] an array is nested deeper than 32 levels`);
    expect(strict.stderr).toContain(
      documented('varpulis run: 1 input errors exceed the budget of 0 (--max-input-errors)'),
    );
    const lenient = spawnSync(process.execPath, [cli, 'run', program, '--input', input, '--max-input-errors', '1'], {
      encoding: 'utf8',
    });
    expect(lenient.status).toBe(0);
  });
});

// ---- MCP server ----

async function mcpClient(limits: Partial<McpLimits>): Promise<{ client: Client; close: () => Promise<void> }> {
  const instance = await createVplMcpServer({ log: () => undefined, limits });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'limits', version: '1.0.0' });
  await Promise.all([instance.server.connect(a), client.connect(b)]);
  return {
    client,
    close: async () => {
      await client.close();
      await instance.close();
    },
  };
}

async function toolText(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; text: string; structured: Record<string, unknown> | undefined }> {
  const r = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content: { type: string; text?: string }[];
    structuredContent?: Record<string, unknown>;
  };
  return {
    isError: r.isError === true,
    text: r.content.map((c) => c.text ?? '').join('\n'),
    structured: r.structuredContent,
  };
}

const SIMPLE = 'event A:\n    v: int\n\nstream S = A\n    .emit(v: v)\n';

describe('MCP server limits (docs/mcp.md)', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      maxProgramChars: 1_000_000,
      maxProgramLines: 20_000,
      maxEventTextChars: 5_000_000,
      maxInlineEvents: 10_000,
      maxEventFileBytes: 50 * 1024 * 1024,
      maxSimulationEvents: 200_000,
      defaultSimulationWallMs: 10_000,
      maxSimulationWallMs: 60_000,
      simulationKillGraceMs: 1_500,
      maxOutputEvents: 500,
      maxOutputBytes: 256 * 1024,
      engineMaxSteps: 1_000_000,
      engineMaxLoopIterations: 10_000,
      engineMaxRecursionDepth: 256,
      maxQueryChars: 200,
      maxPathChars: 4_096,
      maxHttpBodyBytes: 10 * 1024 * 1024,
    });
  });

  it('refuses oversized programs, event texts, inline events and queries with the limit named', async () => {
    const { client, close } = await mcpClient({
      maxProgramChars: 100,
      maxProgramLines: 5,
      maxEventTextChars: 50,
      maxInlineEvents: 2,
      maxQueryChars: 10,
    });
    try {
      const long = await toolText(client, 'validate_vpl', { program: `# ${'x'.repeat(200)}\n` });
      expect(long.isError).toBe(true);
      expect(long.text).toContain(
        documented(
          'The program is longer than 100 characters (the maxProgramChars limit). Split it into smaller programs or send only the streams concerned.',
        ),
      );
      const lines = await toolText(client, 'validate_vpl', { program: SIMPLE + '\n\n\n' });
      expect(lines.isError).toBe(true);
      expect(lines.text).toContain(
        documented(
          'The program has 8 lines; the limit is 5 (maxProgramLines). Send a smaller program, e.g. only the declarations and the streams you are working on.',
        ),
      );
      const text = await toolText(client, 'infer_event_schema', { eventsText: '@1s A { v: 1 }\n'.repeat(10) });
      expect(text.isError).toBe(true);
      expect(text.text).toContain(
        documented(
          'The event text is longer than 50 characters (maxEventTextChars). Send fewer events, or put them in a file under an allowed root and pass eventsFile.',
        ),
      );
      const inline = await toolText(client, 'infer_event_schema', {
        events: [1, 2, 3].map((i) => ({ event_type: 'A', timestamp: i, data: { v: i } })),
      });
      expect(inline.isError).toBe(true);
      expect(inline.text).toContain(
        documented('More than 2 inline events (maxInlineEvents). Send fewer, or use eventsText or eventsFile.'),
      );
      const query = await toolText(client, 'lookup_vpl_reference', { query: 'window aggregate partition' });
      expect(query.isError).toBe(true);
      expect(query.text).toContain(documented('The query is longer than 10 characters; use a few keywords.'));
    } finally {
      await close();
    }
  });

  it('cuts simulations: input events, returned events, wall time', async () => {
    const { client, close } = await mcpClient({ maxSimulationEvents: 5, maxOutputEvents: 3 });
    try {
      const r = await toolText(client, 'simulate_vpl', { program: SIMPLE, eventsText: '@1s A { v: 1 }\n'.repeat(8) });
      expect(r.isError).toBe(false);
      expect(r.structured).toMatchObject({ status: 'completed', eventsSkipped: 3, truncatedOutput: true });
      expect((r.structured!.emitted as unknown[]).length).toBe(3);
    } finally {
      await close();
    }
  });

  it('refuses event files over maxEventFileBytes', async () => {
    const dir = join(scratch, 'mcp-root');
    mkdirSync(dir);
    writeFileSync(join(dir, 'big.evt'), '@1s A { v: 1 }\n'.repeat(100));
    const instance = await createVplMcpServer({
      log: () => undefined,
      allowedRoots: [dir],
      limits: { maxEventFileBytes: 1000 },
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'limits', version: '1.0.0' });
    await Promise.all([instance.server.connect(a), client.connect(b)]);
    try {
      const r = await toolText(client, 'simulate_vpl', { program: SIMPLE, eventsFile: 'big.evt' });
      expect(r.isError).toBe(true);
      expect(r.text).toContain(
        documented('big.evt has 1500 bytes; the limit is 1000. Use a smaller sample of the file.'),
      );
    } finally {
      await client.close();
      await instance.close();
    }
  });

  it('stops a simulation at its wall-clock budget, between events', async () => {
    const { client, close } = await mcpClient({ defaultSimulationWallMs: 1, simulationKillGraceMs: 20_000 });
    try {
      const program = 'event A:\n    v: int\n\nstream S = A\n    .emit(r: range(0, 50).map(x => x * v).sum())\n';
      const r = await toolText(client, 'simulate_vpl', { program, eventsText: '@1s A { v: 1 }\n'.repeat(20_000) });
      expect(r.isError).toBe(true);
      expect(r.structured).toMatchObject({ status: 'stopped' });
      expect(r.text).toMatch(
        /^The simulation was stopped by its wall-clock budget after \d+ of 20000 events \(partial results included\)\. Send fewer events or raise wallTimeMs\./,
      );
      documented(
        'The simulation was stopped by its wall-clock budget after 120 of 20000 events (partial results included). Send fewer events or raise wallTimeMs.',
      );
    } finally {
      await close();
    }
  });

  it('refuses HTTP request bodies over maxHttpBodyBytes with 413', async () => {
    const controller = new AbortController();
    let resolveUrl: (url: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => {
      resolveUrl = resolve;
    });
    const done = runMcpServer(['--http', '--port', '0'], {
      signal: controller.signal,
      env: {},
      onListening: resolveUrl,
      stderr: { write: () => true } as unknown as NodeJS.WritableStream,
    });
    try {
      const url = await listening;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: 'x'.repeat(10 * 1024 * 1024 + 1),
      });
      expect(response.status).toBe(413);
      expect(await response.text()).toContain(documented('Request body over 10485760 bytes.'));
    } finally {
      controller.abort();
      await done;
    }
  });
});

/**
 * The message of an asserted line, without its code, position or file prefix, with every number replaced by `N`
 * (the tests lower limits to trigger them; docs/limits.md quotes the messages with the default values).
 */
function messageOf(line: string): string {
  return normalized(
    line.replace(/^\S+:\d+:\d+: error \[[^\]]+\] /, '').replace(/^(VPL-[A-Z]\d+|[EW]\d+) (\d+:\d+ )?/, ''),
  );
}

function normalized(text: string): string {
  return text.replace(/\d[\d,_]*/g, 'N');
}

describe('docs/limits.md', () => {
  it('quotes every message asserted above', () => {
    expect(asserted.length).toBeGreaterThan(20);
    const doc = normalized(limitsDoc);
    expect(asserted.map(messageOf).filter((m) => !doc.includes(m))).toEqual([]);
  });
});
