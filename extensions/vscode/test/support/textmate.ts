/**
 * Tokenises text with the extension's TextMate grammars through vscode-textmate and vscode-oniguruma (the engine
 * VS Code itself uses), for snapshot tests. The grammars are read from package.json's contributions, so the test
 * sees exactly what VS Code loads, injections included.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

export const EXTENSION_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(EXTENSION_ROOT, 'package.json'));

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(readFileSync(join(EXTENSION_ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: GrammarContribution[] };
};

/**
 * Stand-in for VS Code's built-in Markdown grammar (not part of this extension): just enough structure for the
 * fenced-block injection to be exercised.
 */
const MARKDOWN_STUB = {
  scopeName: 'text.html.markdown',
  patterns: [{ name: 'markup.heading.markdown', match: '^#{1,6} .*$' }],
};

let registry: Promise<textmate.Registry> | undefined;

function createRegistry(): Promise<textmate.Registry> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma
    .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer)
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
  const byScope = new Map(manifest.contributes.grammars.map((g) => [g.scopeName, g]));
  return Promise.resolve(
    new textmate.Registry({
      onigLib,
      loadGrammar: async (scopeName) => {
        if (scopeName === MARKDOWN_STUB.scopeName)
          return textmate.parseRawGrammar(JSON.stringify(MARKDOWN_STUB), 'markdown.json');
        const contribution = byScope.get(scopeName);
        if (!contribution) return null;
        const path = join(EXTENSION_ROOT, contribution.path);
        return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
      },
      getInjections: (scopeName) =>
        manifest.contributes.grammars.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
    }),
  );
}

export interface Token {
  text: string;
  startIndex: number;
  scopes: string[];
}

/** The tokens of each line of `text` under the grammar `scopeName`. */
export async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  registry ??= createRegistry();
  const grammar = await (await registry).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  let state = textmate.INITIAL;
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({
      text: line.slice(t.startIndex, t.endIndex),
      startIndex: t.startIndex,
      scopes: t.scopes,
    }));
  });
}

/**
 * A readable snapshot: each source line, then one marker line per token that has a scope besides the root,
 * `^^^` under the token and its scopes (root omitted).
 */
export function renderSnapshot(text: string, tokens: Token[][]): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  tokens.forEach((lineTokens, i) => {
    out.push(`${String(i + 1).padStart(3)} | ${lines[i]}`);
    for (const t of lineTokens) {
      const scopes = t.scopes.slice(1);
      if (scopes.length === 0 || t.text.trim() === '') continue;
      out.push(`    | ${' '.repeat(t.startIndex)}${'^'.repeat(t.text.length)} ${scopes.join(' ')}`);
    }
  });
  return `${out.join('\n')}\n`;
}

/** The scopes of the first token whose text is `text` on line `line` (1-based). */
export function scopesAt(tokens: Token[][], line: number, text: string): string[] {
  const token = tokens[line - 1]?.find((t) => t.text === text);
  if (!token)
    throw new Error(`no token '${text}' on line ${line}: ${JSON.stringify(tokens[line - 1]?.map((t) => t.text))}`);
  return token.scopes;
}
