// The benchmark scenarios, in report order. Each has a VPL program (program.vpl next to its scenario.mjs), a
// deterministic event generator, a hand-written JavaScript implementation of the same semantics and, where
// RxJS can express it, an RxJS implementation.
import { readFileSync } from 'node:fs';
import emaCrossover from './ema-crossover/scenario.mjs';
import filter from './filter/scenario.mjs';
import kleene from './kleene/scenario.mjs';
import multiSensor from './multi-sensor/scenario.mjs';
import sequence from './sequence/scenario.mjs';
import temporalCorrelation from './temporal-correlation/scenario.mjs';
import { checkPrograms, variants as trendVariants } from './trend-aggregation/scenario.mjs';
import vwap from './vwap/scenario.mjs';

const folderOf = (s) => s.dataName ?? s.name;

function complete(s) {
  const dir = new URL(`./${folderOf(s)}/`, import.meta.url);
  const programUrl = new URL(s.program ?? 'program.vpl', dir);
  return {
    dataName: s.name,
    rxjsNote: null,
    ...s,
    programPath: programUrl.pathname,
    programText: s.programText ?? readFileSync(programUrl, 'utf8'),
    generatorSource: readFileSync(new URL('scenario.mjs', dir), 'utf8'),
  };
}

checkPrograms(new URL('./trend-aggregation/', import.meta.url));

export const scenarios = [
  filter,
  vwap,
  temporalCorrelation,
  kleene,
  emaCrossover,
  multiSensor,
  sequence,
  ...trendVariants,
].map(complete);

export function scenarioByName(name) {
  const s = scenarios.find((x) => x.name === name);
  if (s === undefined)
    throw new Error(`unknown scenario '${name}' (known: ${scenarios.map((x) => x.name).join(', ')})`);
  return s;
}
