import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../deps.js';

/** The example programs with their sample events (`vpl://examples/{name}`). */
export function registerExampleResources(server: McpServer, deps: ServerDeps): void {
  const examples = deps.reference.examples;
  server.registerResource(
    'vpl-example',
    new ResourceTemplate('vpl://examples/{name}', {
      list: async () => ({
        resources: examples.map((e) => ({
          uri: `vpl://examples/${e.name}`,
          name: e.name,
          description: e.description,
          mimeType: 'text/x-vpl',
        })),
      }),
      complete: { name: (value) => examples.map((e) => e.name).filter((n) => n.startsWith(value)) },
    }),
    {
      title: 'VPL example programs',
      description:
        'Realistic VPL programs (fraud, IoT, logistics, healthcare, …) that load without errors; each comes with sample events (second content item) usable with simulate_vpl.',
      mimeType: 'text/x-vpl',
    },
    async (uri, variables) => {
      const name = String(variables.name);
      const example = examples.find((e) => e.name === name);
      if (!example) throw new Error(`No example '${name}'. Examples: ${examples.map((e) => e.name).join(', ')}.`);
      const contents = [{ uri: uri.href, mimeType: 'text/x-vpl', text: example.program }];
      if (example.events !== null) {
        contents.push({
          uri: `${uri.href}/events.${example.eventsFormat}`,
          mimeType: example.eventsFormat === 'jsonl' ? 'application/jsonl' : 'text/plain',
          text: example.events,
        });
      }
      return { contents };
    },
  );
}
