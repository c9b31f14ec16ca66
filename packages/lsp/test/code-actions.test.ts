import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, test } from 'vitest';
import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rewriteDocStyle } from '../src/vpl-code-actions.js';
import { createTestServices } from './helpers.js';

const services = createTestServices();
const parse = parseHelper(services.Vpl);

afterEach(async () => {
  await clearDocuments(services.shared);
});

/** The text after applying the first quick fix offered for the first diagnostic with the code. */
async function fixed(
  text: string,
  code: string,
): Promise<{ text: string; action: CodeAction; remaining: Diagnostic[] }> {
  const document = await parse(text, { validation: true });
  const diagnostic = document.diagnostics?.find((d) => d.code === code);
  expect(diagnostic, `no ${code} in ${JSON.stringify(document.diagnostics?.map((d) => d.code))}`).toBeDefined();
  const actions = (await services.Vpl.lsp.CodeActionProvider!.getCodeActions(document, {
    textDocument: { uri: document.uri.toString() },
    range: diagnostic!.range,
    context: { diagnostics: [diagnostic!], only: [CodeActionKind.QuickFix] },
  })) as CodeAction[];
  const action = actions.find((a) => a.kind === CodeActionKind.QuickFix);
  expect(action, `no quick fix for ${code}`).toBeDefined();
  const edits = action!.edit!.changes![document.uri.toString()]!;
  const result = TextDocument.applyEdits(TextDocument.create('x.vpl', 'vpl', 1, text), edits);
  const after = await parse(result, { validation: true });
  return { text: result, action: action!, remaining: after.diagnostics ?? [] };
}

const EVENTS = 'event Reading:\n    sensor: str\n    celsius: float\n';

describe('quick fixes', () => {
  test('unknown name → the suggested name', async () => {
    const result = await fixed(`${EVENTS}stream S = Reading\n    .where(celsiu > 1.0)\n`, 'VPL-N001');
    expect(result.text).toContain('.where(celsius > 1.0)');
    expect(result.remaining.map((d) => d.code)).not.toContain('VPL-N001');
  });

  test('// comment → #', async () => {
    const result = await fixed('// a note\nlet x = 1\n', 'VPL-L001');
    expect(result.text).toBe('# a note\nlet x = 1\n');
  });

  test('single quotes → double quotes', async () => {
    const result = await fixed("let s = 'hello'\n", 'VPL-L002');
    expect(result.text).toBe('let s = "hello"\n');
    expect(result.remaining).toEqual([]);
  });

  test('join without .on(...) → add one on a shared field', async () => {
    const result = await fixed(
      'event A:\n    id: str\n    x: int\nevent B:\n    id: str\n    y: int\nstream J = join(A, B)\n    .window(1m)\n    .select(x: A.x)\n',
      'VPL-J001',
    );
    expect(result.text).toContain('join(A, B)\n    .on(A.id == B.id)\n    .window(1m)');
    expect(result.remaining.map((d) => d.code)).not.toContain('VPL-J001');
  });

  test('deprecated forecast_expected_time → forecast_time', async () => {
    const text = `${EVENTS}stream S = Reading as r\n    -> Reading as s\n    .within(5m)\n    .forecast()\n    .emit(t: forecast_expected_time)\n`;
    const result = await fixed(text, 'VPL-B010');
    expect(result.text).toContain('.emit(t: forecast_time)');
  });

  test('deprecated config block → connector', async () => {
    const result = await fixed('config broker {\n    host: "localhost",\n    port: 1883\n}\n', 'VPL-C010');
    expect(result.text).toBe('connector Broker = mqtt(host: "localhost", port: 1883)\n');
  });

  test('.tap(...) with no effect → removed', async () => {
    const result = await fixed(
      `${EVENTS}stream S = Reading\n    .tap(counter: "n")\n    .emit(s: sensor)\n`,
      'VPL-O091',
    );
    expect(result.text).toBe(`${EVENTS}stream S = Reading\n    .emit(s: sensor)\n`);
  });

  test('alias.field with no such alias → add the alias to the source', async () => {
    const result = await fixed('event Order:\n    id: str\nstream Ids = Order\n    .emit(id: o.id)\n', 'VPL-N003');
    expect(result.action.title).toBe("Add alias 'o' to 'Order'");
    expect(result.text).toBe('event Order:\n    id: str\nstream Ids = Order as o\n    .emit(id: o.id)\n');
    expect(result.remaining).toEqual([]);
  });

  test('missing alias on a sequence step → add it to the step whose event has the field', async () => {
    const text =
      'event Order:\n    id: str\nevent Pay:\n    id: str\n    amount: float\n' +
      'stream Big = Order as ord\n    -> Pay where id == ord.id\n    .within(5m)\n    .emit(id: ord.id, amount: p.amount)\n';
    const result = await fixed(text, 'VPL-N003');
    expect(result.action.title).toBe("Add alias 'p' to '-> Pay'");
    expect(result.action.isPreferred).toBe(true);
    expect(result.text).toContain('    -> Pay where id == ord.id as p\n');
    expect(result.remaining).toEqual([]);
  });

  test('undeclared event type → declared from its usage', async () => {
    const result = await fixed(
      'stream S = Order\n    .where(amount > 10.0 and region == "eu")\n    .emit(id: order_id)\n',
      'W030',
    );
    expect(result.text).toMatch(
      /^event Order:\n {4}amount: float\n {4}region: str\n {4}order_id: str\n\nstream S = Order/,
    );
    expect(result.remaining.map((d) => d.code)).not.toContain('W030');
  });
});

describe('stale diagnostics (the client sends the ones of an older text)', () => {
  test('a VPL-P020 on the second line of a text that starts with an empty line: no endless loop', async () => {
    const document = await parse('\n  (x\n', { validation: true });
    const stale: Diagnostic = {
      code: 'VPL-P020',
      message: 'documentation-style pattern syntax',
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 3 } },
    };
    const actions = await services.Vpl.lsp.CodeActionProvider!.getCodeActions(document, {
      textDocument: { uri: document.uri.toString() },
      range: stale.range,
      context: { diagnostics: [stale] },
    });
    expect(actions).toEqual([]);
  });
});

describe('documentation-style pattern syntax', () => {
  test('rewrites', () => {
    expect(rewriteDocStyle('pattern P = A -> B -> C within 5m')).toBe('pattern P = SEQ(A, B, C) within 5m');
    expect(rewriteDocStyle('pattern P = SEQ(Swipe[door == "east"], Open) within 1m')).toBe(
      'pattern P = SEQ(Swipe where door == "east", Open) within 1m',
    );
    expect(rewriteDocStyle('pattern P = AND(A, B)')).toBe('pattern P = (A AND B)');
    expect(rewriteDocStyle('stream S = Login+ -> Done')).toBe('stream S = all Login -> Done');
  });
});

describe('refactors', () => {
  test('declare an event type from its usage, on the source name (no diagnostic asked for)', async () => {
    const text = 'stream Big = Payment\n    .where(amount > 100.0)\n    .emit(card: card_id)\n';
    const document = await parse(text, { validation: true });
    const at = document.textDocument.positionAt(text.indexOf('Payment') + 2);
    const actions = (await services.Vpl.lsp.CodeActionProvider!.getCodeActions(document, {
      textDocument: { uri: document.uri.toString() },
      range: { start: at, end: at },
      context: { diagnostics: [], only: [CodeActionKind.Refactor] },
    })) as CodeAction[];
    const declare = actions.find((a) => a.title === "Declare event 'Payment' from its usage");
    expect(declare?.kind).toBe(CodeActionKind.RefactorExtract);
    const result = TextDocument.applyEdits(
      TextDocument.create('x.vpl', 'vpl', 1, text),
      declare!.edit!.changes![document.uri.toString()]!,
    );
    expect(result).toBe(`event Payment:\n    amount: float\n    card_id: str\n\n${text}`);
    const after = await parse(result, { validation: true });
    expect(after.diagnostics?.map((d) => d.code)).not.toContain('W030');
  });

  test('extract the first operations into a sub-stream', async () => {
    const text = `${EVENTS}stream S = Reading\n    .where(celsius > 1.0)\n    .select(sensor, celsius)\n    .emit(s: sensor)\n`;
    const document = await parse(text, { validation: true });
    const start = text.indexOf('.where');
    const end = text.indexOf('.emit') - 5;
    const actions = (await services.Vpl.lsp.CodeActionProvider!.getCodeActions(document, {
      textDocument: { uri: document.uri.toString() },
      range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const extract = actions.find((a) => a.kind === CodeActionKind.RefactorExtract);
    expect(extract?.title).toContain("into stream 'SInput'");
    const result = TextDocument.applyEdits(
      TextDocument.create('x.vpl', 'vpl', 1, text),
      extract!.edit!.changes![document.uri.toString()]!,
    );
    expect(result).toBe(
      `${EVENTS}stream SInput = Reading\n    .where(celsius > 1.0)\n    .select(sensor, celsius)\n\nstream S = SInput\n    .emit(s: sensor)\n`,
    );
    const after = await parse(result, { validation: true });
    expect(after.diagnostics?.filter((d) => d.severity === 1)).toEqual([]);
  });
});
