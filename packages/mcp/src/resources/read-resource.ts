import type {
  McpServer,
  RegisteredResource,
  RegisteredResourceTemplate,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import { ReadResourceRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { INVALID_PARAMS, ResourceReadError, resourceNotFound } from './resource-errors.js';

/** The resources of the server, as `registerResource` returned them. */
export interface ServerResources {
  /** fixed URIs (`vpl://grammar`) */
  readonly fixed: ReadonlyMap<string, RegisteredResource>;
  /** URI templates (`vpl://guide/{section}`), tried in order */
  readonly templates: readonly RegisteredResourceTemplate[];
}

/** Where to look when a URI names nothing: the server's URIs and the listing. */
export const RESOURCE_DIRECTORY =
  'This server reads vpl://grammar, vpl://guide/{section} and vpl://examples/{name}; resources/list lists every guide section and example.';

/**
 * Answers `resources/read` in place of the SDK's handler, which answers a URI matching no resource with -32602 and a
 * `uri` that is not a URL with -32603: here any URI the server has no resource for is -32002 (resource not found,
 * as the MCP specification says), with the URI in the error's data and a pointer to the valid ones, and a `uri` that
 * does not parse is -32602. A resource's own callback answers -32002 for a name its template matches but does not
 * know (`vpl://examples/no-such-example`).
 */
export function answerResourceReads(server: McpServer, resources: ServerResources): void {
  server.server.removeRequestHandler('resources/read');
  server.server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const text = request.params.uri;
    const uri = URL.parse(text);
    if (uri === null) {
      throw new ResourceReadError(INVALID_PARAMS, `'${text.slice(0, 200)}' is not a URI. ${RESOURCE_DIRECTORY}`, {
        uri: text,
      });
    }
    const fixed = resources.fixed.get(uri.href);
    if (fixed?.enabled) return fixed.readCallback(uri, extra);
    for (const template of resources.templates) {
      if (!template.enabled) continue;
      const variables = matchTemplate(template, uri.href);
      if (variables) return template.readCallback(uri, variables, extra);
    }
    throw resourceNotFound(text, RESOURCE_DIRECTORY);
  });
}

function matchTemplate(template: RegisteredResourceTemplate, uri: string) {
  try {
    return template.resourceTemplate.uriTemplate.match(uri);
  } catch {
    // The SDK refuses to match a URI over its length limit (1 MB): no resource has such a URI.
    return null;
  }
}
