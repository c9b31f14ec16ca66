#!/usr/bin/env node
// The VPL MCP server. stdio by default; `--http --port N` for Streamable HTTP. See docs/mcp.md.
import { runMcpServer } from '../out/main.js';

process.exitCode = await runMcpServer(process.argv.slice(2));
