import { AstUtils } from 'langium';
import { describe, expect, test } from 'vitest';
import { ast, createVplServices, parseVpl, typeToString } from '../../src/index.js';

const services = createVplServices().Vpl;

/** The type of the expression emitted as field `name` by the last stream of the program. */
async function emittedType(program: string, name: string): Promise<string> {
  const { document } = await parseVpl(program, { services });
  const arg = AstUtils.streamAllContents(document.parseResult.value)
    .filter(ast.isNamedArg)
    .filter((a) => a.name === name)
    .toArray()
    .pop();
  if (!arg) throw new Error(`no emitted field ${name}`);
  return typeToString(services.typing.TypeComputer.typeOf(arg.value));
}

const EVENTS = `
event Trade:
    symbol: str
    price: float
    qty: int
    tags: [str]
    extra: {str: float}
    at: timestamp
    note: str?

const FEE = 0.25
let LIMIT: int = 10

fn notional(p: float, q: int) -> float:
    return p * q
`;

describe('type computer', () => {
  test.each([
    ['qty', 'int'],
    ['qty + 1', 'int'],
    ['qty / 2', 'int'],
    ['qty * price', 'float'],
    ['price + FEE', 'float'],
    ['qty + LIMIT', 'int'],
    ['symbol + "!"', 'str'],
    ['qty > 1 and price < 2.0', 'bool'],
    ['not (qty in [1, 2])', 'bool'],
    ['[qty, 2, 3]', '[int]'],
    ['tags[0]', 'str?'],
    ['tags[1:]', '[str]'],
    ['extra', '{str: float}'],
    ['note', 'str?'],
    ['at + 5m', 'timestamp'],
    ['at - at', 'duration'],
    ['len(tags)', 'int'],
    ['abs(qty)', 'int'],
    ['sqrt(price)', 'float'],
    ['notional(price, qty)', 'float'],
    ['if qty > 1 then 1 else 2.5', 'float'],
    ['0..qty', '[int]'],
    ['qty & 3', 'int'],
    ['{"a": 1}', '{str: int}'],
    // Builtins: type variables bound by the arguments, `number` narrowed by them, `any` from the arguments.
    ['tags.first()', 'str?'],
    ['first(tags)', 'str?'],
    ['[1, 2].sum()', 'int'],
    ['[1.5, 2.0].max()', 'float'],
    ['tags.filter(t => t == "a")', '[str]'],
    ['[[1], [2]].flatten()', '[int]'],
    ['sort(tags)', '[str]'],
    ['push(tags, "x")', '[str]'],
    ['keys(extra)', '[str]'],
    ['values(extra)', '[float]'],
    ['coalesce(note, "none")', 'str'],
    ['max(qty, 3)', 'int'],
    ['max(qty, price)', 'float'],
    ['clamp(price, 0, 1)', 'float'],
    ['sum(tags)', 'int | float'],
  ])('%s is %s', async (expression, expected) => {
    const program = `${EVENTS}\nstream S = Trade\n    .emit(v: ${expression})\n`;
    expect(await emittedType(program, 'v')).toBe(expected);
  });

  test('an alias is typed by its event and its fields by their declarations', async () => {
    const program = `${EVENTS}\nstream S = Trade as t\n    -> Trade where symbol == t.symbol as u\n    .within(1m)\n    .emit(a: t.price, b: u.qty, c: t)\n`;
    expect(await emittedType(program, 'a')).toBe('float');
    expect(await emittedType(program, 'b')).toBe('int');
    expect(await emittedType(program, 'c')).toBe('Trade');
  });

  test('inside .aggregate, calls are aggregate functions and their results follow the aggregated field', async () => {
    const program = `${EVENTS}\nstream S = Trade\n    .partition_by(symbol)\n    .window(1m)\n    .aggregate(n: count(), total: sum(qty), value: sum(price), mean: avg(price), sym: last(symbol), top: max(price))\n    .emit(a: n, b: total, c: value, d: mean, e: sym, f: top, g: n + 1)\n`;
    expect(await emittedType(program, 'a')).toBe('int');
    expect(await emittedType(program, 'b')).toBe('int');
    expect(await emittedType(program, 'c')).toBe('float');
    expect(await emittedType(program, 'd')).toBe('float');
    expect(await emittedType(program, 'e')).toBe('str');
    expect(await emittedType(program, 'f')).toBe('float');
    expect(await emittedType(program, 'g')).toBe('int');
  });

  test('a field computed by a stream keeps its type downstream, read by name or through an alias', async () => {
    const program = `${EVENTS}\nstream Counts = Trade\n    .window(1m)\n    .aggregate(n: count(), value: sum(price))\n    .emit(n: n, value: value)\nstream Big = Counts\n    .where(n > 1)\n    .emit(k: n, v: value * 2)\nstream Then = Counts as c\n    -> Trade as t\n    .within(1m)\n    .emit(p: c.n, q: c)\n`;
    expect(await emittedType(program, 'k')).toBe('int');
    expect(await emittedType(program, 'v')).toBe('float');
    expect(await emittedType(program, 'p')).toBe('int');
    expect(await emittedType(program, 'q')).toBe('Counts');
  });

  test('an alias reaches inherited fields; trend aggregates follow the field they aggregate', async () => {
    const program = `event Base:\n    id: str\nevent Tick extends Base:\n    price: float\n    qty: int\nstream P = Tick as a\n    -> Tick as b\n    .within(1m)\n    .emit(i: a.id)\nstream T = Tick as a\n    -> all Tick where price > a.price as up\n    .within(1m)\n    .trend_aggregate(paths: count_trends(), total: sum_trends(up.qty), mean: avg_trends(up.price), low: min_trends(up.price))\n    .emit(r: paths, s: total, u: mean, w: low)\n`;
    expect(await emittedType(program, 'i')).toBe('str');
    expect(await emittedType(program, 'r')).toBe('int');
    expect(await emittedType(program, 's')).toBe('int');
    expect(await emittedType(program, 'u')).toBe('float');
    expect(await emittedType(program, 'w')).toBe('float');
  });

  test('the type of an output item where it is defined, including a bare .select of a computed field', async () => {
    const program = `${EVENTS}\nstream S = Trade\n    .window(1m)\n    .aggregate(n: count(), value: avg(price))\n    .select(n, ratio: value / 2)\n`;
    const { document } = await parseVpl(program, { services });
    const items = AstUtils.streamAllContents(document.parseResult.value).filter(ast.isSelectItem).toArray();
    const types = items.map((item) => typeToString(services.typing.TypeComputer.typeOfOutputItem(item)));
    expect(types).toEqual(['int', 'float']);
  });

  test('names of an undeclared event are unknown', async () => {
    expect(await emittedType('stream S = Mystery\n    .emit(v: size + 1)\n', 'v')).toBe('unknown');
  });
});
