/**
 * Match and forecast records are built whole only when something after the matcher can read their
 * `<alias>_<field>` fields (runtime/patterns/match-record-use.ts): the streams below read them, or a head
 * field they would overwrite, and must see the same values as ever.
 */

import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('match records', () => {
  test('`.emit()` without fields emits the whole match record', async () => {
    const run = await runTimeline(`stream S = A as a -> B where id == a.id as b .within(5s) .emit()`, [
      at(0, 'A', { id: 7, x: 1 }),
      at(2, 'B', { id: 7 }),
    ]);
    expect(run.data()).toEqual([{ match_duration_ms: 2, a_id: 7, a_x: 1, b_id: 7 }]);
  });

  test('a `.where` that reads a captured field through the match record still sees it', async () => {
    const run = await runTimeline(
      `stream S = A as a -> B where id == a.id as b .within(5s) .where(a_x > 1) .emit(x: a.x)`,
      [at(0, 'A', { id: 7, x: 1 }), at(2, 'B', { id: 7 }), at(3, 'A', { id: 8, x: 2 }), at(4, 'B', { id: 8 })],
    );
    expect(run.data()).toEqual([{ x: 2 }]);
  });

  test('a partition field named like a captured field takes the captured value, as in the whole record', async () => {
    const run = await runTimeline(
      `stream S = A as a -> B where id == a.id as b .partition_by(a_id) .within(5s) .emit(k: a_id, d: match_duration_ms)`,
      [at(0, 'A', { a_id: 1, id: 7 }), at(1, 'B', { a_id: 1, id: 7 })],
    );
    expect(run.data()).toEqual([{ k: 7, d: 1 }]);
  });

  test('aliases and head fields only: the same values without the captured copies', async () => {
    const run = await runTimeline(
      `stream S = A as a -> B where id == a.id as b .partition_by(p) .within(5s) .emit(p: p, a: a.x, b: b.id, d: match_duration_ms)`,
      [at(0, 'A', { p: 'k', id: 7, x: 1 }), at(3, 'B', { p: 'k', id: 7 })],
    );
    expect(run.data()).toEqual([{ p: 'k', a: 1, b: 7, d: 3 }]);
  });

  test('a forecast record keeps the candidate’s captured fields for a `.where` that reads them', async () => {
    const run = await runTimeline(
      `stream F = Trial as t -> Use where account == t.account as u -> Cancel where account == t.account
        .within(10s)
        .forecast(confidence: 0.0, warmup: 1, mode: "fast")
        .where(t_account == 1)
        .emit(account: t.account, s: forecast_state)`,
      [
        at(0, 'Trial', { account: 0 }),
        at(1000, 'Use', { account: 0 }),
        at(2000, 'Cancel', { account: 0 }),
        at(20_000, 'Trial', { account: 1 }),
        at(21_000, 'Use', { account: 1 }),
      ],
    );
    expect(run.data()).toEqual([
      { account: 1, s: 't' },
      { account: 1, s: 'u' },
    ]);
  });
});
