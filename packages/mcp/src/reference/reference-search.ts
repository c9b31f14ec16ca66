import { builtins } from '../analysis/language-extras.js';
import type { ReferenceData } from './reference-types.js';

/** One search hit. */
export interface ReferenceHit {
  kind: 'guide' | 'builtin' | 'example';
  /** the resource to read for more (`vpl://guide/<page>`, `vpl://examples/<name>`) */
  uri: string;
  title: string;
  /** the page or the builtin kind */
  context: string;
  text: string;
  truncated: boolean;
  score: number;
}

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'on',
  'and',
  'or',
  'is',
  'how',
  'do',
  'i',
  'what',
  'with',
  'for',
  'vpl',
  'does',
  'use',
]);

function terms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9_]+/)
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t));
}

function countOccurrences(haystack: string, needle: string): number {
  let n = 0;
  let i = haystack.indexOf(needle);
  while (i >= 0 && n < 50) {
    n++;
    i = haystack.indexOf(needle, i + needle.length);
  }
  return n;
}

/**
 * Ranks guide sections, builtins and examples for a query: whole-term matches in titles count most, then in the
 * text (with diminishing returns), plus a bonus for the exact phrase. Operation names are matched with or without
 * the leading dot and parentheses (`.window(` → `window`).
 */
export function searchReference(
  data: ReferenceData,
  query: string,
  options: { max: number; maxChars: number; kinds?: readonly string[] },
): ReferenceHit[] {
  const q = terms(query);
  if (q.length === 0) return [];
  const phrase = query.toLowerCase().replace(/^[.\s]+|[(\s]+$/g, '');
  const hits: ReferenceHit[] = [];
  const want = (kind: string) => !options.kinds || options.kinds.length === 0 || options.kinds.includes(kind);
  const score = (title: string, text: string) => {
    const t = title.toLowerCase();
    const body = text.toLowerCase();
    let s = 0;
    for (const term of q) {
      const titleTerms = terms(t);
      if (titleTerms.includes(term)) s += 8;
      else if (t.includes(term)) s += 3;
      const n = countOccurrences(body, term);
      if (n > 0) s += 1 + Math.log2(n);
    }
    if (phrase.length > 2 && (t.includes(phrase) || body.includes(phrase))) s += 4;
    // every term present somewhere: prefer complete matches
    if (q.every((term) => t.includes(term) || body.includes(term))) s *= 1.5;
    return s;
  };
  const cut = (text: string) =>
    text.length > options.maxChars
      ? { text: `${text.slice(0, options.maxChars)}\n…`, truncated: true }
      : { text, truncated: false };

  if (want('guide')) {
    for (const page of data.guide) {
      for (const section of page.sections) {
        const s = score(section.title, section.text);
        if (s > 0)
          hits.push({
            kind: 'guide',
            uri: `vpl://guide/${page.name}`,
            title: section.title,
            context: page.title,
            ...cut(section.text),
            score: s,
          });
      }
    }
  }
  if (want('builtin')) {
    for (const b of builtins()) {
      const title = `${b.name}(${b.params.join(', ')}) → ${b.result}`;
      const text = `${b.doc}${b.scope ? ` In scope after ${b.scope}.` : ''}${b.replacedBy ? ` Deprecated: use ${b.replacedBy}.` : ''}${b.status === 'docs-only' ? ' Not implemented (documentation only).' : ''}`;
      let s = score(b.name, text);
      if (q.includes(b.name.toLowerCase())) s += 10;
      if (s > 0)
        hits.push({
          kind: 'builtin',
          uri: 'vpl://grammar',
          title,
          context: `${b.kind} builtin`,
          text,
          truncated: false,
          score: s * 0.9,
        });
    }
  }
  if (want('example')) {
    for (const e of data.examples) {
      const s = score(e.name.replace(/-/g, ' ') + ' ' + e.description, e.program) * 0.6;
      if (s > 0)
        hits.push({
          kind: 'example',
          uri: `vpl://examples/${e.name}`,
          title: e.name,
          context: e.description,
          ...cut(e.program),
          score: s,
        });
    }
  }
  hits.sort((a, b) => b.score - a.score);
  return hits.slice(0, options.max).map((h) => ({ ...h, score: Math.round(h.score * 100) / 100 }));
}
