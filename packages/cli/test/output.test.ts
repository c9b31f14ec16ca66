import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { streamOutput } from '../src/output.js';

/** A writable that completes each write only when `release()` is called (a reader that has not read yet). */
function heldStream(highWaterMark = 16) {
  const written: string[] = [];
  const held: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk, _encoding, callback) {
      written.push(String(chunk));
      held.push(callback);
    },
  });
  const release = () => {
    for (const cb of held.splice(0)) cb();
  };
  return { stream, written, release };
}

describe('stream output flow control', () => {
  test('a write above the high-water mark calls onFull; ready() resolves once the stream has drained', async () => {
    const out = heldStream();
    const err = heldStream();
    const output = streamOutput(out.stream, err.stream, false);
    const flow = output.flow!();
    let full = 0;
    flow.onFull = () => full++;
    output.out('short');
    expect(full).toBe(0);
    expect(flow.ready()).toBeUndefined();
    output.out('a line longer than sixteen characters\n');
    expect(full).toBe(1);
    const ready = flow.ready();
    expect(ready).toBeInstanceOf(Promise);
    let resolved = false;
    void ready!.then(() => {
      resolved = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(resolved).toBe(false);
    out.release();
    await new Promise((r) => setTimeout(r, 5));
    out.release();
    await ready;
    expect(resolved).toBe(true);
    expect(flow.ready()).toBeUndefined();
    expect(out.written.join('')).toBe('shorta line longer than sixteen characters\n');
    // stderr pushes back the same way
    output.err('x'.repeat(20));
    expect(full).toBe(2);
    expect(flow.ready()).toBeInstanceOf(Promise);
    err.release();
  });

  test('EPIPE closes stdout quietly: later output is dropped, waits end, flushed() resolves', async () => {
    const out = heldStream();
    const output = streamOutput(out.stream, heldStream().stream, false);
    const flow = output.flow!();
    output.out('x'.repeat(40));
    const ready = flow.ready()!;
    out.stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await ready;
    expect(flow.closed).toBe(true);
    expect(flow.failure).toBeUndefined();
    output.out('dropped');
    expect(out.written).toEqual(['x'.repeat(40)]);
    expect(flow.ready()).toBeUndefined();
    await flow.flushed();
  });

  test('another stdout error closes it too and is kept for a message', async () => {
    const out = heldStream();
    const output = streamOutput(out.stream, heldStream().stream, false);
    const flow = output.flow!();
    out.stream.destroy(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    await new Promise((r) => setTimeout(r, 1));
    expect(flow.closed).toBe(true);
    expect(flow.failure?.message).toBe('no space left on device');
  });

  test('flushed() waits for what was written before it', async () => {
    const out = heldStream(1 << 20);
    const output = streamOutput(out.stream, heldStream().stream, false);
    const flow = output.flow!();
    output.out('pending');
    let done = false;
    const flushed = flow.flushed().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    out.release();
    await new Promise((r) => setTimeout(r, 1));
    out.release();
    await flushed;
    expect(done).toBe(true);
  });
});
