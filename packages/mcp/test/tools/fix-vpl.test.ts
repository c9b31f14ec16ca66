import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';

describe('fix_vpl', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('applies comment, quote, name and operator fixes and reports what changed', async () => {
    const program = `// readings from the lab
event Reading:
    sensor: str
    temp: float

stream Hot = Reading
    .where(tmp > 30.0 and sensor == 'lab')
    .emit(sensor: sensr, temp: temp)
`;
    const result = await call(session.client, 'fix_vpl', { program });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent;
    expect(s.changed).toBe(true);
    expect(s.ok).toBe(true);
    expect(s.fixed).toBe(`# readings from the lab
event Reading:
    sensor: str
    temp: float

stream Hot = Reading
    .where(temp > 30.0 and sensor == "lab")
    .emit(sensor: sensor, temp: temp)
`);
    expect(s.applied.map((a: { code: string }) => a.code).sort()).toEqual([
      'VPL-L001',
      'VPL-L002',
      'VPL-N001',
      'VPL-N001',
    ]);
    expect(s.remaining.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
  });

  test('renames forecast_expected_time and type synonyms; adds a join .on skeleton', async () => {
    const program = `event Ride:
    ride_id: str
    at: datetime

event Arrived:
    ride_id: str

stream Late = Ride as r
    -> Arrived where ride_id == r.ride_id as a
    .within(20m)
    .forecast(mode: "fast")
    .emit(ride: r.ride_id, eta: forecast_expected_time)

stream Pairs = join(Ride, Arrived)
    .window(1m)
    .emit(ride: Ride.ride_id)
`;
    const s = (await call(session.client, 'fix_vpl', { program })).structuredContent;
    expect(s.fixed).toContain('eta: forecast_time');
    expect(s.fixed).toContain('at: timestamp');
    expect(s.fixed).toContain(
      'stream Pairs = join(Ride, Arrived)\n    .on(Ride.ride_id == Arrived.ride_id)\n    .window(1m)',
    );
    expect(s.ok).toBe(true);
  });

  test('only the requested codes are fixed; what cannot be fixed remains', async () => {
    const program = `// c
event R:
    a: int
stream S = R.where(b > 1).emit(a: a)
stream T = R.having(a > 1).emit(a: a)
`;
    const s = (await call(session.client, 'fix_vpl', { program, codes: ['VPL-L001'] })).structuredContent;
    expect(s.fixed.startsWith('# c\n')).toBe(true);
    expect(s.fixed).toContain('where(b > 1)');
    expect(s.ok).toBe(false);
    expect(s.remaining.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['VPL-N001']));
  });

  test('a valid program is returned unchanged', async () => {
    const program = 'event R:\n    a: int\n\nstream S = R\n    .where(a > 1)\n    .emit(a: a)\n';
    const s = (await call(session.client, 'fix_vpl', { program })).structuredContent;
    expect(s).toMatchObject({ fixed: program, changed: false, applied: [], ok: true });
  });

  test('bad input is an error with a hint', async () => {
    const result = await call(session.client, 'fix_vpl', { program: 'x'.repeat(1_000_001) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/maxProgramChars/);
  });
});
