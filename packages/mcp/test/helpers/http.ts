import { PassThrough } from 'node:stream';
import { runMcpServer } from '../../src/main.js';

/** Starts the HTTP server on a free port; returns its URL, its log and a stop function. */
export async function startHttp(
  args: string[],
): Promise<{ url: string; log: () => string; stop: () => Promise<number> }> {
  const controller = new AbortController();
  const stderr = new PassThrough();
  let log = '';
  stderr.on('data', (c) => {
    log += String(c);
  });
  let resolveUrl: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => {
    resolveUrl = resolve;
  });
  const done = runMcpServer(['--http', '--port', '0', ...args], {
    stderr,
    signal: controller.signal,
    env: {},
    onListening: resolveUrl,
  });
  const url = await Promise.race([listening, done.then((code) => Promise.reject(new Error(`exited ${code}: ${log}`)))]);
  return {
    url,
    log: () => log,
    stop: async () => {
      controller.abort();
      return done;
    },
  };
}
