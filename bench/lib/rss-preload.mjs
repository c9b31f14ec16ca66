// Loaded with `node --import` into spawned CLI processes: on exit, writes the process's peak resident set
// size (process.resourceUsage().maxRSS, in KiB) to the file named by BENCH_RSS_OUT.
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_OUT;
if (out) {
  process.on('exit', () => {
    try {
      writeFileSync(out, String(process.resourceUsage().maxRSS));
    } catch {
      // the measurement is optional; never change the CLI's behaviour
    }
  });
}
