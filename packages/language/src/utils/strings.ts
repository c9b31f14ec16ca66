/** The result of decoding a string literal: its value and the offsets (in the literal) of unknown escapes. */
export interface DecodedString {
  value: string;
  unknownEscapes: number[];
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', '0': '\0' };

/**
 * Decodes a string literal with its quotes (§3.9): `\\ \" \n \t \r \0` are decoded; any other `\c` keeps both
 * characters (hint VPL-L003). Single-quoted literals (an error, VPL-L002) and unterminated ones decode the same way.
 */
export function decodeString(literal: string): DecodedString {
  const quote = literal[0];
  const end = literal.length > 1 && literal[literal.length - 1] === quote ? literal.length - 1 : literal.length;
  const unknownEscapes: number[] = [];
  let value = '';
  for (let i = 1; i < end; i++) {
    const char = literal[i]!;
    if (char !== '\\' || i + 1 >= end) {
      value += char;
      continue;
    }
    const next = literal[i + 1]!;
    const decoded = ESCAPES[next];
    if (decoded !== undefined && (next !== "'" || quote === "'")) {
      value += decoded;
    } else {
      unknownEscapes.push(i);
      value += char + next;
    }
    i++;
  }
  return { value, unknownEscapes };
}
