// Loads tree-sitter-vpl.wasm through web-tree-sitter, as editors and Node tools do, and checks that
// real programs parse without ERROR or MISSING nodes and that every query compiles with this
// runtime (which is newer than the CLI that runs the corpus tests).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const grammarRoot = path.resolve(here, '..', '..');
const programsRoot = path.resolve(grammarRoot, '..', '..', 'test', 'programs');

let webTreeSitter;
try {
  webTreeSitter = await import('web-tree-sitter');
} catch {
  webTreeSitter = undefined;
}
const skip = webTreeSitter ? false : 'web-tree-sitter is not installed (run pnpm install in the workspace)';

const SAMPLE = `# Parcel hub monitoring
connector HubBus = mqtt(host: "broker.internal", port: 1883, client_id: "hub-watch")

event ParcelScanned:
    parcel_id: str
    hub: str
    weight_kg: float

const HEAVY_KG = 30.0

fn band(kg: float) -> str:
    if kg > HEAVY_KG:  # heavy
        return "freight"
    else:
        return "standard"

stream HubScans = ParcelScanned.from(HubBus, topic: "hubs/+/scans")

stream SlowDelivery = ParcelScanned as scan
    -> ParcelDelivered where parcel_id == scan.parcel_id and band(weight_kg) == "freight" as done
    .within(48h)
    .emit(parcel: scan.parcel_id, courier: done.courier)
`;

/** The `.vpl` files under a folder, recursively. */
function vplFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return vplFiles(file);
      return entry.name.endsWith('.vpl') ? [file] : [];
    })
    .sort();
}

/** The positions of the ERROR and MISSING nodes of a tree, for assertion messages. */
function syntaxErrors(node, found = []) {
  if (node.isError || node.isMissing) {
    found.push(
      `${node.isMissing ? 'MISSING' : 'ERROR'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`,
    );
  }
  if (node.hasError) {
    for (const child of node.children) syntaxErrors(child, found);
  }
  return found;
}

describe('tree-sitter-vpl through web-tree-sitter', { skip }, () => {
  let parser;
  let language;

  before(async () => {
    const { loadVplLanguage } = await import('../../bindings/node/index.mjs');
    language = await loadVplLanguage();
    parser = new webTreeSitter.Parser();
    parser.setLanguage(language);
  });

  after(() => parser?.delete());

  test('loads the language', () => {
    assert.ok(language.abiVersion >= 14);
    assert.ok(language.idForNodeType('stream_declaration', true) > 0);
  });

  test('parses a sample program without ERROR or MISSING nodes', () => {
    const tree = parser.parse(SAMPLE);
    assert.deepEqual(syntaxErrors(tree.rootNode), []);
    const kinds = tree.rootNode.namedChildren.filter((n) => n.type !== 'comment').map((n) => n.type);
    assert.deepEqual(kinds, [
      'connector_declaration',
      'event_declaration',
      'constant_declaration',
      'function_declaration',
      'stream_declaration',
      'stream_declaration',
    ]);
    const steps = tree.rootNode.descendantsOfType('followed_by');
    assert.equal(steps.length, 1);
    assert.equal(steps[0].childForFieldName('alias').text, 'done');
    tree.delete();
  });

  test('treats a CRLF file like an LF file', () => {
    const lf = parser.parse(SAMPLE);
    const crlf = parser.parse(SAMPLE.replaceAll('\n', '\r\n'));
    assert.equal(crlf.rootNode.hasError, false);
    assert.equal(crlf.rootNode.toString(), lf.rootNode.toString());
    lf.delete();
    crlf.delete();
  });

  test('reports a malformed numeric literal as a syntax error', () => {
    const tree = parser.parse('let x = 5min\n');
    assert.equal(tree.rootNode.hasError, true);
    tree.delete();
  });

  test('re-parses incrementally after an edit', () => {
    const tree = parser.parse(SAMPLE);
    const offset = SAMPLE.indexOf('48h');
    const edited = `${SAMPLE.slice(0, offset)}2d${SAMPLE.slice(offset + 3)}`;
    const row = SAMPLE.slice(0, offset).split('\n').length - 1;
    const column = offset - SAMPLE.lastIndexOf('\n', offset) - 1;
    tree.edit({
      startIndex: offset,
      oldEndIndex: offset + 3,
      newEndIndex: offset + 2,
      startPosition: { row, column },
      oldEndPosition: { row, column: column + 3 },
      newEndPosition: { row, column: column + 2 },
    });
    const next = parser.parse(edited, tree);
    assert.equal(next.rootNode.hasError, false);
    assert.equal(next.rootNode.toString(), parser.parse(edited).rootNode.toString());
    tree.delete();
    next.delete();
  });

  test('compiles every query', () => {
    const queries = readdirSync(path.join(grammarRoot, 'queries')).filter((f) => f.endsWith('.scm'));
    assert.ok(queries.length >= 7);
    for (const file of queries) {
      const source = readFileSync(path.join(grammarRoot, 'queries', file), 'utf8');
      const query = new webTreeSitter.Query(language, source);
      assert.ok(query.captureNames.length > 0, file);
      query.delete();
    }
  });

  const programs = vplFiles(programsRoot);
  test(`parses the ${programs.length} repository programs without ERROR or MISSING nodes`, {
    skip: programs.length === 0 && 'no programs under test/programs',
  }, () => {
    const failures = [];
    for (const file of programs) {
      const tree = parser.parse(readFileSync(file, 'utf8'));
      const errors = syntaxErrors(tree.rootNode);
      if (errors.length) failures.push(`${path.relative(programsRoot, file)}: ${errors.join(', ')}`);
      tree.delete();
    }
    assert.deepEqual(failures, []);
  });
});
