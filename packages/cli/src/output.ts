import type { Writable } from 'node:stream';

/** Where a command writes: its result (stdout) and everything else (stderr). Tests pass string collectors. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (colours, progress bars). */
  readonly interactive: boolean;
  /**
   * Flow control for commands that write a lot (`run`); absent where output never pushes back (collectors).
   * The first call starts watching stdout for its reader going away (see {@link OutputFlow}).
   */
  flow?(): OutputFlow;
}

/**
 * Back-pressure and closing of the output streams (docs/limits.md, "Output"). A producer that can pause (the
 * input loop of `run`) awaits {@link ready} between pieces of work, so unwritten output never piles up in memory
 * when stdout is a pipe to a slower reader; {@link closed} tells it to stop when that reader has gone away.
 */
export interface OutputFlow {
  /**
   * A promise when stdout or stderr holds more unwritten text than its high-water mark: it resolves once that text
   * is written (or the stream failed). `undefined` when the producer may go on at once.
   */
  ready(): Promise<void> | undefined;
  /** Resolves when everything written so far has left the process (or the stream failed). */
  flushed(): Promise<void>;
  /** True once stdout failed, EPIPE above all (its reader closed the pipe): later output is dropped. */
  readonly closed: boolean;
  /** The error that closed stdout, when it was not EPIPE (worth one line on stderr). */
  readonly failure: Error | undefined;
  /** Called when a write leaves stdout or stderr above its high-water mark: the producer should pause soon. */
  onFull: (() => void) | undefined;
}

/** A command output on two Node writable streams (the process's stdout and stderr, or test doubles). */
export function streamOutput(stdout: Writable, stderr: Writable, interactive: boolean): CommandOutput {
  let flow: StreamFlow | undefined;
  return {
    out: (text) => {
      if (flow === undefined) stdout.write(text);
      else if (!flow.closed && !stdout.write(text)) flow.onFull?.();
    },
    err: (text) => {
      if (flow === undefined) stderr.write(text);
      else if (!flow.stderrClosed && !stderr.write(text)) flow.onFull?.();
    },
    interactive,
    flow: () => {
      flow ??= new StreamFlow(stdout, stderr);
      return flow;
    },
  };
}

export const processOutput: CommandOutput = streamOutput(
  process.stdout,
  process.stderr,
  Boolean(process.stderr.isTTY) && !process.env.CI && !process.env.NO_COLOR,
);

class StreamFlow implements OutputFlow {
  closed = false;
  stderrClosed = false;
  failure: Error | undefined;
  onFull: (() => void) | undefined;

  constructor(
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {
    // A listener is what keeps an EPIPE from becoming an uncaught exception with a stack trace.
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      if (error.code !== 'EPIPE' && this.failure === undefined) this.failure = error;
    });
    stderr.on('error', () => {
      this.stderrClosed = true;
    });
  }

  ready(): Promise<void> | undefined {
    if (this.closed) return undefined;
    const out = needsDrain(this.stdout);
    const err = !this.stderrClosed && needsDrain(this.stderr);
    if (out && err) return Promise.all([drained(this.stdout), drained(this.stderr)]).then(() => undefined);
    if (out) return drained(this.stdout);
    if (err) return drained(this.stderr);
    return undefined;
  }

  flushed(): Promise<void> {
    const waits: Promise<void>[] = [];
    if (!this.closed && this.stdout.writableLength > 0) waits.push(writtenSoFar(this.stdout));
    if (!this.stderrClosed && this.stderr.writableLength > 0) waits.push(writtenSoFar(this.stderr));
    return Promise.all(waits).then(() => undefined);
  }
}

function needsDrain(stream: Writable): boolean {
  return stream.writableNeedDrain && !stream.destroyed;
}

/** Resolves on the stream's next 'drain', or when it fails or closes (then no 'drain' will come). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

/** Resolves when the stream has written everything queued before this call (an empty write's callback). */
function writtenSoFar(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}

/** An output that collects text, for tests and for callers that render it themselves. */
export function collectingOutput(): CommandOutput & { stdout: string; stderr: string } {
  const collected = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) {
      collected.stdout += text;
    },
    err(text: string) {
      collected.stderr += text;
    },
  };
  return collected;
}
