import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';
import { READING_EVENTS, READINGS, TAKEOVER } from '../helpers/programs.js';

const RUNAWAY = `event Tick:
    n: int

fn spin(n: int) -> int:
    var i = 0
    while true:
        var j = 0
        while true:
            j := j + 1
        i := i + 1
    return i

stream Spinning = Tick
    .process(spin(n))
`;

describe('simulate_vpl', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'vpl-mcp-'));
    root = join(base, 'root');
    mkdirSync(join(root, 'sub'), { recursive: true });
    mkdirSync(join(base, 'root2'));
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(root, 'sub', 'readings.evt'), READING_EVENTS);
    writeFileSync(
      join(root, 'readings.jsonl'),
      '{"event_type":"Reading","timestamp":1000,"data":{"sensor":"s1","temp":50.5,"ok":true}}\n',
    );
    writeFileSync(join(base, 'root2', 'secret.evt'), READING_EVENTS);
    writeFileSync(join(base, 'outside', 'secret.evt'), READING_EVENTS);
    symlinkSync(join(base, 'outside', 'secret.evt'), join(root, 'escape.evt'));
    symlinkSync(join(base, 'outside'), join(root, 'linkdir'));
    symlinkSync(join(root, 'sub', 'readings.evt'), join(root, 'inside-link.evt'));
    session = await connect({ allowedRoots: [root] });
  });
  afterAll(async () => {
    await session.close();
    rmSync(base, { recursive: true, force: true });
  });

  test('runs .evt text in virtual time and returns emitted events per stream', async () => {
    const result = await call(session.client, 'simulate_vpl', { program: READINGS, eventsText: READING_EVENTS });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent;
    expect(s.status).toBe('completed');
    expect(s.eventsRead).toBe(4);
    expect(s.emittedByStream).toEqual({ Hot: 2, HotCount: 1 });
    expect(s.emitted[0]).toEqual({ stream: 'Hot', timestamp: 1000, data: { sensor: 's1', temp: 31.5 } });
    expect(s.emitted.find((e: { stream: string }) => e.stream === 'HotCount')).toEqual({
      stream: 'HotCount',
      timestamp: 3_000,
      data: { sensor: 's1', n: 3, peak: 40, mean: 35.5 },
    });
  });

  test('one program never sees the declarations of another (same event name, other fields)', async () => {
    const first = 'event Reading:\n    sensor: str\n\nstream A = Reading.emit(s: sensor)\n';
    const second = 'event Reading:\n    level: int\n\nstream B = Reading.emit(l: level)\n';
    expect(
      (await call(session.client, 'simulate_vpl', { program: first, eventsText: 'Reading { sensor: "x" }' }))
        .structuredContent.status,
    ).toBe('completed');
    const result = await call(session.client, 'simulate_vpl', { program: second, eventsText: 'Reading { level: 3 }' });
    expect(result.structuredContent.status).toBe('completed');
    expect(result.structuredContent.emitted).toEqual([{ stream: 'B', timestamp: 0, data: { l: 3 } }]);
  });

  test('JSON event objects, a stream filter and input errors', async () => {
    const result = await call(session.client, 'simulate_vpl', {
      program: READINGS,
      events: [
        { event_type: 'Reading', timestamp: 1000, data: { sensor: 'a', temp: 45.0, ok: true } },
        { event_type: 'Reading', timestamp: '1970-01-01T00:00:02Z', sensor: 'b', temp: 46.5, ok: true },
        { data: { sensor: 'no type' } },
      ],
      streams: ['Hot'],
    });
    const s = result.structuredContent;
    expect(s.emitted.map((e: { data: { sensor: string } }) => e.data.sensor)).toEqual(['a', 'b']);
    expect(s.inputErrors).toHaveLength(1);
    expect(s.inputErrors[0].line).toBe(3);
  });

  test('a sequence with a negation, from the program corpus', async () => {
    const events = `@0s PasswordReset { account_id: "A-1", ip: "x" }
@2m DeviceLogin { account_id: "A-1", device_id: "d", known_device: false }
@9m PayoutRequested { account_id: "A-1", beneficiary: "B", amount: 1800.0 }`;
    const s = (await call(session.client, 'simulate_vpl', { program: TAKEOVER, eventsText: events })).structuredContent;
    expect(s.emitted).toEqual([
      {
        stream: 'TakeoverSuspected',
        timestamp: 540_000,
        data: { account: 'A-1', device: 'd', beneficiary: 'B', amount: 1800, elapsed_ms: 540_000 },
      },
    ]);
  });

  test('a program that does not load is an error with its compile errors', async () => {
    const result = await call(session.client, 'simulate_vpl', {
      program: 'event R:\n    a: int\nstream S = R.where(b > 1).emit(a: a)\n',
      eventsText: '',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/does not load.*VPL-N001/);
    expect(result.structuredContent.status).toBe('compile-error');
    expect(result.structuredContent.compileErrors[0]).toMatchObject({ code: 'VPL-N001', line: 3 });
  });

  test('files are read only under an allowed root', async () => {
    const relative = await call(session.client, 'simulate_vpl', { program: READINGS, eventsFile: 'sub/readings.evt' });
    expect(relative.structuredContent.emittedByStream.Hot).toBe(2);
    const absolute = await call(session.client, 'simulate_vpl', {
      program: READINGS,
      eventsFile: join(root, 'readings.jsonl'),
    });
    expect(absolute.structuredContent.emittedByStream.Hot).toBe(1);
    const linkInside = await call(session.client, 'simulate_vpl', { program: READINGS, eventsFile: 'inside-link.evt' });
    expect(linkInside.isError).toBeFalsy();
  });

  test.each([
    ['a path traversal', '../outside/secret.evt'],
    ['a deeper traversal', 'sub/../../outside/secret.evt'],
    ['an absolute path outside', '/etc/passwd'],
    ['a sibling directory sharing the prefix', '../root2/secret.evt'],
    ['a symlinked file pointing outside', 'escape.evt'],
    ['a symlinked directory pointing outside', 'linkdir/secret.evt'],
  ])('%s is refused', async (_what, path) => {
    const result = await call(session.client, 'simulate_vpl', { program: READINGS, eventsFile: path });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Access denied|not inside an allowed root/);
    expect(textOf(result)).not.toContain('s1');
  });

  test('a missing file inside the root, or a directory, is a clear error', async () => {
    expect(textOf(await call(session.client, 'simulate_vpl', { program: READINGS, eventsFile: 'nope.evt' }))).toMatch(
      /No such file/,
    );
    expect(textOf(await call(session.client, 'simulate_vpl', { program: READINGS, eventsFile: 'sub' }))).toMatch(
      /not a regular file/,
    );
  });

  test('without --allow-root, file access is off', async () => {
    const other = await connect();
    try {
      const result = await call(other.client, 'simulate_vpl', {
        program: READINGS,
        eventsFile: join(root, 'readings.jsonl'),
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/--allow-root/);
    } finally {
      await other.close();
    }
  });

  test('oversized inputs and ambiguous inputs are refused', async () => {
    const small = await connect({ limits: { maxEventTextChars: 1_000, maxInlineEvents: 2, maxOutputEvents: 1 } });
    try {
      const text = await call(small.client, 'simulate_vpl', {
        program: READINGS,
        eventsText: READING_EVENTS.repeat(20),
      });
      expect(text.isError).toBe(true);
      expect(textOf(text)).toMatch(/maxEventTextChars/);
      const many = await call(small.client, 'simulate_vpl', { program: READINGS, events: [{}, {}, {}] });
      expect(textOf(many)).toMatch(/maxInlineEvents/);
      const both = await call(small.client, 'simulate_vpl', { program: READINGS, eventsText: '', events: [] });
      expect(textOf(both)).toMatch(/one way only/);
      const output = await call(small.client, 'simulate_vpl', { program: READINGS, eventsText: READING_EVENTS });
      expect(output.structuredContent).toMatchObject({ emittedTotal: 3, truncatedOutput: true });
      expect(output.structuredContent.emitted).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  test('a runaway program comes back quickly as a clear error', async () => {
    const events = Array.from({ length: 500 }, (_, i) => `@${i}ms Tick { n: ${i} }`).join('\n');
    const started = performance.now();
    const result = await call(session.client, 'simulate_vpl', {
      program: RUNAWAY,
      eventsText: events,
      wallTimeMs: 1_500,
    });
    const elapsed = performance.now() - started;
    expect(result.isError).toBe(true);
    expect(result.structuredContent.status).toBe('stopped');
    expect(result.structuredContent.stopReason).toBe('wall-time');
    expect(result.structuredContent.runtimeErrorsByCode['VPL-R005']).toBeGreaterThan(0);
    expect(textOf(result)).toMatch(/wall-clock budget.*VPL-R005/s);
    expect(elapsed).toBeLessThan(6_000);
  });

  test('a program stuck inside one evaluation is killed after the grace period; the next run works', async () => {
    const unbounded = await connect({
      limits: {
        engineMaxSteps: Number.MAX_SAFE_INTEGER,
        engineMaxLoopIterations: Number.MAX_SAFE_INTEGER,
        simulationKillGraceMs: 300,
      },
    });
    try {
      const started = performance.now();
      const result = await call(unbounded.client, 'simulate_vpl', {
        program: RUNAWAY,
        eventsText: '@0s Tick { n: 1 }',
        wallTimeMs: 500,
      });
      expect(result.isError).toBe(true);
      expect(result.structuredContent.status).toBe('killed');
      expect(textOf(result)).toMatch(/terminated/);
      expect(performance.now() - started).toBeLessThan(8_000);
      const next = await call(unbounded.client, 'simulate_vpl', { program: READINGS, eventsText: READING_EVENTS });
      expect(next.structuredContent.status).toBe('completed');
    } finally {
      await unbounded.close();
    }
  });

  test('progress notifications are sent when the client asks, and cancellation stops the run', async () => {
    const many = Array.from(
      { length: 3_000 },
      (_, i) => `@${i}ms Reading { sensor: "s${i % 7}", temp: ${i % 50}.5, ok: true }`,
    ).join('\n');
    const progress: number[] = [];
    const result = await session.client.callTool(
      { name: 'simulate_vpl', arguments: { program: READINGS, eventsText: many } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.isError).toBeFalsy();
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[progress.length - 1]).toBeLessThanOrEqual(3_000);

    const controller = new AbortController();
    const events = Array.from({ length: 500 }, (_, i) => `@${i}ms Tick { n: ${i} }`).join('\n');
    const pending = session.client.callTool(
      { name: 'simulate_vpl', arguments: { program: RUNAWAY, eventsText: events } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    await expect(pending).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(3_000);
    // The server is still usable afterwards.
    const after = await call(session.client, 'simulate_vpl', { program: READINGS, eventsText: READING_EVENTS });
    expect(after.structuredContent.status).toBe('completed');
  });
});
