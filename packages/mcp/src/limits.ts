/**
 * Every limit of the MCP server, named and documented in one place (docs/mcp.md lists them for users). A tool
 * input over a limit is refused with `isError: true` and a hint that says which limit bit and what to do; a
 * simulation that reaches a run-time limit stops and reports what it produced so far.
 *
 * All limits can be lowered (or raised) per server with `createVplMcpServer({ limits })`; the CLI flags of
 * `varpulis-mcp` do not expose them, so the defaults below are what assistants see.
 */
export interface McpLimits {
  /** Characters of VPL program text accepted by any tool (about 1 MB). */
  readonly maxProgramChars: number;
  /** Lines of VPL program text accepted by any tool. */
  readonly maxProgramLines: number;
  /** Characters of inline event text (`.evt` or JSON lines) accepted by `simulate_vpl` and `infer_event_schema`. */
  readonly maxEventTextChars: number;
  /** JSON event objects accepted inline (the `events` array of `simulate_vpl` / `infer_event_schema`). */
  readonly maxInlineEvents: number;
  /** Bytes of an event file read from an allowed root. */
  readonly maxEventFileBytes: number;
  /** Bytes of a program file read from an allowed root. */
  readonly maxProgramFileBytes: number;
  /** Input events one simulation processes; the rest is skipped and reported (`truncatedInput`). */
  readonly maxSimulationEvents: number;
  /** Default wall-clock budget of one simulation, in milliseconds. */
  readonly defaultSimulationWallMs: number;
  /** Largest wall-clock budget a caller may ask for, in milliseconds. */
  readonly maxSimulationWallMs: number;
  /**
   * Extra time after the wall-clock budget before a simulation that does not stop by itself (stuck inside one
   * evaluation) is killed: its worker thread is terminated and replaced.
   */
  readonly simulationKillGraceMs: number;
  /** Emitted events returned per simulation (all are counted; the list is cut, `truncatedOutput`). */
  readonly maxOutputEvents: number;
  /** Bytes of emitted-event JSON returned per simulation (the list is cut at this size). */
  readonly maxOutputBytes: number;
  /** Runtime diagnostics returned per simulation (all are counted by code). */
  readonly maxRuntimeErrors: number;
  /** `.print`/`.log` lines returned per simulation. */
  readonly maxLogLines: number;
  /** Engine budget: evaluation steps of one expression evaluation (semantics §16; the CLI default is 10 000 000). */
  readonly engineMaxSteps: number;
  /** Engine budget: iterations of one `while` loop execution (semantics §16). */
  readonly engineMaxLoopIterations: number;
  /** Engine budget: recursion depth of user functions (semantics §16). */
  readonly engineMaxRecursionDepth: number;
  /** A progress notification is sent every this many input events (when the client asked for progress). */
  readonly progressEveryEvents: number;
  /** Sample events `infer_event_schema` reads. */
  readonly maxSchemaSamples: number;
  /** Events `generate_sample_events` may put in one generated sequence. */
  readonly maxGeneratedEvents: number;
  /** Characters of a `lookup_vpl_reference` query. */
  readonly maxQueryChars: number;
  /** Sections `lookup_vpl_reference` returns at most. */
  readonly maxReferenceResults: number;
  /** Characters of a returned guide section (longer sections are cut, with a pointer to the resource). */
  readonly maxSectionChars: number;
  /** Rounds of `fix_vpl` (each round re-validates and applies the fixes that do not overlap). */
  readonly maxFixRounds: number;
  /** Characters of a path argument. */
  readonly maxPathChars: number;
  /** Bytes of one HTTP request body in `--http` mode (the stdio transport's own cap is 10 MiB per message). */
  readonly maxHttpBodyBytes: number;
}

/** The defaults. */
export const DEFAULT_LIMITS: McpLimits = Object.freeze({
  maxProgramChars: 1_000_000,
  maxProgramLines: 20_000,
  maxEventTextChars: 5_000_000,
  maxInlineEvents: 10_000,
  maxEventFileBytes: 50 * 1024 * 1024,
  maxProgramFileBytes: 1_000_000,
  maxSimulationEvents: 200_000,
  defaultSimulationWallMs: 10_000,
  maxSimulationWallMs: 60_000,
  simulationKillGraceMs: 1_500,
  maxOutputEvents: 500,
  maxOutputBytes: 256 * 1024,
  maxRuntimeErrors: 50,
  maxLogLines: 100,
  engineMaxSteps: 1_000_000,
  engineMaxLoopIterations: 10_000,
  engineMaxRecursionDepth: 256,
  progressEveryEvents: 1_000,
  maxSchemaSamples: 10_000,
  maxGeneratedEvents: 100,
  maxQueryChars: 200,
  maxReferenceResults: 10,
  maxSectionChars: 6_000,
  maxFixRounds: 5,
  maxPathChars: 4_096,
  maxHttpBodyBytes: 10 * 1024 * 1024,
});

/** The defaults with some limits replaced. */
export function resolveLimits(overrides: Partial<McpLimits> = {}): McpLimits {
  return Object.freeze({ ...DEFAULT_LIMITS, ...overrides });
}
