/**
 * Every relative link of the documentation points at something that exists: Markdown links, images and reference
 * definitions in `docs/**.md`, README.md, CONTRIBUTING.md and the other top-level Markdown files. A link to a
 * heading of a Markdown file (`page.md#section`, or `#section` in the same page) must name one of its headings
 * (GitHub's anchor rules). External links (`https:`, `mailto:`, …) are not fetched. Links inside code blocks and
 * code spans are not links. Also: docs/README.md lists every decision record of docs/decisions/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(dir, f));
}

const files = [
  ...markdownFiles(join(root, 'docs')),
  ...['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'SECURITY.md', 'CODE_OF_CONDUCT.md']
    .map((f) => join(root, f))
    .filter((f) => existsSync(f)),
].sort();

/** The text with fenced code blocks and code spans blanked (line numbers kept). */
function withoutCode(text: string): string {
  const lines = text.split('\n');
  let fence: string | undefined;
  const out = lines.map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line.replace(/(`+)(?:(?!\1).)+?\1/g, (m) => ' '.repeat(m.length));
  });
  return out.join('\n');
}

interface Link {
  readonly line: number;
  readonly target: string;
}

/** Inline links and images `[text](target "title")`, reference definitions `[id]: target`, `<a href>`, `<img src>`. */
function linksOf(text: string): Link[] {
  const out: Link[] = [];
  withoutCode(text)
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
        out.push({ line: i + 1, target: m[1]! });
      const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+["'(].*)?$/.exec(line);
      if (definition) out.push({ line: i + 1, target: definition[1]! });
      for (const m of line.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g))
        out.push({ line: i + 1, target: m[1]! });
    });
  return out;
}

/** GitHub's anchors of a Markdown text: one per heading, lowercased, punctuation removed, spaces to dashes, deduplicated. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of withoutCode(text.replace(/`/g, '')).split('\n')) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  // Explicit anchors: <a id="x"></a> / <a name="x">.
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(path: string): Set<string> {
  let anchors = anchorCache.get(path);
  if (!anchors) {
    anchors = anchorsOf(readFileSync(path, 'utf8'));
    anchorCache.set(path, anchors);
  }
  return anchors;
}

/** Why a link of `file` is broken, or undefined. */
function problem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, vscode:, …
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const path = decodeURIComponent(pathPart.split('?')[0]!);
  const resolved = path === '' ? file : path.startsWith('/') ? join(root, path) : resolve(dirname(file), path);
  if (!resolved.startsWith(root)) return `points outside the repository (${relative(root, resolved)})`;
  if (!existsSync(resolved)) return `${relative(root, resolved)} does not exist`;
  if (anchor && resolved.endsWith('.md') && statSync(resolved).isFile()) {
    const decoded = decodeURIComponent(anchor).toLowerCase();
    if (!anchorsOfFile(resolved).has(decoded)) return `${relative(root, resolved)} has no heading for #${anchor}`;
  }
  return undefined;
}

describe('links in the documentation', () => {
  it('finds the documentation', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const file of files) {
    const name = relative(root, file);
    it(`${name}: every relative link resolves`, () => {
      const broken = linksOf(readFileSync(file, 'utf8'))
        .map((l) => ({ ...l, why: problem(file, l.target) }))
        .filter((l) => l.why !== undefined)
        .map((l) => `${name}:${l.line}: ${l.target} — ${l.why}`);
      expect(broken).toEqual([]);
    });
  }

  it('computes GitHub anchors and finds broken links', () => {
    const anchors = anchorsOf('# Engine API\n## Testing subpath (`@varpulis/engine/testing`)\n## Limits\n## Limits\n');
    expect([...anchors]).toEqual(['engine-api', 'testing-subpath-varpulisenginetesting', 'limits', 'limits-1']);
    const readme = join(root, 'docs', 'README.md');
    expect(problem(readme, 'limits.md#engine-budgets-and-state-semantics-16')).toBeUndefined();
    expect(problem(readme, 'limits.md#no-such-heading')).toMatch(/no heading/);
    expect(problem(readme, 'no-such-page.md')).toMatch(/does not exist/);
    expect(problem(readme, 'https://example.com/x.md')).toBeUndefined();
    expect(linksOf('`[a](nope.md)`\n```\n[b](nope.md)\n```\n[c](yes.md)\n[d]: ref.md\n').map((l) => l.target)).toEqual([
      'yes.md',
      'ref.md',
    ]);
  });

  it('docs/README.md lists every decision record', () => {
    const index = readFileSync(join(root, 'docs', 'README.md'), 'utf8');
    const listed = new Set(linksOf(index).map((l) => l.target));
    const missing = readdirSync(join(root, 'docs', 'decisions'))
      .filter((f) => f.endsWith('.md'))
      .filter((f) => !listed.has(`decisions/${f}`));
    expect(missing).toEqual([]);
  });
});
