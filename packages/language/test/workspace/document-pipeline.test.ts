import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AstUtils,
  Cancellation,
  DocumentState,
  EmptyFileSystem,
  isOperationCancelled,
  type LangiumDocument,
  URI,
} from 'langium';
import { describe, expect, test, vi } from 'vitest';
import { type ast, createVplServices, type VplServices } from '../../src/index.js';
import { astNodesInOrder, parsedTreeIndex, referencesInOrder } from '../../src/utils/ast-walk.js';

/**
 * The document pipeline's replacements of Langium services (linker, validation loop and registry, reference
 * index) and the tree walks they share must behave exactly like Langium's: same order, same results, same
 * reactions to failing checks and to cancellation.
 */

const joins = join(import.meta.dirname, '..', 'resources', 'validation', 'joins');
const samples = readdirSync(joins)
  .filter((name) => name.endsWith('.vpl'))
  .map((name) => readFileSync(join(joins, name), 'utf8'));

function addDocument(services: VplServices, text: string, name: string): LangiumDocument<ast.Program> {
  const workspace = services.shared.workspace;
  const document = workspace.LangiumDocumentFactory.fromString<ast.Program>(text, URI.parse(`memory:///${name}.vpl`));
  workspace.LangiumDocuments.addDocument(document);
  return document;
}

const PROGRAM = `event Reading:
    sensor: str
    value: float

const LIMIT = 4.5

fn scale(x: float) -> float:
    return x * 2.0

stream Hot = Reading as r
    .where(value > LIMIT)
    .emit(sensor: r.sensor, scaled: scale(value))
`;

describe('tree walks', () => {
  test("visit nodes and references in the order of Langium's streams, recorded by the parser", () => {
    const { Vpl } = createVplServices();
    for (const text of [PROGRAM, ...samples]) {
      const root = Vpl.parser.LangiumParser.parse<ast.Program>(text).value;
      expect(parsedTreeIndex(root)).toBeDefined();
      expect(astNodesInOrder(root)).toEqual(AstUtils.streamAst(root).toArray());
      const langiumReferences = AstUtils.streamAst(root)
        .flatMap((node) => AstUtils.streamReferences(node))
        .toArray();
      expect(referencesInOrder(root)).toEqual(langiumReferences);
    }
  });

  test('walk trees the parser did not produce (no recorded index) in the same order', () => {
    const { Vpl } = createVplServices();
    const parsed = Vpl.parser.LangiumParser.parse<ast.Program>(PROGRAM).value;
    const root = AstUtils.copyAstNode(parsed, (_node, _property, _cst, refText) => ({
      ref: undefined,
      $refText: refText,
    }));
    expect(parsedTreeIndex(root)).toBeUndefined();
    expect(astNodesInOrder(root).map((n) => n.$type)).toEqual(
      AstUtils.streamAst(root)
        .map((n) => n.$type)
        .toArray(),
    );
  });
});

describe('linking and validation', () => {
  test('a check that throws is reported on its node, as Langium reports it, and the others still run', async () => {
    const { Vpl } = createVplServices(EmptyFileSystem);
    Vpl.validation.ValidationRegistry.register({
      EventDecl: () => {
        throw new Error('boom');
      },
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const document = addDocument(Vpl, PROGRAM, 'throwing');
      await Vpl.shared.workspace.DocumentBuilder.build([document], { validation: true });
      const diagnostics = document.diagnostics ?? [];
      const failure = diagnostics.find((d) => d.message === 'An error occurred during validation: boom');
      expect(failure?.severity).toBe(1);
      expect(failure?.range.start).toEqual({ line: 0, character: 0 });
      expect(errors).toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  test('an asynchronous check is awaited before the document counts as validated', async () => {
    const { Vpl } = createVplServices(EmptyFileSystem);
    Vpl.validation.ValidationRegistry.register({
      StreamDecl: async (node: ast.StreamDecl, accept) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        accept('warning', `checked ${node.name}`, { node });
      },
    });
    const document = addDocument(Vpl, PROGRAM, 'async');
    await Vpl.shared.workspace.DocumentBuilder.build([document], { validation: true });
    expect(document.diagnostics?.map((d) => d.message)).toContain('checked Hot');
  });

  test('a cancelled build stops within a few nodes of the cancellation', async () => {
    const { Vpl } = createVplServices(EmptyFileSystem);
    const source = new Cancellation.CancellationTokenSource();
    let checkedAfterCancel = 0;
    let seen = 0;
    Vpl.validation.ValidationRegistry.register({
      NameRef: () => {
        seen++;
        if (seen === 50) source.cancel();
        else if (seen > 50) checkedAfterCancel++;
      },
    });
    const text = Array.from({ length: 200 }, (_, i) => `const C${i} = ${i}\nlet v${i} = C${i} + C${i}\n`).join('');
    const document = addDocument(Vpl, text, 'cancelled');
    const build = Vpl.shared.workspace.DocumentBuilder.build([document], { validation: true }, source.token);
    await expect(build).rejects.toSatisfy(isOperationCancelled);
    expect(document.state).toBeLessThan(DocumentState.Validated);
    expect(checkedAfterCancel).toBeLessThan(64);
  });
});

describe('reference index', () => {
  test('finds references across documents and relinks a document when a declaration it uses changes', async () => {
    const { Vpl } = createVplServices(EmptyFileSystem);
    const workspace = Vpl.shared.workspace;
    const declaring = addDocument(Vpl, 'event Reading:\n    value: float\n', 'declaring');
    const using = addDocument(Vpl, 'import "declaring.vpl"\n\nstream Hot = Reading.where(value > 1.0)\n', 'using');
    await workspace.DocumentBuilder.build([declaring, using], { validation: true });
    const event = declaring.parseResult.value.statements[0]!;
    const path = Vpl.workspace.AstNodeLocator.getAstNodePath(event);
    const found = workspace.IndexManager.findAllReferences(event, path).toArray();
    expect(found.map((r) => [r.sourceUri.toString(), r.segment.range.start])).toEqual([
      [using.uri.toString(), { line: 2, character: 13 }],
    ]);
    expect(workspace.IndexManager.isAffected(using, new Set([declaring.uri.toString()]))).toBe(true);
    expect(workspace.IndexManager.isAffected(using, new Set([URI.parse('memory:///other.vpl').toString()]))).toBe(
      false,
    );
  });
});
