import {
  type McpServer,
  type RegisteredResourceTemplate,
  type ResourceMetadata,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { resourceNotFound } from './resource-errors.js';

/** A family of resources with one URI per named entry (`vpl://guide/{section}`, `vpl://examples/{name}`). */
export interface NamedResources<T> {
  /** the registration name (`vpl-guide`) */
  readonly id: string;
  /** the URI template's fixed part (`vpl://guide/`) and its one variable (`section`) */
  readonly prefix: string;
  readonly variable: string;
  /** what one entry is, for the not-found message (`guide section`) */
  readonly noun: string;
  readonly entries: readonly T[];
  readonly nameOf: (entry: T) => string;
  /** the listing of one entry in `resources/list`, beyond its URI and name */
  readonly listing: (entry: T) => ResourceMetadata;
  /** the template's own metadata (`resources/templates/list`) */
  readonly metadata: ResourceMetadata;
  /** where else to look, for the not-found message (`lookup_vpl_reference searches them`) */
  readonly elsewhere: string;
  readonly read: (uri: URL, entry: T) => ReadResourceResult;
}

/**
 * Registers a URI template whose entries are listed, completed by name and read; a name that is no entry is
 * -32002 (resource not found) with the valid URIs.
 */
export function registerNamedResources<T>(server: McpServer, spec: NamedResources<T>): RegisteredResourceTemplate {
  const names = spec.entries.map(spec.nameOf);
  return server.registerResource(
    spec.id,
    new ResourceTemplate(`${spec.prefix}{${spec.variable}}`, {
      list: async () => ({
        resources: spec.entries.map((entry) => ({
          uri: `${spec.prefix}${spec.nameOf(entry)}`,
          name: spec.nameOf(entry),
          ...spec.listing(entry),
        })),
      }),
      complete: { [spec.variable]: (value) => names.filter((n) => n.startsWith(value)) },
    }),
    spec.metadata,
    async (uri, variables) => {
      const name = String(variables[spec.variable]);
      const entry = spec.entries.find((e) => spec.nameOf(e) === name);
      if (entry === undefined) {
        throw resourceNotFound(
          uri.href,
          `There is no ${spec.noun} named '${name}'. The ${spec.noun}s: ${names.map((n) => `${spec.prefix}${n}`).join(', ')} (${spec.elsewhere}).`,
        );
      }
      return spec.read(uri, entry);
    },
  );
}
