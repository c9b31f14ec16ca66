/**
 * The custom part of the VPL language server protocol: `vpl/` requests, `vpl.` command identifiers and the
 * settings the server reads. This module has no runtime dependencies, so editor extensions import it
 * (`@varpulis/lsp/protocol`) without pulling in the server.
 */

/** The language identifier clients use for VPL documents. */
export const VPL_LANGUAGE_ID = 'vpl';

/** The configuration section the server reads with `workspace/configuration` (`vpl.*`). */
export const VPL_CONFIGURATION_SECTION = 'vpl';

/** Custom request and notification methods. */
export const VplMethods = {
  /** Runs a program on its sample events in virtual time: {@link RunSampleParams} → {@link RunSampleResult}. */
  runSample: 'vpl/runSample',
  /** The stream data-flow graph of a document and its imports: {@link StreamGraphParams} → {@link StreamGraph}. */
  streamGraph: 'vpl/streamGraph',
  /** Formats a VPL text that is not an open document: {@link FormatTextParams} → {@link FormatTextResult}. */
  formatText: 'vpl/formatText',
} as const;

/** Commands the server's code lenses and code actions use (`workspace/executeCommand`). */
export const VplCommands = {
  /**
   * Runs the document's program on its sample events and shows the result (arguments: `[uri, streamName?]`).
   * Executed by the server; returns a {@link RunSampleResult}.
   */
  runSample: 'vpl.runSample',
  /**
   * Shows the references of a stream (arguments: `[uri, position, locations]`, LSP types). Clients implement it
   * (VS Code: `editor.action.showReferences` after converting the arguments).
   */
  showReferences: 'vpl.showReferences',
} as const;

export interface RunSampleParams {
  /** The VPL document. */
  uri: string;
  /** The sample input (`.evt` or `.jsonl`); default: the one found next to the document or by `vpl.sampleEvents.patterns`. */
  inputUri?: string;
}

/** What one stream emitted during a sample run. */
export interface StreamRunSummary {
  name: string;
  emitted: number;
  /** The first few emitted events, rendered as JSON lines. */
  sample: string[];
}

export interface RunSampleResult {
  /** The input used, or undefined when none was found. */
  inputUri?: string;
  /** Input events read. */
  events: number;
  streams: StreamRunSummary[];
  /** Compile, input and run-time problems, one line each. */
  problems: string[];
  /** Wall-clock milliseconds the run took (the run itself is in virtual time). */
  elapsedMs: number;
}

export interface StreamGraphParams {
  uri: string;
}

export interface StreamGraphNode {
  name: string;
  kind: 'stream' | 'event' | 'pattern' | 'connector';
  uri?: string;
  /** Zero-based line of the declaration, when declared. */
  line?: number;
}

export interface StreamGraphEdge {
  from: string;
  to: string;
  /** How `to` uses `from`: as its source, a step, a merge/join input, a negation, an output connector. */
  role: 'source' | 'step' | 'input' | 'not' | 'sink';
}

export interface StreamGraph {
  nodes: StreamGraphNode[];
  edges: StreamGraphEdge[];
}

export interface FormatTextParams {
  text: string;
}

export type FormatTextResult = { text: string; changed: boolean } | { error: string };

/** The server's settings (`vpl.*` in the client's configuration). Every field is optional. */
export interface VplSettings {
  diagnostics?: {
    /** Push diagnostics even to clients that pull them (default false). */
    alwaysPush?: boolean;
  };
  inlayHints?: {
    /** Inferred types of emitted and selected fields (default true). */
    fieldTypes?: boolean;
    /** Durations normalised to their largest exact unit, e.g. `90s` → `1m 30s` (default true). */
    durations?: boolean;
    /** The partition key in effect on windows, aggregates and sequences (default true). */
    partitionKeys?: boolean;
  };
  codeLens?: {
    /** Reference counts on streams, events and functions (default true). */
    references?: boolean;
    /** "Run on sample events" on each stream when sample input is found (default true). */
    runSample?: boolean;
  };
  sampleEvents?: {
    /**
     * Where to look for sample input besides `<program>.evt` / `<program>.jsonl` next to the file: paths relative to
     * the program's folder, with `${name}` standing for the program's file name without extension
     * (e.g. `samples/${name}.evt`).
     */
    patterns?: string[];
    /** The most events a sample run reads (default 10000). */
    maxEvents?: number;
  };
}
