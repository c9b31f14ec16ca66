// biome-ignore-all lint/suspicious/noTemplateCurlyInString: LSP snippets are written `${1:placeholder}`.
import { clearDocuments, expectCompletion } from 'langium/test';
import { afterEach, describe, expect, test } from 'vitest';
import type { CompletionList } from 'vscode-languageserver';
import { createTestServices } from './helpers.js';

const services = createTestServices();
const completion = expectCompletion(services.Vpl);

afterEach(async () => {
  await clearDocuments(services.shared);
});

const EVENTS = `event Reading:
    sensor: str
    celsius: float
event Alarm:
    sensor: str
    level: int
connector Bus = mqtt(host: "h")
context edge
`;

function labels(list: CompletionList): string[] {
  return list.items.map((item) => item.label);
}

async function complete(text: string): Promise<CompletionList> {
  let result: CompletionList = { isIncomplete: false, items: [] };
  await completion({ text, index: 0, assert: (list) => (result = list) });
  return result;
}

describe('completion', () => {
  test('after a dot in a stream chain: operations valid at that point, with snippets', async () => {
    const list = await complete(`${EVENTS}stream S = Reading\n    .<|>`);
    const names = labels(list);
    expect(names).toEqual(
      expect.arrayContaining(['where', 'window', 'aggregate', 'emit', 'select', 'partition_by', 'to', 'from']),
    );
    // Not valid here: no aggregate yet, no sequence, not a join; not-implemented operations are never offered.
    expect(names).not.toContain('having');
    expect(names).not.toContain('within');
    expect(names).not.toContain('on');
    expect(names).not.toContain('order_by');
    const window = list.items.find((item) => item.label === 'window')!;
    expect(window.textEdit?.newText).toBe('window(${1:5m})');
  });

  test('after .aggregate: having is offered, a second window or aggregate is not', async () => {
    const names = labels(
      await complete(`${EVENTS}stream S = Reading\n    .window(5m)\n    .aggregate(n: count())\n    .<|>`),
    );
    expect(names).toContain('having');
    expect(names).not.toContain('window');
    expect(names).not.toContain('aggregate');
  });

  test('in a sequence: within and not are offered', async () => {
    const names = labels(
      await complete(`${EVENTS}stream S = Reading as r\n    -> Alarm where sensor == r.sensor as a\n    .<|>`),
    );
    expect(names).toEqual(expect.arrayContaining(['within', 'not', 'emit']));
  });

  test('fields of the current record shape inside an operation', async () => {
    const list = await complete(`${EVENTS}stream S = Reading\n    .where(<|>)`);
    const celsius = list.items.find((item) => item.label === 'celsius');
    expect(celsius?.detail).toBe('float');
    expect(labels(list)).toEqual(expect.arrayContaining(['sensor', 'abs', 'and', 'true']));
    expect(labels(list)).not.toContain('level');
  });

  test('fields after .select are the selected ones', async () => {
    const names = labels(
      await complete(`${EVENTS}stream S = Reading\n    .select(sensor, hot: celsius > 30.0)\n    .emit(x: <|>)`),
    );
    expect(names).toEqual(expect.arrayContaining(['sensor', 'hot']));
    expect(names).not.toContain('celsius');
  });

  test("alias fields after 'alias.' inside a sequence", async () => {
    const list = await complete(`${EVENTS}stream S = Reading as r\n    -> Alarm where sensor == r.<|>`);
    expect(labels(list)).toEqual(expect.arrayContaining(['sensor', 'celsius']));
    expect(labels(list)).not.toContain('level');
  });

  test('aliases and fields of the step in a step condition', async () => {
    const names = labels(await complete(`${EVENTS}stream S = Reading as r\n    -> Alarm where <|>`));
    expect(names).toEqual(expect.arrayContaining(['r', 'sensor', 'level']));
  });

  test('aggregate functions inside .aggregate', async () => {
    const list = await complete(`${EVENTS}stream S = Reading\n    .window(1m)\n    .aggregate(avg_c: <|>)`);
    const names = labels(list);
    expect(names).toEqual(expect.arrayContaining(['count', 'avg', 'stddev', 'ema', 'count_distinct', 'celsius']));
    expect(list.items.find((item) => item.label === 'ema')?.detail).toContain('(aggregate)');
  });

  test('event types and streams after ->, and after stream X =', async () => {
    expect(labels(await complete(`${EVENTS}stream S = Reading as r\n    -> <|>`))).toEqual(
      expect.arrayContaining(['Reading', 'Alarm', 'all']),
    );
    const names = labels(await complete(`${EVENTS}stream Hot = Reading\nstream S = <|>`));
    expect(names).toEqual(expect.arrayContaining(['Reading', 'Alarm', 'Hot', 'merge', 'join', 'sequence', 'timer']));
  });

  test('connectors in .to( and .from(, contexts in .context(', async () => {
    expect(labels(await complete(`${EVENTS}stream S = Reading\n    .to(<|>`))).toEqual(['Bus']);
    expect(labels(await complete(`${EVENTS}stream S = Reading.from(<|>`))).toEqual(['Bus']);
    expect(labels(await complete(`${EVENTS}stream S = Reading\n    .context(<|>`))).toEqual(['edge']);
  });

  test('duration units after a number', async () => {
    const list = await complete(`${EVENTS}stream S = Reading\n    .window(5<|>`);
    expect(labels(list)).toEqual(['5ms', '5s', '5m', '5h', '5d', '5us', '5ns']);
  });

  test('declaration keywords at the start of a top-level line', async () => {
    const list = await complete(`${EVENTS}\n<|>`);
    expect(labels(list)).toEqual(
      expect.arrayContaining(['stream', 'event', 'connector', 'fn', 'let', 'pattern', 'import']),
    );
    expect(list.items.find((item) => item.label === 'event')?.textEdit?.newText).toContain('event ${1:Name}:');
  });

  test('types after a field name in an event declaration', async () => {
    const names = labels(await complete('event Reading:\n    sensor: <|>'));
    expect(names).toEqual(expect.arrayContaining(['int', 'float', 'str', 'bool', 'timestamp', 'duration', 'Reading']));
  });

  test('connector kinds after connector X =', async () => {
    const names = labels(await complete('connector C = <|>'));
    expect(names).toEqual(expect.arrayContaining(['mqtt', 'kafka', 'nats', 'http', 'database', 'redis']));
  });

  test('function parameters and globals inside a function body', async () => {
    const names = labels(await complete('const LIMIT = 3\nfn f(total: int) -> int:\n    total + <|>'));
    expect(names).toEqual(expect.arrayContaining(['total', 'LIMIT', 'f', 'abs']));
  });

  test('builtin variables after .forecast / in sequences', async () => {
    const names = labels(
      await complete(`${EVENTS}stream S = Reading as r\n    -> Alarm as a\n    .within(5m)\n    .emit(d: <|>)`),
    );
    expect(names).toContain('match_duration_ms');
    expect(names).toEqual(expect.arrayContaining(['r', 'a']));
  });

  test('completionItem/resolve adds documentation', async () => {
    const list = await complete(`${EVENTS}stream S = Reading\n    .<|>`);
    const provider = services.Vpl.lsp.CompletionProvider as unknown as {
      resolve: (item: unknown) => { documentation?: { value: string } };
    };
    const resolved = provider.resolve(list.items.find((item) => item.label === 'window')!);
    expect(resolved.documentation?.value).toContain('tumbling');
  });

  test('on the second line of a text that starts with an empty line (once an endless loop, found by fuzzing)', async () => {
    // A completion request here never returned: the server hung at 100% CPU.
    expect(Array.isArray((await complete('\n  (<|>')).items)).toBe(true);
    expect(Array.isArray((await complete('\n.<|>')).items)).toBe(true);
  });

  test('no completion inside comments and strings', async () => {
    expect(labels(await complete('# stream <|>'))).toEqual([]);
    expect(labels(await complete('let s = "abc<|>"'))).toEqual([]);
  });
});
