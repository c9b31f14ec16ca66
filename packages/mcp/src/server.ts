import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from './deps.js';
import { registerConvertQueryPrompt } from './prompts/convert-query.js';
import { registerDebugSilentStreamPrompt } from './prompts/debug-silent-stream.js';
import { registerWritePatternPrompt } from './prompts/write-pattern.js';
import { registerExampleResources } from './resources/examples.js';
import { GRAMMAR_URI, registerGrammarResource } from './resources/grammar.js';
import { registerGuideResources } from './resources/guide.js';
import { answerResourceReads } from './resources/read-resource.js';
import { registerTools } from './tools/index.js';

/** The server's name and version as announced to clients. */
export const SERVER_INFO = { name: 'varpulis-mcp', version: '0.1.0' } as const;

const INSTRUCTIONS = `Tools for VPL, the Varpulis Processing Language for complex event processing.
Typical flow: lookup_vpl_reference (syntax) → write the program → validate_vpl → fix_vpl → explain_vpl (check intent) →
generate_sample_events / simulate_vpl (test). infer_event_schema turns sample events into event declarations.
Resources: vpl://grammar (cheat sheet), vpl://guide/{section}, vpl://examples/{name}. Everything runs locally, in virtual time.`;

/** Builds an MCP server with every tool, resource and prompt registered (nothing else: no transport, no I/O). */
export function buildServer(deps: ServerDeps): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
    instructions: INSTRUCTIONS,
  });
  registerTools(server, deps);
  answerResourceReads(server, {
    fixed: new Map([[GRAMMAR_URI, registerGrammarResource(server, deps)]]),
    templates: [registerGuideResources(server, deps), registerExampleResources(server, deps)],
  });
  registerWritePatternPrompt(server, deps);
  registerDebugSilentStreamPrompt(server, deps);
  registerConvertQueryPrompt(server, deps);
  return server;
}
