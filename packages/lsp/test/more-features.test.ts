import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { clearDocuments, expectFoldings, parseHelper } from 'langium/test';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { VplCommands } from '../src/protocol.js';
import { createVplLspServices } from '../src/vpl-lsp-module.js';
import { selectionRanges } from '../src/vpl-selection-range.js';
import { streamGraph } from '../src/vpl-stream-graph.js';
import { createTestServices } from './helpers.js';

const services = createTestServices();
const parse = parseHelper(services.Vpl);

afterEach(async () => {
  await clearDocuments(services.shared);
});

const PROGRAM = `event Reading:
    sensor: str
    celsius: float
stream Hot = Reading
    .partition_by(sensor)
    .window(5400s)
    .aggregate(top: max(celsius), n: count(), label: "x")
    .emit(sensor: sensor, top: top, hot: top > 40.0)
stream Hotter = Hot
    .where(top > 50.0)
`;

describe('inlay hints', () => {
  test('field types, normalised durations and the partition key', async () => {
    const document = await parse(PROGRAM);
    const hints = await services.Vpl.lsp.InlayHintProvider!.getInlayHints(document, {
      textDocument: { uri: document.uri.toString() },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    });
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : ''));
    expect(labels).toContain('= 1h 30m');
    expect(labels).toContain('per sensor');
    expect(labels).toContain(': float');
    expect(labels).toContain(': int');
    expect(labels).toContain(': bool');
  });
});

describe('code lens', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpl-lens-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reference counts, and "Run on sample events" with the emitted counts', async () => {
    const disk = createVplLspServices({ ...NodeFileSystem });
    const file = path.join(dir, 'prog.vpl');
    const text =
      'event Reading:\n    sensor: str\n    celsius: float\nstream Hot = Reading\n    .where(celsius > 40.0)\n    .emit(s: sensor)\nstream Count = Hot\n    .emit(s: s)\n';
    writeFileSync(file, text);
    writeFileSync(
      path.join(dir, 'prog.evt'),
      '@0s Reading { sensor: "a", celsius: 41.0 }\n@1s Reading { sensor: "b", celsius: 12.0 }\n@2s Reading { sensor: "c", celsius: 45.5 }\n',
    );
    const document = await parseHelper(disk.Vpl)(text, {
      documentUri: pathToFileURL(file).toString(),
      validation: true,
    });
    const lenses = await disk.Vpl.lsp.CodeLensProvider!.provideCodeLens(document, {
      textDocument: { uri: document.uri.toString() },
    });
    const titles = (lenses ?? []).map((l) => l.command?.title);
    expect(titles).toContain('1 reference');
    expect(titles).toContain('▶ Run on sample events: 2 emitted from 3 events');
    const run = lenses?.find((l) => l.command?.command === VplCommands.runSample);
    const result = (await disk.shared.lsp.ExecuteCommandHandler!.executeCommand(
      VplCommands.runSample,
      run!.command!.arguments!,
    )) as {
      streams: { name: string; emitted: number; sample: string[] }[];
    };
    expect(result.streams.find((s) => s.name === 'Hot')?.emitted).toBe(2);
    expect(result.streams.find((s) => s.name === 'Hot')?.sample[0]).toContain('"s":"a"');
  });
});

describe('structure', () => {
  test('folding ranges for blocks, streams and multi-line arguments', async () => {
    await expectFoldings(services.Vpl)({
      text: '<|event A:\n    x: int\n    y: int|>\n<|stream S = A\n    .where(x > 1)\n    .emit(x: x)|>\n',
      assert: (ranges) => {
        expect(ranges.length).toBeGreaterThanOrEqual(2);
      },
    });
  });

  test('selection ranges grow from the name to the declaration', async () => {
    const document = await parse(PROGRAM);
    const [range] = selectionRanges(document, [{ line: 4, character: 20 }]);
    const chain: string[] = [];
    for (let r = range; r; r = r.parent) chain.push(document.textDocument.getText(r.range));
    expect(chain[0]).toBe('sensor');
    expect(chain).toContain('.partition_by(sensor)');
    expect(chain.at(-1)).toBe(PROGRAM);
  });

  test('document links for imports', async () => {
    const document = await parse('import "lib/common.vpl"\n', { documentUri: 'file:///ws/main.vpl' });
    const links = await services.Vpl.lsp.DocumentLinkProvider!.getDocumentLinks(document, {
      textDocument: { uri: document.uri.toString() },
    });
    expect(links.map((l) => l.target)).toEqual(['file:///ws/lib/common.vpl']);
  });

  test('call hierarchy follows the data flow', async () => {
    const document = await parse(PROGRAM);
    const provider = services.Vpl.lsp.CallHierarchyProvider!;
    const [item] = (await provider.prepareCallHierarchy(document, {
      textDocument: { uri: document.uri.toString() },
      position: { line: 3, character: 8 },
    }))!;
    expect(item!.name).toBe('Hot');
    const incoming = await provider.incomingCalls({ item: item! });
    expect(incoming?.map((c) => c.from.name)).toEqual(['Hotter']);
    const outgoing = await provider.outgoingCalls({ item: item! });
    expect(outgoing?.map((c) => c.to.name)).toEqual(['Reading']);
  });

  test('the stream graph', async () => {
    const document = await parse(PROGRAM);
    const graph = streamGraph(services.shared, document);
    expect(graph.edges).toEqual([
      { from: 'Reading', to: 'Hot', role: 'source' },
      { from: 'Hot', to: 'Hotter', role: 'source' },
    ]);
    expect(URI.parse(graph.nodes[0]!.uri!).toString()).toBe(document.uri.toString());
  });
});
