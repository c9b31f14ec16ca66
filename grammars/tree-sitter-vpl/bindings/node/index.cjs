// CommonJS entry of tree-sitter-vpl: the same API as index.mjs.
'use strict';

const { readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

/** Absolute path of the compiled grammar, `tree-sitter-vpl.wasm`. */
const wasmPath = path.join(root, 'tree-sitter-vpl.wasm');

/** Absolute path of the `queries/` folder. */
const queriesPath = path.join(root, 'queries') + path.sep;

/** The node types of the grammar (`src/node-types.json`). */
const nodeTypeInfo = JSON.parse(readFileSync(path.join(root, 'src', 'node-types.json'), 'utf8'));

let initialised;

/** Initialises web-tree-sitter (once per process) and loads the VPL language. */
async function loadVplLanguage(wasm = wasmPath) {
  const { Parser, Language } = await import('web-tree-sitter');
  initialised ??= Parser.init();
  await initialised;
  return Language.load(wasm);
}

/** Reads one of the grammar's query files, e.g. `readVplQuery('highlights')`. */
function readVplQuery(name) {
  return readFileSync(path.join(root, 'queries', `${name}.scm`), 'utf8');
}

module.exports = { wasmPath, queriesPath, nodeTypeInfo, loadVplLanguage, readVplQuery };
