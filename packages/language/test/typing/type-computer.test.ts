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

  test('names of an undeclared event are unknown', async () => {
    expect(await emittedType('stream S = Mystery\n    .emit(v: size + 1)\n', 'v')).toBe('unknown');
  });
});
