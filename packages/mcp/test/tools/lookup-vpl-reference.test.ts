import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';

describe('lookup_vpl_reference', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('finds sections and examples for an operation, with resource URIs', async () => {
    const result = await call(session.client, 'lookup_vpl_reference', { query: '.trend_aggregate(', maxResults: 5 });
    expect(result.isError).toBeFalsy();
    const hits = result.structuredContent.results;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h: { text: string }) => h.text.includes('trend_aggregate'))).toBe(true);
    for (const h of hits) expect(h.uri).toMatch(/^vpl:\/\/(guide|examples|grammar)/);
  });

  test('concepts are found in the bundled language guide', async () => {
    const result = await call(session.client, 'lookup_vpl_reference', {
      query: 'late events watermark',
      kinds: ['guide'],
    });
    const first = result.structuredContent.results[0];
    expect(first.kind).toBe('guide');
    expect(first.uri).toMatch(/^vpl:\/\/guide\/[a-z-]+$/);
    const page = await session.client.readResource({ uri: first.uri });
    expect(String(page.contents[0]!.text)).toContain(first.title);
  });

  test('builtins come from the language registry', async () => {
    const result = await call(session.client, 'lookup_vpl_reference', { query: 'count_distinct', kinds: ['builtin'] });
    expect(result.structuredContent.results[0].title).toMatch(/^count_distinct\(/);
  });

  test('the kinds filter restricts the search', async () => {
    const result = await call(session.client, 'lookup_vpl_reference', { query: 'forecast', kinds: ['example'] });
    expect(result.structuredContent.results.every((h: { kind: string }) => h.kind === 'example')).toBe(true);
  });

  test('no match and an over-long query are errors with hints', async () => {
    const none = await call(session.client, 'lookup_vpl_reference', { query: 'zzqqxx' });
    expect(none.isError).toBe(true);
    expect(textOf(none)).toMatch(/Try another keyword/);
    const long = await call(session.client, 'lookup_vpl_reference', { query: 'window '.repeat(100) });
    expect(long.isError).toBe(true);
  });
});
