import { describe, expect, test } from 'vitest';
import { ARRAY_METHODS, BUILTIN_FUNCTIONS, BUILTINS, METHODS, NOT_BUILTINS } from '../../src/runtime/builtins/index.js';

describe('the builtin registry (semantics §7.7, L19)', () => {
  test('every signature has an implementation and vice versa', () => {
    expect([...BUILTINS.keys()].sort()).toEqual(BUILTIN_FUNCTIONS.map((s) => s.name).sort());
    expect([...METHODS.keys()].sort()).toEqual(ARRAY_METHODS.map((s) => s.name).sort());
  });

  test('names are unique and arities consistent', () => {
    const names = BUILTIN_FUNCTIONS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of [...BUILTIN_FUNCTIONS, ...ARRAY_METHODS]) {
      expect(s.minArgs, s.name).toBeLessThanOrEqual(s.maxArgs ?? Number.POSITIVE_INFINITY);
      expect(s.params.filter((p) => !p.optional).length, s.name).toBeLessThanOrEqual(Math.max(s.minArgs, 1));
      expect(s.doc.length, s.name).toBeGreaterThan(0);
    }
  });

  test('the reference-documentation-only names are not builtins', () => {
    for (const n of NOT_BUILTINS) expect(BUILTINS.has(n), n).toBe(false);
  });

  test('synonyms point at a real builtin', () => {
    for (const s of BUILTIN_FUNCTIONS) if (s.aliasOf) expect(BUILTINS.has(s.aliasOf), s.name).toBe(true);
  });
});
