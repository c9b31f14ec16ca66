#!/usr/bin/env node
// Writes a scenario's generated events to stdout (for the streaming memory check: generator → varpulis run).
//   node bench/lib/emit-events.mjs --scenario vwap --events 10000000 [--format evt|jsonl]
import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scenarioByName } from '../scenarios/index.mjs';
import { renderEvents } from './events.mjs';

const { values: args } = parseArgs({
  options: { scenario: { type: 'string' }, events: { type: 'string' }, format: { type: 'string', default: 'evt' } },
});
const scenario = scenarioByName(args.scenario);
renderEvents(scenario, Number(args.events), args.format, (text) => {
  // synchronous writes: back-pressure from the pipe simply blocks the generator
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      const n = writeSync(1, buf);
      buf = buf.subarray(n);
    } catch (error) {
      if (error.code === 'EAGAIN') continue;
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    }
  }
});
