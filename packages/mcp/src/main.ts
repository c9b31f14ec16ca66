import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createVplMcpServer } from './index.js';
import { buildServer, SERVER_INFO } from './server.js';

/** Exit codes of {@link runMcpServer}: 0 after a normal stop, 1 when the server cannot start, 2 on a usage error. */
export const McpExitCode = { Ok: 0, StartFailed: 1, Usage: 2 } as const;

const USAGE = `Usage: varpulis-mcp [options]

Serves the VPL tools over MCP: on stdio by default, or over Streamable HTTP with --http.

Options:
  --allow-root DIR   let tools read files under DIR (repeatable; default: no file access)
  --http             serve Streamable HTTP on http://HOST:PORT/mcp instead of stdio
  --port N           HTTP port (default 3845; 0 picks a free port)
  --host H           HTTP address (default 127.0.0.1; another address requires a token)
  --token T          require "Authorization: Bearer T" on HTTP (or set VARPULIS_MCP_TOKEN)
  --help             show this help
  --version          show the version

Logs go to standard error; with stdio, standard output carries only protocol messages.`;

interface ParsedArgs {
  http: boolean;
  port: number;
  host: string;
  roots: string[];
  token: string | undefined;
  help: boolean;
  version: boolean;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs | string {
  const args: ParsedArgs = {
    http: false,
    port: 3845,
    host: '127.0.0.1',
    roots: [],
    token: env.VARPULIS_MCP_TOKEN || undefined,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--http':
        args.http = true;
        break;
      case '--stdio':
        args.http = false;
        break;
      case '--port': {
        const v = value();
        const n = Number(v);
        if (v === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
          return `--port needs a port number (0-65535), got ${v ?? 'nothing'}`;
        args.port = n;
        break;
      }
      case '--host': {
        const v = value();
        if (!v) return '--host needs an address';
        args.host = v;
        break;
      }
      case '--allow-root': {
        const v = value();
        if (!v) return '--allow-root needs a directory';
        args.roots.push(v);
        break;
      }
      case '--token': {
        const v = value();
        if (!v) return '--token needs a value';
        args.token = v;
        break;
      }
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--version':
        args.version = true;
        break;
      default:
        return `unknown option ${arg}`;
    }
  }
  return args;
}

/** Where {@link runMcpServer} reads and writes (the process's streams by default; tests pass their own). */
export interface McpIo {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  readonly env?: NodeJS.ProcessEnv;
  /** stops the server (HTTP mode; stdio also stops when stdin ends) */
  readonly signal?: AbortSignal;
  /** called with the HTTP address once listening */
  readonly onListening?: (url: string) => void;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Runs the VPL MCP server until its input ends (stdio) or `io.signal` aborts / the process gets SIGINT or SIGTERM
 * (HTTP). Never calls `process.exit`; resolves with an exit code ({@link McpExitCode}). The CLI's `varpulis mcp`
 * subcommand and `bin/varpulis-mcp.js` both call it.
 */
export async function runMcpServer(argv: readonly string[], io: McpIo = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const log = (message: string) => stderr.write(`[varpulis-mcp] ${message}\n`);
  const parsed = parseArgs(argv, io.env ?? process.env);
  if (typeof parsed === 'string') {
    stderr.write(`varpulis-mcp: ${parsed}\n\n${USAGE}\n`);
    return McpExitCode.Usage;
  }
  if (parsed.help) {
    stderr.write(`${USAGE}\n`);
    return McpExitCode.Ok;
  }
  if (parsed.version) {
    stderr.write(`${SERVER_INFO.name} ${SERVER_INFO.version}\n`);
    return McpExitCode.Ok;
  }
  let instance: Awaited<ReturnType<typeof createVplMcpServer>>;
  try {
    instance = await createVplMcpServer({ allowedRoots: parsed.roots, log });
  } catch (e) {
    log(e instanceof Error ? e.message : String(e));
    return McpExitCode.StartFailed;
  }
  if (!parsed.http) {
    const transport = new StdioServerTransport(io.stdin ?? process.stdin, io.stdout ?? process.stdout);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      (io.stdin ?? process.stdin).once('end', () => resolve());
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await instance.server.connect(transport);
    log(`ready on stdio (file access: ${parsed.roots.length > 0 ? instance.deps.roots.roots.join(', ') : 'none'})`);
    await closed;
    await instance.close();
    return McpExitCode.Ok;
  }
  return runHttp(parsed, instance, io, log);
}

async function runHttp(
  args: ParsedArgs,
  instance: Awaited<ReturnType<typeof createVplMcpServer>>,
  io: McpIo,
  log: (m: string) => void,
): Promise<number> {
  const { deps } = instance;
  const loopback = LOOPBACK_HOSTS.has(args.host);
  if (!loopback && !args.token) {
    log(`refusing to listen on ${args.host} without a token: pass --token or VARPULIS_MCP_TOKEN, or use 127.0.0.1`);
    await instance.close();
    return McpExitCode.Usage;
  }
  const allowedHostnames = new Set([...LOOPBACK_HOSTS, args.host]);
  const expectedToken = args.token ? Buffer.from(`Bearer ${args.token}`) : undefined;

  const reply = (res: ServerResponse, status: number, message: string) => {
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS-rebinding protection: the Host (and any Origin) must name this server.
    const hostHeader = req.headers.host ?? '';
    const hostname = hostHeader.startsWith('[')
      ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
      : hostHeader.split(':')[0]!;
    if (!allowedHostnames.has(hostname)) return reply(res, 403, `Host '${hostHeader}' is not allowed.`);
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost: string;
      try {
        originHost = new URL(origin).hostname;
      } catch {
        return reply(res, 403, 'Invalid Origin.');
      }
      if (!allowedHostnames.has(originHost) && !allowedHostnames.has(`[${originHost}]`))
        return reply(res, 403, `Origin '${origin}' is not allowed.`);
    }
    if (expectedToken) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expectedToken.length || !timingSafeEqual(given, expectedToken)) {
        res.setHeader('www-authenticate', 'Bearer');
        return reply(res, 401, 'Missing or wrong bearer token.');
      }
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/mcp') return reply(res, 404, 'Not found: the MCP endpoint is /mcp.');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return reply(res, 405, 'This server is stateless: only POST is supported.');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > deps.limits.maxHttpBodyBytes)
        return reply(res, 413, `Request body over ${deps.limits.maxHttpBodyBytes} bytes.`);
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400, 'The body is not JSON.');
    }
    // Stateless mode: a fresh protocol server per request, sharing the tools' dependencies (and simulation worker).
    const server = buildServer(deps);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: false });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((e) => {
      log(`HTTP request failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) reply(res, 500, 'Internal error.');
      else res.end();
    });
  });
  http.headersTimeout = 30_000;
  http.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(args.port, args.host, () => resolve());
  }).catch(async (e) => {
    log(`cannot listen on ${args.host}:${args.port}: ${e instanceof Error ? e.message : String(e)}`);
    await instance.close();
    throw e;
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : args.port;
  const url = `http://${args.host.includes(':') ? `[${args.host}]` : args.host}:${port}/mcp`;
  log(
    `ready on ${url}${expectedToken ? ' (bearer token required)' : ''} (file access: ${deps.roots.roots.join(', ') || 'none'})`,
  );
  io.onListening?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    io.signal?.addEventListener('abort', stop, { once: true });
    if (!io.signal) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  await new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeAllConnections();
  await instance.close();
  return McpExitCode.Ok;
}
