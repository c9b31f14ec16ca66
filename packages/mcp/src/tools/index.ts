import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../deps.js';
import { registerExplainVplTool } from './explain-vpl.js';
import { registerFixVplTool } from './fix-vpl.js';
import { registerFormatVplTool } from './format-vpl.js';
import { registerGenerateSampleEventsTool } from './generate-sample-events.js';
import { registerInferEventSchemaTool } from './infer-event-schema.js';
import { registerLookupVplReferenceTool } from './lookup-vpl-reference.js';
import { registerSimulateVplTool } from './simulate-vpl.js';
import { registerValidateVplTool } from './validate-vpl.js';

/** Registers every tool of the server. */
export function registerTools(server: McpServer, deps: ServerDeps): void {
  registerValidateVplTool(server, deps);
  registerFormatVplTool(server, deps);
  registerExplainVplTool(server, deps);
  registerFixVplTool(server, deps);
  registerSimulateVplTool(server, deps);
  registerInferEventSchemaTool(server, deps);
  registerGenerateSampleEventsTool(server, deps);
  registerLookupVplReferenceTool(server, deps);
}
