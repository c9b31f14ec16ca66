import { describe, expect, test } from 'vitest';
import { isBudgetFree } from '../../src/runtime/expressions/budget-free.js';
import { isContextFree } from '../../src/runtime/expressions/context-free.js';
import { evaluate } from './harness.js';
import { parseExpr } from './mini-vpl.js';

const env = { globals: ['g'], constants: ['K'], aliases: ['a'], functions: ['f'] };
const plan = (src: string) => parseExpr(src, env);

describe('budget-free expressions (called without a top-level evaluation frame)', () => {
  test('field reads, operators, conditionals and scalar builtins cannot charge the budget', () => {
    for (const src of [
      'price > 50.0',
      'abs(a.x - K) * 2',
      'if x > 1 then "hi" else upper(s)',
      '[x, {k: y}][0]',
      'g + 1',
    ]) {
      expect(isBudgetFree(plan(src)), src).toBe(true);
    }
  });

  test('ranges, collection builtins, methods, user functions and lambdas can', () => {
    for (const src of ['len(0..n)', 'sort(xs)', 'xs.len()', 'f(1)', 'map(xs, v => v)']) {
      expect(isBudgetFree(plan(src)), src).toBe(false);
    }
  });

  test('a range that exhausts the budget still ends in VPL-R005 and null', () => {
    const r = evaluate('len(0..1000)', { limits: { maxSteps: 10 } });
    expect(r.value).toBe(null);
    expect(r.codes).toEqual(['VPL-R005']);
  });
});

describe('context-free expressions (the same value whenever they are evaluated for a record)', () => {
  test('fields, aliases, constants and pure builtins', () => {
    for (const src of ['price * volume', 'a.x + K', 'abs(x) > 1 and s == "a"', 'record']) {
      expect(isContextFree(plan(src)), src).toBe(true);
    }
  });

  test('not: var globals, now(), user functions, lambdas', () => {
    for (const src of ['x + g', 'now()', 'f(x)', 'map(xs, v => v * 2)']) {
      expect(isContextFree(plan(src)), src).toBe(false);
    }
  });
});
