import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/index.js';

/** The 64-bit FNV-1a hash computed with BigInt arithmetic, as `fingerprint` did before it used 32-bit halves. */
function referenceFnv1a(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & ((1n << 64n) - 1n);
  }
  return h.toString(16).padStart(16, '0');
}

describe('program fingerprint (64-bit FNV-1a of the normalised source)', () => {
  it('matches the published FNV-1a test vectors', () => {
    expect(fingerprint('')).toBe('cbf29ce484222325');
    expect(fingerprint('a')).toBe('af63dc4c8601ec8c');
    expect(fingerprint('foobar')).toBe('85944171f73967e8');
  });

  it('equals the BigInt computation on texts of every kind of character', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let sample = 0; sample < 500; sample++) {
      let text = '';
      const length = Math.floor(next() * 120) + 1;
      for (let i = 0; i < length; i++) {
        text += String.fromCharCode(next() < 0.8 ? 33 + Math.floor(next() * 94) : Math.floor(next() * 0x10000));
      }
      const normalised = text.trim();
      if (normalised.includes('\n') || normalised.includes('\r')) continue;
      expect(fingerprint(text)).toBe(referenceFnv1a(normalised));
    }
  });

  it('ignores trailing whitespace on lines and around the text', () => {
    expect(fingerprint('  stream A = B  \n\n')).toBe(fingerprint('  stream A = B'));
    expect(fingerprint('x = 1   \r\ny = 2')).toBe(referenceFnv1a('x = 1\ny = 2'));
  });
});
