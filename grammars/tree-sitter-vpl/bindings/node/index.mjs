// Loads the VPL grammar into web-tree-sitter (WebAssembly: no native build, works on every Node
// version the project supports).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the compiled grammar, `tree-sitter-vpl.wasm`. */
export const wasmPath = fileURLToPath(new URL('../../tree-sitter-vpl.wasm', import.meta.url));

/** Absolute path of the `queries/` folder (highlights.scm, locals.scm, …). */
export const queriesPath = fileURLToPath(new URL('../../queries/', import.meta.url));

/** The node types of the grammar (`src/node-types.json`). */
export const nodeTypeInfo = JSON.parse(
  readFileSync(new URL('../../src/node-types.json', import.meta.url), 'utf8'),
);

let initialised;

/**
 * Initialises web-tree-sitter (once per process) and loads the VPL language.
 *
 * @param {string | Uint8Array} [wasm] the grammar's wasm, as a path or bytes (default: `wasmPath`)
 * @returns {Promise<import('web-tree-sitter').Language>}
 */
export async function loadVplLanguage(wasm = wasmPath) {
  const { Parser, Language } = await import('web-tree-sitter');
  initialised ??= Parser.init();
  await initialised;
  return Language.load(wasm);
}

/**
 * Reads one of the grammar's query files, e.g. `readVplQuery('highlights')`.
 *
 * @param {'highlights' | 'locals' | 'folds' | 'indents' | 'injections' | 'tags' | 'textobjects'} name
 * @returns {string}
 */
export function readVplQuery(name) {
  return readFileSync(new URL(`../../queries/${name}.scm`, import.meta.url), 'utf8');
}
