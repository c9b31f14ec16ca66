import { Worker } from 'node:worker_threads';
import type { SimulationRequest, SimulationResult, WorkerMessage, WorkerRequest } from './protocol.js';

/** Progress and cancellation of one simulation call. */
export interface SimulationControl {
  readonly signal?: AbortSignal;
  readonly onProgress?: (processed: number, total: number) => void;
}

/**
 * The compiled worker script. Under a test runner this module is loaded from `src/` as TypeScript, while worker
 * threads need JavaScript: the worker is then taken from the package's built `out/` folder.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../out/simulation/simulation-worker.js', here)
    : new URL('./simulation-worker.js', here);
}

interface Pending {
  readonly id: number;
  readonly worker: Worker;
  readonly control: SimulationControl;
  readonly resolve: (result: SimulationResult) => void;
  readonly reject: (error: Error) => void;
  processed: number;
  total: number;
}

/**
 * Runs simulations in a worker thread, one at a time, so that a runaway program can neither block the server nor
 * outlive its budget: the run stops itself between events when its wall-clock budget is spent or the call is
 * cancelled, and a worker still busy `graceMs` after that is terminated (and replaced on the next call).
 */
export class Simulator {
  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private current: Pending | undefined;
  private closed = false;

  constructor(private readonly graceMs: number) {}

  /** Runs one simulation (queued behind any running one). */
  run(request: SimulationRequest, control: SimulationControl = {}): Promise<SimulationResult> {
    const task = () => this.runNow(request, control);
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Terminates the worker. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.closed) throw new Error('The simulator is closed.');
    if (this.worker) return this.worker;
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => this.onWorkerGone(worker, error));
    worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`The simulation worker exited (code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private onWorkerGone(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    const pending = this.current;
    // A terminated worker's late exit event must not fail the run that already started on its replacement.
    if (pending && pending.worker === worker) {
      this.current = undefined;
      pending.reject(error);
    }
  }

  private onMessage(message: WorkerMessage): void {
    const pending = this.current;
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'progress') {
      pending.processed = message.processed;
      pending.total = message.total;
      pending.control.onProgress?.(message.processed, message.total);
    } else if (message.type === 'result') {
      this.current = undefined;
      pending.resolve(message.result);
    } else {
      this.current = undefined;
      pending.reject(new Error(message.message));
    }
  }

  private runNow(request: SimulationRequest, control: SimulationControl): Promise<SimulationResult> {
    return new Promise<SimulationResult>((resolve, reject) => {
      if (control.signal?.aborted) {
        reject(new Error('The simulation was cancelled before it started.'));
        return;
      }
      const worker = this.ensureWorker();
      const id = this.nextId++;
      const cancelBuffer = new SharedArrayBuffer(4);
      const cancelFlag = new Int32Array(cancelBuffer);
      let killTimer: NodeJS.Timeout | undefined;
      const startedAt = performance.now();
      const kill = () => {
        if (this.current?.id !== id) return;
        const pending = this.current;
        this.current = undefined;
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        finish();
        resolve(killedResult(pending, Math.round(performance.now() - startedAt)));
      };
      const onAbort = () => {
        Atomics.store(cancelFlag, 0, 1);
        // Give the worker the grace period to stop between two events, then kill it.
        clearTimeout(killTimer);
        killTimer = setTimeout(kill, this.graceMs);
      };
      const finish = () => {
        clearTimeout(killTimer);
        control.signal?.removeEventListener('abort', onAbort);
      };
      this.current = {
        id,
        worker,
        control,
        processed: 0,
        total: 0,
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      };
      control.signal?.addEventListener('abort', onAbort, { once: true });
      killTimer = setTimeout(kill, request.options.wallMs + this.graceMs);
      const message: WorkerRequest = { id, request, cancel: cancelBuffer };
      worker.postMessage(message);
    });
  }
}

function killedResult(pending: Pending, elapsedMs: number): SimulationResult {
  return {
    status: 'killed',
    compileErrors: [],
    eventsRead: pending.total,
    eventsProcessed: pending.processed,
    eventsSkipped: 0,
    inputErrors: [],
    emitted: [],
    emittedTotal: 0,
    emittedByStream: {},
    truncatedOutput: false,
    lateEvents: 0,
    droppedRecords: 0,
    runtimeErrors: [],
    runtimeErrorsByCode: {},
    logs: [],
    sinkRecords: {},
    watermark: null,
    elapsedMs,
  };
}
