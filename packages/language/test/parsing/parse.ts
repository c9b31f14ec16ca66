/**
 * Test helpers for parsing tests: parse a text with Langium's `parseHelper` (no validation) and describe the tree
 * compactly, e.g. `(WhereOp (ComparisonExpr is not (NameRef x) (NullLiteral)))`.
 */
import type { AstNode, LangiumDocument } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Program } from '../../src/generated/ast.js';
import { createVplServices } from '../../src/vpl-module.js';

const services = createVplServices().Vpl;
const parseDocument = parseHelper<Program>(services);

export interface Parsed {
  document: LangiumDocument<Program>;
  program: Program;
  /** Lexer and parser errors, and the lexer's coded diagnostics (`CODE message`). */
  errors: string[];
}

export async function parse(text: string): Promise<Parsed> {
  const document = await parseDocument(text);
  const result = document.parseResult;
  const errors = [
    ...result.lexerErrors.map((e) => `lexer ${e.message}`),
    ...(result.lexerReport?.diagnostics ?? []).map((d) => `${(d as { code?: string }).code ?? '?'} ${d.message}`),
    ...result.parserErrors.map((e) => `parser ${e.message}`),
  ];
  return { document, program: result.value, errors };
}

/** Parses and expects no lexical or syntax problem. */
export async function parseValid(text: string): Promise<Program> {
  const { program, errors } = await parse(text);
  if (errors.length > 0) throw new Error(`unexpected errors:\n${errors.join('\n')}\nin:\n${text}`);
  return program;
}

export async function reset(): Promise<void> {
  await clearDocuments(services);
}

const SHOWN = ['name', 'operator', 'member', 'value', 'kind', 'variable', 'function', 'alias', 'kleene', 'op', 'key'];
const FLAGS = ['negated', 'all', 'optional', 'session', 'slice', 'unindented', 'colonForm', 'blockBody'];

/** A compact S-expression of a subtree: type, then scalar properties, flags, reference texts and children. */
export function sexpr(node: AstNode): string {
  const parts: string[] = [node.$type];
  const record = node as unknown as Record<string, unknown>;
  for (const key of SHOWN) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') parts.push(String(value));
    else if (typeof value === 'boolean' && key === 'value') parts.push(String(value));
  }
  for (const key of FLAGS) if (record[key] === true) parts.push(key === 'negated' ? 'not' : key);
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('$')) continue;
    if (value && typeof value === 'object' && '$refText' in value)
      parts.push(`&${(value as { $refText: string }).$refText}`);
  }
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('$') || key === '$container') continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child === 'object' && '$type' in child) parts.push(sexpr(child as AstNode));
    }
  }
  return `(${parts.join(' ')})`;
}

/** The S-expression of the first statement of a program. */
export async function first(text: string): Promise<string> {
  const program = await parseValid(text);
  const statement = program.statements[0];
  if (!statement) throw new Error('no statement');
  return sexpr(statement);
}
