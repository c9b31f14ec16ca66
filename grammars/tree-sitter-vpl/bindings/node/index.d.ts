import type { Language } from 'web-tree-sitter';

/** One entry of `src/node-types.json`. */
export interface NodeTypeInfo {
  type: string;
  named: boolean;
  subtypes?: { type: string; named: boolean }[];
  fields?: Record<string, { multiple: boolean; required: boolean; types: { type: string; named: boolean }[] }>;
  children?: { multiple: boolean; required: boolean; types: { type: string; named: boolean }[] };
}

/** The names of the query files in `queries/`. */
export type VplQueryName =
  | 'highlights'
  | 'locals'
  | 'folds'
  | 'indents'
  | 'injections'
  | 'tags'
  | 'textobjects';

/** Absolute path of the compiled grammar, `tree-sitter-vpl.wasm`. */
export declare const wasmPath: string;

/** Absolute path of the `queries/` folder, with a trailing separator. */
export declare const queriesPath: string;

/** The node types of the grammar (`src/node-types.json`). */
export declare const nodeTypeInfo: NodeTypeInfo[];

/**
 * Initialises web-tree-sitter (once per process) and loads the VPL language from `wasm`
 * (a path or the bytes; default `wasmPath`).
 */
export declare function loadVplLanguage(wasm?: string | Uint8Array): Promise<Language>;

/** Reads one of the grammar's query files. */
export declare function readVplQuery(name: VplQueryName): string;
