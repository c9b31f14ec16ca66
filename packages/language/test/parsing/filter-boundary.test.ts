/**
 * The end of a restricted filter expression (§8.6, L41): a `.` followed by an operation name and `(` (or by
 * `emit as`) is the OP_DOT that starts the next operation; any other `.name` stays a member access.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { first, parse, reset } from './parse.js';

afterEach(reset);

describe('restricted filter expressions (§8.6)', () => {
  test('a member named like an operation stays in the filter (L41)', async () => {
    expect(await first('stream S = A as a -> B where v > a.score as b')).toBe(
      '(StreamDecl S (EventSource &A (Alias a)) (FollowedBy &B (ComparisonExpr > (NameRef &v) (MemberAccess score (NameRef &a))) (Alias b)))',
    );
    expect(
      await first('stream S = W as opener -> all W where score > opener.score and opener.first as more'),
    ).toContain('(MemberAccess first (NameRef &opener))');
  });

  test('`.within(` after a condition starts the next operation', async () => {
    expect(await first('stream S = A as a -> B where v > 1 .within(5m)')).toBe(
      '(StreamDecl S (EventSource &A (Alias a)) (FollowedBy &B (ComparisonExpr > (NameRef &v) (IntLiteral 1))) (WithinOp (DurationLiteral 5m)))',
    );
  });

  test('`.emit as T(...)` after a condition starts the next operation', async () => {
    expect(await first('stream S = A as a -> B where v > a.v .emit as Out(v: v)')).toBe(
      '(StreamDecl S (EventSource &A (Alias a)) (FollowedBy &B (ComparisonExpr > (NameRef &v) (MemberAccess v (NameRef &a)))) (EmitOp &Out (NamedArg v (NameRef &v))))',
    );
  });

  test('method calls and array literals are allowed in a filter [EXT]', async () => {
    expect(await first('stream S = A as a -> B where x.len() > 1 as b')).toContain(
      '(CallExpr (MemberAccess len (NameRef &x)))',
    );
    expect(await first('stream S = A as a -> B where k in [1, 2]')).toContain(
      '(ComparisonExpr in (NameRef &k) (ArrayLiteral (IntLiteral 1) (IntLiteral 2)))',
    );
  });

  test('a sequence step condition is a filter too, so its `.within(...)` is reachable (L13)', async () => {
    expect(await first('stream P = sequence(a: R, b: R where v > a.v .within(1m))')).toBe(
      '(StreamDecl P (SequenceSource (SequenceStep a &R) (SequenceStep b &R (ComparisonExpr > (NameRef &v) (MemberAccess v (NameRef &a))) (DurationLiteral 1m))))',
    );
  });

  test('in full expressions a method named like an operation is an ordinary method call', async () => {
    expect(await first('let p = evts.filter(e => e.ok)')).toBe(
      '(VarDecl p let (CallExpr (MemberAccess filter (NameRef &evts)) (Argument (Lambda (LambdaParam e) (MemberAccess ok (NameRef &e))))))',
    );
  });

  test('no `**`, bitwise operators or `if` expressions in a filter', async () => {
    const { errors } = await parse('stream S = A as a -> B where v ** 2 > 1 as b');
    expect(errors.length).toBeGreaterThan(0);
  });
});
