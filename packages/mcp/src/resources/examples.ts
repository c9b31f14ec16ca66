import type { McpServer, RegisteredResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../deps.js';
import { registerNamedResources } from './named-resources.js';

/** The example programs with their sample events (`vpl://examples/{name}`). */
export function registerExampleResources(server: McpServer, deps: ServerDeps): RegisteredResourceTemplate {
  return registerNamedResources(server, {
    id: 'vpl-example',
    prefix: 'vpl://examples/',
    variable: 'name',
    noun: 'example',
    entries: deps.reference.examples,
    nameOf: (example) => example.name,
    listing: (example) => ({ description: example.description, mimeType: 'text/x-vpl' }),
    metadata: {
      title: 'VPL example programs',
      description:
        'Realistic VPL programs (fraud, IoT, logistics, healthcare, …) that load without errors; each comes with sample events (second content item) usable with simulate_vpl.',
      mimeType: 'text/x-vpl',
    },
    elsewhere: 'resources/list describes each; lookup_vpl_reference searches them',
    read: (uri, example) => {
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
  });
}
