/**
 * The bundled Varpulis MCP server (dist/mcp.cjs), started by VS Code through the extension's MCP server definition
 * provider: stdio transport, `--allow-root DIR` for each workspace folder. Logs go to stderr.
 */
import { runMcpServer } from '@varpulis/mcp/main';

runMcpServer(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`varpulis-mcp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
