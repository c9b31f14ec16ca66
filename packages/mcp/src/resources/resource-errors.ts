/**
 * The protocol errors of `resources/read`. The MCP specification answers a URI the server has no resource for with
 * -32002 ("resource not found", the URI in the error's data); the SDK's `ErrorCode` has no name for it.
 */
export const RESOURCE_NOT_FOUND = -32002;
/** JSON-RPC "invalid params": a `uri` that is not a URI at all. */
export const INVALID_PARAMS = -32602;

/**
 * An error the SDK sends as it is: its `code`, `message` and `data` become the JSON-RPC error. (An `McpError` would
 * put "MCP error <code>:" in the message, and the client adds that prefix again.)
 */
export class ResourceReadError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: { readonly uri: string },
  ) {
    super(message);
    this.name = 'ResourceReadError';
  }
}

/** -32002 for `uri`, with what to read instead. */
export function resourceNotFound(uri: string, instead: string): ResourceReadError {
  return new ResourceReadError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}. ${instead}`, { uri });
}
