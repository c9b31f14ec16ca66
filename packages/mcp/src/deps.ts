import type { McpLimits } from './limits.js';
import type { ReferenceData } from './reference/reference-types.js';
import type { AllowedRoots } from './security/allowed-roots.js';
import type { Simulator } from './simulation/simulator.js';

/** What the tools, resources and prompts of one server share. Built by `createVplMcpServer`. */
export interface ServerDeps {
  readonly limits: McpLimits;
  /** the only directories files may be read from */
  readonly roots: AllowedRoots;
  /** runs programs over events in a worker thread, with a wall-clock guard */
  readonly simulator: Simulator;
  /** the bundled language guide, examples and grammar */
  readonly reference: ReferenceData;
  /** writes a line to the log (stderr in the stdio server; never stdout) */
  readonly log: (message: string) => void;
}
