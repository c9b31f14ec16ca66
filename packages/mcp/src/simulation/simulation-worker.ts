/**
 * The simulation worker thread: receives simulation requests one at a time, runs them and posts progress and the
 * result. The server terminates the whole thread when a simulation overruns its wall-clock budget without
 * stopping (an evaluation that never returns), then starts a fresh one.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './protocol.js';
import { runSimulation } from './run-simulation.js';

const port = parentPort;
if (port === null) throw new Error('simulation-worker.js must run in a worker thread');

port.on('message', async (message: WorkerRequest) => {
  const cancel = new Int32Array(message.cancel);
  const post = (m: WorkerMessage) => port.postMessage(m);
  try {
    const result = await runSimulation(message.request, {
      progress: (processed, total) => post({ id: message.id, type: 'progress', processed, total }),
      cancelled: () => Atomics.load(cancel, 0) !== 0,
    });
    post({ id: message.id, type: 'result', result });
  } catch (e) {
    post({ id: message.id, type: 'failure', message: e instanceof Error ? `${e.message}` : String(e) });
  }
});
