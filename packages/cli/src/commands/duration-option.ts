/** Nanoseconds per unit of a VPL duration literal (language §3.7). */
const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

const MAX_U64 = (1n << 64n) - 1n;

/**
 * A duration option such as `--allowed-lateness 30s` in whole milliseconds: a VPL duration literal or a bare number
 * of milliseconds. `undefined` when it is neither, overflows 64 bits of nanoseconds or is not whole milliseconds.
 * (The language's own parser is not used: `run` must start without loading it.)
 */
export function durationOptionMs(text: string): number | undefined {
  let ns: bigint;
  if (/^[0-9]+$/.test(text)) {
    ns = BigInt(text) * 1_000_000n;
  } else {
    const match = /^([0-9]+)(ns|us|ms|s|m|h|d)$/.exec(text);
    if (match === null) return undefined;
    ns = BigInt(match[1]!) * UNIT_NS[match[2]!]!;
    if (ns > MAX_U64) return undefined;
  }
  return ns % 1_000_000n === 0n ? Number(ns / 1_000_000n) : undefined;
}
