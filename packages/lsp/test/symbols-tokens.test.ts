import { clearDocuments, expectSymbols, highlightHelper, parseHelper } from 'langium/test';
import { afterEach, describe, expect, test } from 'vitest';
import { SymbolKind } from 'vscode-languageserver';
import { createTestServices, withCursor } from './helpers.js';

const services = createTestServices();
const parse = parseHelper(services.Vpl);
const symbols = expectSymbols(services.Vpl);
const highlight = highlightHelper(services.Vpl);

afterEach(async () => {
  await clearDocuments(services.shared);
});

const PROGRAM = `event Reading:
    sensor: str
    celsius: float
connector Bus = mqtt(host: "h")
const LIMIT = 40.0
fn f(x: float) -> float:
    x * 2.0
stream Hot = Reading as r
    -> Reading where celsius > r.celsius as s
    .within(90s)
    .emit(c: s.celsius, d: abs(LIMIT))
    .to(Bus, topic: "t")
`;

describe('document symbols', () => {
  test('hierarchical outline', async () => {
    await symbols({
      text: PROGRAM,
      assert: (list) => {
        expect(list.map((s) => s.name)).toEqual(['Reading', 'Bus', 'LIMIT', 'f', 'Hot']);
        const reading = list[0]!;
        expect(reading.kind).toBe(SymbolKind.Struct);
        expect(reading.children?.map((c) => `${c.name}: ${c.detail}`)).toEqual(['sensor: str', 'celsius: float']);
        expect(list[4]!.kind).toBe(SymbolKind.Event);
        expect(list[4]!.children?.map((c) => c.name)).toEqual(['r', 's']);
        expect(list[3]!.detail).toBe('(x: float) -> float');
      },
    });
  });

  test('workspace symbols find declarations of every document', async () => {
    await parse(PROGRAM, { documentUri: 'file:///ws/a.vpl' });
    await parse('stream Cold = Reading\n', { documentUri: 'file:///ws/b.vpl' });
    const found = await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'Col' });
    expect(found.map((s) => s.name)).toContain('Cold');
    expect(found.find((s) => s.name === 'Cold')?.kind).toBe(SymbolKind.Event);
  });
});

describe('signature help', () => {
  async function help(text: string) {
    const { text: source, offset } = withCursor(text);
    const document = await parse(source);
    return services.Vpl.lsp.SignatureHelp!.provideSignatureHelp(document, {
      textDocument: { uri: document.uri.toString() },
      position: document.textDocument.positionAt(offset),
    });
  }

  test('a stream operation, with the active parameter', async () => {
    const result = await help('stream S = E\n    .window(5m, <|>');
    expect(result?.signatures[0]?.label).toContain('.window(size, sliding: step)');
    expect(result?.activeParameter).toBe(1);
  });

  test('a builtin function and an aggregate function', async () => {
    expect((await help('let x = substring("abc", <|>'))?.signatures[0]?.label).toBe(
      'substring(a: str, b: int, c: int) -> str',
    );
    const agg = await help('stream S = E\n    .window(1m)\n    .aggregate(e: ema(price, <|>');
    expect(agg?.signatures[0]?.label).toBe('ema(field: number, period: int) -> float');
    expect(agg?.activeParameter).toBe(1);
  });

  test('a user function', async () => {
    const result = await help('fn f(a: int, b: str) -> int:\n    a\nlet x = f(1, <|>');
    expect(result?.signatures[0]?.label).toBe('f(a: int, b: str) -> int');
    expect(result?.activeParameter).toBe(1);
  });

  test('outside parentheses: none', async () => {
    expect(await help('let x = 1<|>')).toBeUndefined();
  });
});

describe('semantic tokens', () => {
  test('the legend has the VPL categories', () => {
    const legend = services.Vpl.lsp.SemanticTokenProvider!.semanticTokensOptions.legend.tokenTypes;
    for (const type of [
      'event',
      'struct',
      'property',
      'variable',
      'function',
      'method',
      'number',
      'keyword',
      'namespace',
    ])
      expect(legend).toContain(type);
    expect(services.Vpl.lsp.SemanticTokenProvider!.semanticTokensOptions.full).toEqual({ delta: true });
  });

  test('streams, event types, fields, aliases, functions, durations and keywords', async () => {
    const result = await highlight(PROGRAM);
    const typeOf = (text: string, occurrence = 0) => {
      let index = -1;
      for (let i = 0; i <= occurrence; i++) index = PROGRAM.indexOf(text, index + 1);
      const token = result.tokens.find((t) => t.offset === index);
      return token ? `${token.tokenType}${token.tokenModifiers ? `/${token.tokenModifiers}` : ''}` : undefined;
    };
    expect(typeOf('Hot')).toMatch(/^event/);
    expect(typeOf('Reading', 1)).toMatch(/^struct/);
    expect(typeOf('celsius', 1)).toMatch(/^property/);
    expect(typeOf('r.celsius')).toMatch(/^variable/);
    expect(typeOf('abs')).toMatch(/^function/);
    expect(typeOf('90s')).toMatch(/^number/);
    expect(typeOf('stream')).toMatch(/^keyword/);
    expect(typeOf('within')).toMatch(/^method/);
    expect(typeOf('Bus', 1)).toMatch(/^namespace/);
    expect(typeOf('LIMIT', 1)).toMatch(/^variable/);
  });

  test('delta requests return edits against the previous result', async () => {
    const document = await parse(PROGRAM);
    const provider = services.Vpl.lsp.SemanticTokenProvider!;
    const full = await provider.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
    expect(full.resultId).toBeDefined();
    const delta = await provider.semanticHighlightDelta(document, {
      textDocument: { uri: document.uri.toString() },
      previousResultId: full.resultId!,
    });
    expect('edits' in delta || 'data' in delta).toBe(true);
    const range = await provider.semanticHighlightRange(document, {
      textDocument: { uri: document.uri.toString() },
      range: { start: { line: 7, character: 0 }, end: { line: 9, character: 0 } },
    });
    expect(range.data.length).toBeGreaterThan(0);
    expect(range.data.length).toBeLessThan(full.data.length);
  });
});
