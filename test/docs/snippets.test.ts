/**
 * Every VPL example in the documentation must check: each fenced code block tagged `vpl` in `docs/**.md` is
 * parsed and validated with `parseVpl`, and must produce no error diagnostic (warnings and hints are allowed).
 * Blocks whose info string is `vpl invalid` or `vpl fragment` are deliberately wrong or partial: they are
 * listed as skipped tests. One test per block, named `path:line` (the line of the opening fence).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_DIAGNOSTIC_CODES, createVplServices, parseVpl } from '@varpulis/language';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docsDir = join(root, 'docs');

interface Block {
  /** `docs/…/file.md:line` */
  name: string;
  /** the words of the info string after the opening fence */
  info: string[];
  code: string;
}

/** The fenced code blocks of a Markdown text (backtick or tilde fences, possibly indented as in lists). */
function fencedBlocks(text: string, file: string): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, rest] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[i]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      const line = lines[i];
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({
      name: `${file}:${start + 1}`,
      info: rest.trim().split(/\s+/).filter(Boolean),
      code: `${body.join('\n')}\n`,
    });
  }
  return blocks;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(dir, f))
    .sort();
}

const SKIPPED = new Set(['invalid', 'fragment']);

const vplBlocks = markdownFiles(docsDir).flatMap((path) =>
  fencedBlocks(readFileSync(path, 'utf8'), relative(root, path).split('\\').join('/')).filter(
    (b) => b.info[0] === 'vpl',
  ),
);

// One set of services for all blocks. Each block is checked as a document of its own; its entry in the
// workspace index is removed afterwards so that declarations of one block never leak into the next one.
const services = createVplServices().Vpl;

async function errorsOf(code: string): Promise<string[]> {
  const { document, diagnostics } = await parseVpl(code, { services });
  services.shared.workspace.IndexManager.remove(document.uri);
  return diagnostics
    .filter((d) => d.severity === 1)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} [${String(d.code)}] ${d.message}`);
}

describe('VPL code blocks in docs/', () => {
  it('finds the examples', () => {
    expect(vplBlocks.length).toBeGreaterThan(0);
  });

  for (const block of vplBlocks) {
    if (SKIPPED.has(block.info[1] ?? '')) {
      it.skip(block.name, () => {});
      continue;
    }
    it(block.name, async () => {
      expect(await errorsOf(block.code), `errors in the block at ${block.name}`).toEqual([]);
    });
  }
});

describe('docs/language/diagnostics.md', () => {
  const page = readFileSync(join(docsDir, 'language', 'diagnostics.md'), 'utf8');
  const runtimeCodes = Array.from({ length: 11 }, (_, i) => `VPL-R${String(i + 1).padStart(3, '0')}`);
  it('documents every static and run-time diagnostic code', () => {
    const missing = [...ALL_DIAGNOSTIC_CODES, ...runtimeCodes].filter((code) => !page.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
