/**
 * The `.evt` and JSON-lines readers on mutated input (mutants of test/programs/*.evt and *.jsonl, and random
 * lines): they never throw; every rejected line is a VPL-R008 error with a line and a column inside the input and a
 * reason; every accepted event has a type and an integral time; and reading the same bytes in arbitrary chunks
 * (split anywhere, even inside a UTF-8 sequence) gives exactly what reading the text at once gives.
 */
import { Readable } from 'node:stream';
import { createEventReader, type EventFormat, type ParsedEvents, parseEventText, pumpStream } from '@varpulis/engine';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { EVT_TOKENS, JSON_TOKENS, readerProblem, rendering } from './event-checks.js';
import { check, evtCorpus, jsonlCorpus, mutantArb, runs, timeout } from './support.js';

/** Reads the UTF-8 bytes of a text in the given chunk sizes through `pumpStream`. */
async function readInChunks(text: string, format: EventFormat, sizes: readonly number[]): Promise<ParsedEvents> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes.length ? sizes[i % sizes.length]! : bytes.length;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  const out: ParsedEvents = { events: [], lines: [], errors: [], warnings: [] };
  const reader = createEventReader(
    format,
    {
      event: (r, line) => {
        out.events.push(r);
        out.lines.push(line);
      },
      error: (e) => out.errors.push(e),
      warning: (w) => out.warnings.push(w),
    },
    'input',
  );
  await pumpStream(Readable.from(chunks), reader);
  return out;
}

for (const [format, corpus, tokens] of [
  ['evt', evtCorpus, EVT_TOKENS],
  ['jsonl', jsonlCorpus, JSON_TOKENS],
] as const) {
  describe(`the ${format} reader`, () => {
    it(
      'never throws on mutated input; errors have a line, a column and a reason',
      async () => {
        await check(
          fc.property(mutantArb(corpus, tokens, 10), (m) => {
            const problem = readerProblem(m.text, format);
            if (problem) throw new Error(`${problem}\n(source: ${m.source})`);
          }),
          runs(400),
          { target: format, ext: format, serialize: (m) => m.text },
        );
      },
      timeout(60_000),
    );

    it(
      'never throws on random lines',
      async () => {
        const line = fc.oneof(
          fc.string({ maxLength: 80, unit: 'binary' }),
          fc.array(fc.constantFrom(...tokens), { maxLength: 30 }).map((t) => t.join('')),
          fc.json().map((j) => j.replace(/\n/g, ' ')),
        );
        await check(
          fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
            const problem = readerProblem(lines.join('\n'), format);
            if (problem) throw new Error(problem);
          }),
          runs(400),
          { target: format, ext: format, serialize: (lines) => lines.join('\n') },
        );
      },
      timeout(60_000),
    );

    it(
      'reads the same in arbitrary chunks as at once',
      async () => {
        await check(
          fc.asyncProperty(
            fc.record({
              mutant: mutantArb(corpus, tokens, 4),
              sizes: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
            }),
            async ({ mutant, sizes }) => {
              // Lone surrogates do not survive UTF-8 encoding: compare with the text the bytes decode to.
              const decoded = Buffer.from(mutant.text, 'utf8').toString('utf8');
              const whole = rendering(parseEventText(decoded, format, 'input'));
              const chunked = rendering(await readInChunks(mutant.text, format, sizes));
              if (JSON.stringify(whole) !== JSON.stringify(chunked)) {
                throw new Error(
                  `chunk sizes ${sizes.join(',')} change the result:\n${whole.join('\n')}\n---\n${chunked.join('\n')}`,
                );
              }
            },
          ),
          runs(150),
          { target: format, ext: format, serialize: (v) => v.mutant.text },
        );
      },
      timeout(60_000),
    );
  });
}
