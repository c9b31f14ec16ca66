/**
 * Every runnable example of the documentation is run with the built CLI (`pnpm run build` first), in a scratch
 * folder outside the repository, the way a reader would follow the page:
 *
 * - **Program, events, output.** A `vpl` block followed by a block of events (`.evt` lines) and a block of JSON lines
 *   (`{"stream":…}`) is run with `varpulis run program.vpl --input events.evt --output jsonl`; standard output must
 *   be exactly the third block. (The cookbook pages and the language guide's examples have this shape.)
 * - **Transcripts.** A `text` block whose lines start with `$ varpulis …` is a terminal session: each command runs,
 *   and the lines after it are its output — standard output, optionally followed by standard error (the summary).
 *   The files a command reads come from the page: a block right after a paragraph that names a file (`parking.vpl`)
 *   is that file; a `vpl` block right before a transcript is the program the transcript checks; "change `a` to
 *   `b`" in a paragraph edits the last program written. A transcript whose files the page does not give is listed
 *   as skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docsDir = join(root, 'docs');
const cli = join(root, 'packages', 'cli', 'bin', 'varpulis.js');
const scratch = mkdtempSync(join(tmpdir(), 'vpl-docs-run-'));
// A plan cache private to this run, so results never depend on the machine's cache.
const env = { ...process.env, VARPULIS_CACHE_DIR: join(scratch, '.cache'), NO_COLOR: '1', FORCE_COLOR: '0' };

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Block {
  /** 1-based line of the opening fence */
  line: number;
  lang: string;
  code: string;
  /** the prose between the previous block and this one */
  before: string;
}

function blocksOf(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ line: start + 1, lang: open[1]!, code: `${body.join('\n')}\n`, before: prose.join('\n') });
    prose = [];
  }
  return blocks;
}

const nonEmpty = (code: string) => code.split('\n').filter((l) => l.trim() !== '');
const isEvents = (b: Block | undefined) =>
  b?.lang === 'text' &&
  nonEmpty(b.code).some((l) => !l.startsWith('#')) &&
  nonEmpty(b.code).every((l) => l.startsWith('#') || /^(@\S+\s+)?[A-Z]\w*\s*\{/.test(l));
const isJsonOutput = (b: Block | undefined) =>
  b?.lang === 'text' && nonEmpty(b.code).length > 0 && nonEmpty(b.code).every((l) => l.startsWith('{"stream":'));
const isTranscript = (b: Block) => b.lang === 'text' && /^\$ varpulis\b/m.test(b.code);

function varpulis(args: string[], cwd: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const pages = readdirSync(docsDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => ({
    name: relative(root, join(docsDir, f)).split('\\').join('/'),
    blocks: blocksOf(readFileSync(join(docsDir, f), 'utf8')),
  }));

describe('program, events and output blocks run as shown', () => {
  const cases = pages.flatMap((page) =>
    page.blocks.flatMap((block, i) =>
      block.lang === 'vpl' && isEvents(page.blocks[i + 1]) && isJsonOutput(page.blocks[i + 2])
        ? [
            {
              name: `${page.name}:${block.line}`,
              program: block,
              events: page.blocks[i + 1]!,
              output: page.blocks[i + 2]!,
            },
          ]
        : [],
    ),
  );

  it('finds the examples (the five cookbook pages among them)', () => {
    expect(cases.filter((c) => c.name.startsWith('docs/cookbook/')).length).toBe(5);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const example of cases) {
    it(example.name, () => {
      const dir = mkdtempSync(join(scratch, 'example-'));
      writeFileSync(join(dir, 'program.vpl'), example.program.code);
      writeFileSync(join(dir, 'events.evt'), example.events.code);
      const run = varpulis(['run', 'program.vpl', '--input', 'events.evt', '--output', 'jsonl'], dir);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe(example.output.code);
    });
  }
});

describe('terminal transcripts work when followed literally', () => {
  for (const page of pages) {
    const transcripts = page.blocks.filter(isTranscript);
    if (transcripts.length === 0) continue;
    describe(page.name, () => {
      // One folder per page: its files are written in the page's order, as a reader would create them.
      const dir = mkdtempSync(join(scratch, 'page-'));
      let lastProgram: string | undefined;
      const steps: { block: Block; files: Map<string, string>; edit?: [string, string] }[] = [];
      let pending = new Map<string, string>();
      page.blocks.forEach((block, i) => {
        const named = [...block.before.matchAll(/`([\w./-]+\.(?:vpl|evt|jsonl))`/g)].at(-1)?.[1];
        const change = /change `([^`]+)` to `([^`]+)`/.exec(block.before);
        if (isTranscript(block)) {
          const previous = page.blocks[i - 1];
          const files = new Map(pending);
          if (previous?.lang.startsWith('vpl') && !named) {
            const program = /varpulis \w+ (\S+\.vpl)/.exec(block.code)?.[1];
            if (program) files.set(program, previous.code);
          }
          steps.push({ block, files, edit: change ? [change[1]!, change[2]!] : undefined });
          pending = new Map();
        } else if (named && (block.lang.startsWith('vpl') || block.lang === 'text')) {
          pending.set(named, block.code);
        }
      });
      for (const step of steps) {
        const commands = parseTranscript(step.block.code);
        const inputs = commands.flatMap((c) => c.args.filter((a) => /\.(vpl|evt|jsonl)$/.test(a)));
        const known = () => inputs.every((f) => existsSync(join(dir, f)) || step.files.has(f));
        const title = `line ${step.block.line}: ${commands.map((c) => `varpulis ${c.args.join(' ')}`).join('; ')}`;
        it(title, (context) => {
          if (!known()) {
            context.skip(`the page does not give ${inputs.join(', ')}`);
            return;
          }
          for (const [file, code] of step.files) {
            writeFileSync(join(dir, file), code);
            if (file.endsWith('.vpl')) lastProgram = file;
          }
          if (step.edit && lastProgram) {
            const text = readFileSync(join(dir, lastProgram), 'utf8');
            expect(text, `"change \`${step.edit[0]}\`" names text of ${lastProgram}`).toContain(step.edit[0]);
            writeFileSync(join(dir, lastProgram), text.replace(step.edit[0], step.edit[1]));
          }
          for (const command of commands) {
            const run = varpulis(command.args, dir);
            if (command.expected.length === 0) {
              expect(run.status, run.stderr).toBe(0);
              continue;
            }
            const shown = `${command.expected.join('\n')}\n`;
            const both = run.stdout + run.stderr;
            // The block shows standard output, optionally followed by standard error.
            expect(both === shown ? both : run.stdout, `varpulis ${command.args.join(' ')}`).toBe(shown);
          }
        });
      }
    });
  }
});

/** The commands of a transcript (`$ varpulis …` lines) and the output lines after each. */
function parseTranscript(code: string): { args: string[]; expected: string[] }[] {
  const commands: { args: string[]; expected: string[] }[] = [];
  for (const line of code.replace(/\n$/, '').split('\n')) {
    const command = /^\$ varpulis\s*(.*)$/.exec(line);
    if (command) commands.push({ args: command[1]!.split(/\s+/).filter(Boolean), expected: [] });
    else if (/^\$ /.test(line)) commands.push({ args: [], expected: [] });
    else commands.at(-1)?.expected.push(line);
  }
  return commands.filter((c) => c.args.length > 0);
}
