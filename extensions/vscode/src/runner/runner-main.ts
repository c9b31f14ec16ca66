/**
 * The sample-run process (dist/runner.cjs). The extension forks it for each run, sends one {@link RunRequest} over
 * IPC, and gets one {@link RunResponse} (or a {@link RunFailure}) back; then the process exits. A separate process
 * keeps the engine out of the extension host and lets the extension stop a run that takes too long.
 */
import type { RunFailure, RunRequest, RunResponse } from '../run/run-protocol.js';
import { runProgram } from './run-program.js';

function reply(message: RunResponse | RunFailure): void {
  if (process.send) process.send(message, () => process.exit(0));
  else {
    process.stdout.write(`${JSON.stringify(message)}\n`);
    process.exit(0);
  }
}

process.once('message', (request: RunRequest) => {
  runProgram(request).then(reply, (error: unknown) =>
    reply({ failure: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

if (!process.send) {
  // Run by hand: node dist/runner.cjs PROGRAM INPUT (prints the response as JSON).
  const [programPath, inputPath] = process.argv.slice(2);
  if (!programPath || !inputPath) {
    process.stderr.write('Usage: node runner.cjs PROGRAM.vpl EVENTS.evt\n');
    process.exit(2);
  }
  process.emit(
    'message',
    { programPath, inputPath, maxEvents: 10_000, maxRowsPerStream: 500, limits: {} } satisfies RunRequest,
    undefined,
  );
}
