// Checks that the hand-written scanner (src/scanner.c) agrees with the grammar (src/grammar.json):
// the order of the external tokens, the operation names that decide where the operation dot goes,
// and the declaration words. Needs no dependency.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const grammar = JSON.parse(readFileSync(path.join(root, 'src', 'grammar.json'), 'utf8'));
const scanner = readFileSync(path.join(root, 'src', 'scanner.c'), 'utf8');

/** The string literals of a C array initialiser `NAME[] = { ... };`. */
function cStrings(name) {
  const match = new RegExp(`${name}\\[\\] = \\{([^}]*)\\}`).exec(scanner);
  assert.ok(match, `${name} not found in scanner.c`);
  return [...match[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

/** Every STRING in a rule, depth first. */
function strings(rule, out = []) {
  if (rule.type === 'STRING') out.push(rule.value);
  for (const child of [...(rule.members ?? []), ...(rule.content ? [rule.content] : [])]) {
    strings(child, out);
  }
  return out;
}

test('the scanner enum lists the externals of the grammar, in order', () => {
  const body = /enum TokenType \{([^}]*)\}/.exec(scanner)[1];
  const enumNames = body
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const externals = grammar.externals.map((e) => e.name.replace(/^_/, '').toUpperCase());
  assert.deepEqual(enumNames, externals);
});

test('the scanner knows exactly the operation names of the grammar', () => {
  const fromGrammar = Object.entries(grammar.rules)
    .filter(([name]) => name.endsWith('_operation') && !name.startsWith('_'))
    .map(([, rule]) => {
      const field = rule.members.find((m) => m.type === 'FIELD' && m.name === 'name');
      return field.content.value;
    });
  assert.deepEqual([...cStrings('OPERATION_NAMES')].sort(), [...new Set(fromGrammar)].sort());
});

test('the scanner decides the declaration keywords of the grammar, in token order', () => {
  const keywords = grammar.externals.map((e) => /^_(\w+)_keyword$/.exec(e.name)?.[1]).filter(Boolean);
  assert.deepEqual(cStrings('DECLARATION_WORDS'), keywords);
});

test('every declaration keyword is used by the grammar under its own name', () => {
  const aliases = new Set();
  const visit = (rule) => {
    if (rule.type === 'ALIAS' && rule.content.type === 'SYMBOL' && rule.content.name.endsWith('_keyword')) {
      aliases.add(`${rule.content.name}=${rule.value}`);
    }
    for (const child of [...(rule.members ?? []), ...(rule.content ? [rule.content] : [])]) visit(child);
  };
  for (const rule of Object.values(grammar.rules)) visit(rule);
  for (const word of cStrings('DECLARATION_WORDS')) {
    assert.ok(aliases.has(`_${word}_keyword=${word}`), `_${word}_keyword is not aliased to '${word}'`);
  }
  // The grammar never uses these words as plain keywords, which the internal lexer would then
  // produce without the scanner's lookahead; `context`, `pattern` and `emit` are operation names too.
  const plain = new Set(Object.values(grammar.rules).flatMap((rule) => strings(rule)));
  for (const word of ['stream', 'event', 'type', 'connector', 'config']) {
    assert.ok(!plain.has(word), `'${word}' is used as a plain keyword`);
  }
});
