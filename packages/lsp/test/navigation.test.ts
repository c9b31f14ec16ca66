import type { LangiumDocument } from 'langium';
import { clearDocuments, expectFindReferences, expectGoToDefinition, parseHelper } from 'langium/test';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestServices } from './helpers.js';

const services = createTestServices();
const definition = expectGoToDefinition(services.Vpl);
const references = expectFindReferences(services.Vpl);
const parse = parseHelper(services.Vpl);

afterEach(async () => {
  await clearDocuments(services.shared);
});

function at(document: LangiumDocument, word: string, occurrence = 0, delta = 1) {
  const text = document.textDocument.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(word, index + 1);
  return document.textDocument.positionAt(index + delta);
}

describe('go to definition', () => {
  test('an event type used as a source', async () => {
    await definition({ text: 'event <|Reading|>:\n    x: int\nstream S = Read<|>ing', index: 0, rangeIndex: 0 });
  });

  test('a field used by name', async () => {
    await definition({
      text: 'event Reading:\n    <|celsius|>: float\nstream S = Reading\n    .where(cel<|>sius > 1.0)',
      index: 0,
      rangeIndex: 0,
    });
  });

  test('a field read through an alias (alias.field)', async () => {
    await definition({
      text: 'event A:\n    <|key|>: str\nevent B:\n    key: str\nstream S = A as a\n    -> B where key == a.k<|>ey as b\n    .within(1m)',
      index: 0,
      rangeIndex: 0,
    });
  });

  test('an alias', async () => {
    await definition({
      text: 'event A:\n    k: str\nstream S = A as <|first|>\n    -> A where k == fir<|>st.k\n    .within(1m)',
      index: 0,
      rangeIndex: 0,
    });
  });

  test('a function, a constant, a connector', async () => {
    await definition({ text: 'fn <|twice|>(x: int) -> int:\n    x * 2\nlet y = twi<|>ce(2)', index: 0, rangeIndex: 0 });
    await definition({ text: 'const <|LIMIT|> = 3\nlet y = LIM<|>IT', index: 0, rangeIndex: 0 });
    await definition({
      text: 'connector <|Bus|> = mqtt(host: "h")\nstream S = E\n    .to(B<|>us, topic: "t")',
      index: 0,
      rangeIndex: 0,
    });
  });
});

describe('references, highlights and rename', () => {
  const PROGRAM = `event Reading:
    sensor: str
    celsius: float
stream Hot = Reading
    .where(celsius > 40.0)
    .select(sensor, celsius)
stream Pairs = Reading as r
    -> Reading where celsius > r.celsius as s
    .within(1m)
stream Out = Hot
    .emit(c: celsius)
`;

  test('references of a field include bare names, alias.field and .select(field)', async () => {
    const document = await parse(PROGRAM);
    const locations = await services.Vpl.lsp.ReferencesProvider!.findReferences(document, {
      textDocument: { uri: document.uri.toString() },
      position: at(document, 'celsius'),
      context: { includeDeclaration: true },
    });
    // declaration, .where(celsius), step filter celsius, r.celsius, .select(celsius), downstream .emit(c: celsius)
    expect(locations.length).toBe(6);
  });

  test('expectFindReferences on a stream', async () => {
    await references({
      text: 'event E:\n    x: int\nstream <|Hot|> = E\nstream A = <|Hot|>\nstream B = merge(<|Ho<|>t|>, E)\n    .emit()',
      index: 0,
      rangeIndex: [0, 1, 2],
      includeDeclaration: true,
    });
  });

  test('document highlight marks the declaration as a write', async () => {
    const document = await parse(PROGRAM);
    const highlights = await services.Vpl.lsp.DocumentHighlightProvider!.getDocumentHighlight(document, {
      textDocument: { uri: document.uri.toString() },
      position: at(document, 'Hot', 1),
    });
    expect(highlights?.map((h) => h.kind)).toEqual([3, 2]);
  });

  test('rename a field: declaration and every use, but not output keys', async () => {
    const document = await parse(PROGRAM);
    const provider = services.Vpl.lsp.RenameProvider!;
    const position = at(document, 'celsius', 2);
    const range = await provider.prepareRename(document, { textDocument: { uri: document.uri.toString() }, position });
    expect(range).toBeDefined();
    const edit = await provider.rename(document, {
      textDocument: { uri: document.uri.toString() },
      position,
      newName: 'temp_c',
    });
    const edits = edit?.changes?.[document.uri.toString()] ?? [];
    expect(edits.length).toBe(6);
    expect(edits.every((e) => e.newText === 'temp_c')).toBe(true);
  });

  test('rename an alias', async () => {
    const document = await parse(PROGRAM);
    const edit = await services.Vpl.lsp.RenameProvider!.rename(document, {
      textDocument: { uri: document.uri.toString() },
      position: at(document, 'r.celsius', 0, 0),
      newName: 'first',
    });
    expect(edit?.changes?.[document.uri.toString()]?.length).toBe(2);
  });

  test('rename refuses invalid names and keywords have nothing to rename', async () => {
    const document = await parse(PROGRAM);
    const provider = services.Vpl.lsp.RenameProvider!;
    await expect(
      Promise.resolve().then(() =>
        provider.rename(document, {
          textDocument: { uri: document.uri.toString() },
          position: at(document, 'Hot'),
          newName: '1x',
        }),
      ),
    ).rejects.toThrow(/not a valid VPL name/);
    expect(
      await provider.prepareRename(document, {
        textDocument: { uri: document.uri.toString() },
        position: at(document, 'stream'),
      }),
    ).toBeUndefined();
  });

  test('rename a function, a constant and a connector across files', async () => {
    const lib = await parse(
      'connector Bus = mqtt(host: "localhost", port: 1883)\nconst LIMIT = 40.0\nfn hot(c: float) -> bool:\n    c > LIMIT\n',
      { documentUri: 'file:///ws/shared.vpl' },
    );
    const main = await parse(
      'import "shared.vpl"\nevent R:\n    c: float\nstream S = R\n    .where(hot(c) and c < LIMIT * 2.0)\n    .emit(c: c)\n    .to(Bus, topic: "t")\n',
      { documentUri: 'file:///ws/main.vpl' },
    );
    const rename = async (word: string, newName: string) => {
      const edit = await services.Vpl.lsp.RenameProvider!.rename(main, {
        textDocument: { uri: main.uri.toString() },
        position: at(main, word),
        newName,
      });
      const count = (uri: string) => (edit?.changes?.[uri] ?? []).filter((e) => e.newText === newName).length;
      return [count(lib.uri.toString()), count(main.uri.toString())];
    };
    expect(await rename('hot(', 'too_hot')).toEqual([1, 1]);
    expect(await rename('LIMIT', 'MAX_C')).toEqual([2, 1]);
    expect(await rename('Bus', 'Broker')).toEqual([1, 1]);
  });

  test('rename across files (an event declared in an imported library)', async () => {
    const lib = await parse('event Shared:\n    id: str\n', { documentUri: 'file:///ws/lib.vpl' });
    const main = await parse('import "lib.vpl"\nstream S = Shared\n    .emit(i: id)\n', {
      documentUri: 'file:///ws/main.vpl',
    });
    const edit = await services.Vpl.lsp.RenameProvider!.rename(main, {
      textDocument: { uri: main.uri.toString() },
      position: at(main, 'Shared'),
      newName: 'Common',
    });
    expect(Object.keys(edit?.changes ?? {}).sort()).toEqual([lib.uri.toString(), main.uri.toString()].sort());
  });
});

describe('broken text (found by the fuzz test)', () => {
  test('definition and type definition of a type name in a malformed event header: nothing, no exception', async () => {
    const document = await parse('event TankReadingplant: int\n    tank: int\n', { validation: true });
    const params = { textDocument: { uri: document.uri.toString() }, position: at(document, 'int') };
    expect(await services.Vpl.lsp.DefinitionProvider!.getDefinition(document, params)).toBeUndefined();
    expect(await services.Vpl.lsp.TypeProvider!.getTypeDefinition(document, params)).toBeUndefined();
    const refs = await services.Vpl.lsp.ReferencesProvider!.findReferences(document, {
      ...params,
      context: { includeDeclaration: true },
    });
    expect(Array.isArray(refs)).toBe(true);
    await services.Vpl.lsp.DocumentHighlightProvider!.getDocumentHighlight(document, params);
    await services.Vpl.lsp.RenameProvider!.prepareRename(document, params);
  });

  test('hover on a stream whose source does not parse (`stream S = (x)`): the stream, no exception', async () => {
    const document = await parse('stream Windows = (src_ip)\n    .window(30s)\nstream Next = Windows\n    .emit()\n', {
      validation: true,
    });
    const params = { textDocument: { uri: document.uri.toString() }, position: at(document, 'Windows', 1) };
    const hover = await services.Vpl.lsp.HoverProvider!.getHoverContent(document, params);
    expect(JSON.stringify(hover?.contents)).toContain('stream Windows = ');
    const actions = await services.Vpl.lsp.CodeActionProvider!.getCodeActions(document, {
      textDocument: params.textDocument,
      range: { start: at(document, '.window', 0, 0), end: at(document, 'stream Next', 0, 0) },
      context: { diagnostics: [] },
    });
    expect(Array.isArray(actions)).toBe(true);
  });
});

describe('type definition', () => {
  test('of an alias: its event type', async () => {
    const document = await parse('event <A>:\n    k: str\nstream S = A as a\n    .emit(k: a.k)'.replace('<A>', 'A'));
    const links = await services.Vpl.lsp.TypeProvider!.getTypeDefinition(document, {
      textDocument: { uri: document.uri.toString() },
      position: at(document, 'a.k', 0, 0),
    });
    expect(links?.[0]?.targetSelectionRange.start).toEqual({ line: 0, character: 6 });
  });
});
