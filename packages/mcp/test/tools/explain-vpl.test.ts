import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect } from '../helpers/connect.js';
import { example, READINGS, TAKEOVER } from '../helpers/programs.js';

describe('explain_vpl', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('describes event types, the sequence in plain words, output fields with types and the data flow', async () => {
    const result = await call(session.client, 'explain_vpl', { program: TAKEOVER });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent;
    expect(s.ok).toBe(true);
    expect(s.eventTypes.map((e: { name: string }) => e.name)).toEqual([
      'PasswordReset',
      'DeviceLogin',
      'PayoutRequested',
      'ResetConfirmed',
    ]);
    expect(s.eventTypes[2].fields).toContainEqual({ name: 'amount', type: 'float', optional: false });
    const stream = s.streams[0];
    expect(stream.name).toBe('TakeoverSuspected');
    expect(stream.operations.map((o: { op: string }) => o.op)).toEqual(['->', '->', 'not', 'within', 'emit']);
    expect(stream.pattern).toMatch(/^Matches PasswordReset \(as reset\), then DeviceLogin where .* within 30m/);
    expect(stream.pattern).toContain('abandoned if ResetConfirmed');
    expect(stream.output.fields).toEqual(
      expect.arrayContaining([
        { name: 'account', type: 'str', optional: false },
        { name: 'amount', type: 'float', optional: false },
        { name: 'elapsed_ms', type: 'int', optional: false },
      ]),
    );
    expect(stream.emits).toBe(true);
    expect(s.graph.edges).toContainEqual({
      from: 'event_ResetConfirmed',
      to: 'stream_TakeoverSuspected',
      label: 'not',
    });
    expect(s.graph.mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(s.graph.mermaid).toContain('event_PasswordReset -->|event| stream_TakeoverSuspected');
  });

  test('windows, aggregates and constants: types of computed fields', async () => {
    const s = (await call(session.client, 'explain_vpl', { program: READINGS })).structuredContent;
    expect(s.globals).toEqual([{ name: 'LIMIT', binding: 'const', type: 'float', value: '30.0' }]);
    const count = s.streams.find((x: { name: string }) => x.name === 'HotCount');
    expect(count.operations.map((o: { op: string }) => o.op)).toEqual([
      'where',
      'partition_by',
      'window',
      'aggregate',
      'having',
      'emit',
    ]);
    expect(count.operations[2].description).toMatch(/tumbling time window of 1m/);
    expect(count.output.fields).toEqual([
      { name: 'sensor', type: 'str', optional: false },
      { name: 'n', type: 'int', optional: false },
      { name: 'peak', type: 'float', optional: false },
      { name: 'mean', type: 'float', optional: false },
    ]);
  });

  test('output types come from the language type computer: downstream streams, aliases, trend aggregates', async () => {
    const program = `event Tick:
    symbol: str
    price: float
    qty: int

stream Stats = Tick
    .window(1m)
    .aggregate(n: count(), volume: sum(qty), top: max(price), last_symbol: last(symbol))

stream Busy = Stats
    .where(n > 3)
    .emit(n: n, share: volume / n, label: last_symbol, top: top)

stream Climb = Tick as a
    -> all Tick where price > a.price as up
    .within(1m)
    .trend_aggregate(paths: count_trends(), total: sum_trends(up.qty), mean: avg_trends(up.price))
    .emit(paths: paths, total: total, mean: mean)
`;
    const s = (await call(session.client, 'explain_vpl', { program })).structuredContent;
    const output = (name: string) => s.streams.find((x: { name: string }) => x.name === name).output.fields;
    expect(output('Stats')).toEqual([
      { name: 'n', type: 'int', optional: false },
      { name: 'volume', type: 'int', optional: false },
      { name: 'top', type: 'float', optional: false },
      { name: 'last_symbol', type: 'str', optional: false },
    ]);
    expect(output('Busy')).toEqual([
      { name: 'n', type: 'int', optional: false },
      { name: 'share', type: 'int', optional: false },
      { name: 'label', type: 'str', optional: false },
      { name: 'top', type: 'float', optional: false },
    ]);
    expect(output('Climb')).toEqual([
      { name: 'paths', type: 'int', optional: false },
      { name: 'total', type: 'int', optional: false },
      { name: 'mean', type: 'float', optional: false },
    ]);
  });

  test('connectors, merges, derived streams and patterns appear in the graph', async () => {
    const s = (await call(session.client, 'explain_vpl', { program: example('energy-meter-fanin.vpl') }))
      .structuredContent;
    expect(s.connectors.length).toBeGreaterThan(0);
    expect(s.graph.nodes.some((n: { kind: string }) => n.kind === 'connector')).toBe(true);
    expect(s.streams.some((x: { source: { kind: string } }) => x.source.kind === 'merge')).toBe(true);
    const library = (await call(session.client, 'explain_vpl', { program: example('retail-cart-abandon.vpl') }))
      .structuredContent;
    expect(library.streams.length).toBeGreaterThan(0);
  });

  test('a program with errors is still explained, with its diagnostics', async () => {
    const s = (
      await call(session.client, 'explain_vpl', {
        program: 'event R:\n    a: int\nstream S = R.where(b > 1).emit(a: a)\n',
      })
    ).structuredContent;
    expect(s.ok).toBe(false);
    expect(s.diagnostics[0].code).toBe('VPL-N001');
    expect(s.streams[0].operations[0].description).toBe('keep only records where b > 1');
    expect(s.undeclaredEventTypes).toEqual([]);
  });

  test('undeclared event types are listed', async () => {
    const s = (await call(session.client, 'explain_vpl', { program: 'stream S = Parcel.emit(id: id)\n' }))
      .structuredContent;
    expect(s.undeclaredEventTypes).toEqual(['Parcel']);
    expect(s.graph.nodes).toContainEqual({ id: 'event_Parcel', kind: 'event', label: 'Parcel (undeclared)' });
  });
});
