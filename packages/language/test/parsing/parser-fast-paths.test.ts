import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type AstNode, type CstNode, createLangiumParser, type LangiumParser } from 'langium';
import { describe, expect, test } from 'vitest';
import { createVplServices } from '../../src/index.js';
import { CST_BUILDER_METHODS } from '../../src/parser/cst-builder-fast-paths.js';
import { REPLACED_PARSER_METHODS } from '../../src/parser/parser-fast-paths.js';

/**
 * The VPL parser builds its rules with its own builder and replaces some internal steps of Langium's parser
 * (src/parser/vpl-parser-builder.ts, src/parser/parser-fast-paths.ts). Both must compute exactly what Langium
 * computes: the same trees, syntax trees and errors as Langium's unmodified parser for the same grammar and lexer.
 */

const { Vpl } = createVplServices();
const langiumParser: LangiumParser = createLangiumParser(Vpl);

const resources = join(import.meta.dirname, '..', 'resources');
function programFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return programFiles(path);
    return path.endsWith('.vpl') ? [path] : [];
  });
}

/** Every property of a tree (containers and references by position), as plain data. */
function dumpAst(node: AstNode): unknown {
  const out: Record<string, unknown> = {
    $type: node.$type,
    $containerProperty: node.$containerProperty,
    $containerIndex: node.$containerIndex,
    $cst: node.$cstNode ? [node.$cstNode.offset, node.$cstNode.length] : null,
  };
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('$')) continue;
    out[key] = dumpValue(value, node);
  }
  return out;
}

function dumpValue(value: unknown, parent: AstNode): unknown {
  if (Array.isArray(value)) return value.map((item) => dumpValue(item, parent));
  if (value && typeof value === 'object') {
    if ('$type' in value) {
      expect((value as AstNode).$container).toBe(parent);
      return dumpAst(value as AstNode);
    }
    if ('$refText' in value) return { $refText: (value as { $refText: string }).$refText };
  }
  return value;
}

function dumpCst(node: CstNode): unknown {
  const children = (node as CstNode & { content?: CstNode[] }).content;
  const head = [node.offset, node.length, node.hidden, node.grammarSource?.$type, node.astNode.$type];
  return children ? [...head, children.map(dumpCst)] : [...head, node.text];
}

function parseBoth(text: string) {
  const fast = Vpl.parser.LangiumParser.parse(text);
  const reference = langiumParser.parse(text);
  return { fast, reference };
}

describe('VPL parser fast paths', () => {
  test("Langium's parser still has the internal methods they replace", () => {
    const internals = langiumParser as unknown as Record<string, unknown> & { nodeBuilder: Record<string, unknown> };
    for (const method of REPLACED_PARSER_METHODS) expect(typeof internals[method]).toBe('function');
    for (const method of CST_BUILDER_METHODS) expect(typeof internals.nodeBuilder[method]).toBe('function');
  });

  const files = programFiles(resources);
  test(`the same trees, syntax trees and errors as Langium's parser on ${files.length} test programs and broken variants`, () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // The program, and variants cut short or with a character removed: error recovery must agree too.
      const variants = [text, text.slice(0, Math.floor(text.length / 2)), text.slice(0, 40) + text.slice(41)];
      for (const variant of variants) {
        const { fast, reference } = parseBoth(variant);
        expect(dumpAst(fast.value)).toEqual(dumpAst(reference.value));
        expect(dumpCst(fast.value.$cstNode!)).toEqual(dumpCst(reference.value.$cstNode!));
        expect(fast.parserErrors.map((e) => [e.message, e.token.startOffset])).toEqual(
          reference.parserErrors.map((e) => [e.message, e.token.startOffset]),
        );
      }
    }
  });

  test('comments keep their place in the syntax tree', () => {
    const text =
      '# a\nevent A: # b\n    # c\n    x: int # d\n/* e */ stream S = A # f\n    # g\n    .where(x > 1 /* h */) # i\n# j\n';
    const { fast, reference } = parseBoth(text);
    expect(dumpCst(fast.value.$cstNode!)).toEqual(dumpCst(reference.value.$cstNode!));
  });
});
