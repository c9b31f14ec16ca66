import type { McpServer, RegisteredResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../deps.js';
import { registerNamedResources } from './named-resources.js';

/** The language guide, one resource per page (`vpl://guide/{section}`, e.g. `vpl://guide/streams`). */
export function registerGuideResources(server: McpServer, deps: ServerDeps): RegisteredResourceTemplate {
  return registerNamedResources(server, {
    id: 'vpl-guide',
    prefix: 'vpl://guide/',
    variable: 'section',
    noun: 'guide section',
    entries: deps.reference.guide,
    nameOf: (page) => page.name,
    listing: (page) => ({ title: page.title, mimeType: 'text/markdown' }),
    metadata: {
      title: 'VPL language guide',
      description:
        'The VPL language guide, one section (page) per resource: syntax, operations, windows, patterns, builtins, diagnostics.',
      mimeType: 'text/markdown',
    },
    elsewhere: 'lookup_vpl_reference searches them',
    read: (uri, page) => {
      const text = page.sections
        .map((s) => (s.level === 1 ? `# ${page.title}\n\n${s.text}` : `${'#'.repeat(s.level)} ${s.title}\n\n${s.text}`))
        .join('\n\n');
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  });
}
