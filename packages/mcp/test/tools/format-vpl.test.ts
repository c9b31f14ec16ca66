import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect } from '../helpers/connect.js';

describe('format_vpl', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('formats a program canonically and is idempotent', async () => {
    const program = 'event R:\n    a: int\nstream S = R.where(a>1).emit(a: a)\n';
    const first = await call(session.client, 'format_vpl', { program });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent.changed).toBe(true);
    expect(first.structuredContent.formatted).toContain('.where(a > 1)');
    const again = await call(session.client, 'format_vpl', { program: first.structuredContent.formatted });
    expect(again.structuredContent.changed).toBe(false);
  });

  test('a program with syntax errors is not formatted', async () => {
    const result = await call(session.client, 'format_vpl', { program: 'stream S = R.where(' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent.syntaxErrors[0].code).toBe('VPL-P001');
  });

  test('an oversized program is refused', async () => {
    const result = await call(session.client, 'format_vpl', { program: 'x'.repeat(1_000_001) });
    expect(result.isError).toBe(true);
  });
});
