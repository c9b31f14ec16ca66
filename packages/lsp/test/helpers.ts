import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AstNode, EmptyFileSystem, isReference } from 'langium';
import { createVplLspServices } from '../src/vpl-lsp-module.js';

/** One set of language-server services for a test file (no connection, no file system). */
export function createTestServices() {
  return createVplLspServices({ ...EmptyFileSystem });
}

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const PROGRAMS = path.join(REPO, 'test/programs');

/** Every program of the corpus (`test/programs/**.vpl`): [relative name, text]. */
export function corpus(): [string, string][] {
  const out: [string, string][] = [];
  const visit = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) visit(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.vpl'))
        out.push([`${prefix}${entry.name}`, readFileSync(path.join(dir, entry.name), 'utf8')]);
    }
  };
  visit(PROGRAMS, '');
  return out;
}

/** A syntax tree as plain data: node types, properties and reference texts, without CST positions. */
export function astShape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(astShape);
  if (isReference(node)) return { ref: node.$refText };
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = { $type: (node as AstNode).$type };
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('$')) continue;
      out[key] = astShape(value);
    }
    return out;
  }
  return node;
}

/** Splits a text with a `<|>` marker into the text and the marker's offset. */
export function withCursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('<|>');
  return { text: text.replace('<|>', ''), offset };
}
