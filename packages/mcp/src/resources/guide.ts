import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../deps.js';

/** The language guide, one resource per page (`vpl://guide/{section}`, e.g. `vpl://guide/streams`). */
export function registerGuideResources(server: McpServer, deps: ServerDeps): void {
  const pages = deps.reference.guide;
  server.registerResource(
    'vpl-guide',
    new ResourceTemplate('vpl://guide/{section}', {
      list: async () => ({
        resources: pages.map((p) => ({
          uri: `vpl://guide/${p.name}`,
          name: p.name,
          title: p.title,
          mimeType: 'text/markdown',
        })),
      }),
      complete: { section: (value) => pages.map((p) => p.name).filter((n) => n.startsWith(value)) },
    }),
    {
      title: 'VPL language guide',
      description:
        'The VPL language guide, one section (page) per resource: syntax, operations, windows, patterns, builtins, diagnostics.',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const name = String(variables.section);
      const page = pages.find((p) => p.name === name);
      if (!page) {
        throw new Error(`No guide section '${name}'. Sections: ${pages.map((p) => p.name).join(', ')}.`);
      }
      const text = page.sections
        .map((s) => (s.level === 1 ? `# ${page.title}\n\n${s.text}` : `${'#'.repeat(s.level)} ${s.title}\n\n${s.text}`))
        .join('\n\n');
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  );
}
