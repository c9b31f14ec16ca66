import { Cancellation, interruptAndCheck } from 'langium';

/** How many nodes a tree walk processes between two calls of Langium's `interruptAndCheck`. */
export const NODES_PER_INTERRUPTION_CHECK = 64;

/**
 * Whether a loop over many nodes should call `interruptAndCheck` before its `index`-th item: never without a
 * cancellation token (the call would only cost a promise per node), else every few nodes. `interruptAndCheck`
 * yields to the event loop at most every 10 ms and throws when the operation is cancelled, so checking every 64
 * nodes keeps edits cancellable within microseconds while the per-node cost disappears.
 */
export function shouldCheckInterruption(token: Cancellation.CancellationToken, index: number): boolean {
  return token !== Cancellation.CancellationToken.None && index % NODES_PER_INTERRUPTION_CHECK === 0;
}

export { interruptAndCheck };
