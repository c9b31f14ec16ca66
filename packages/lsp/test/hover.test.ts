import { clearDocuments, expectHover } from 'langium/test';
import { afterEach, describe, test } from 'vitest';
import { createTestServices } from './helpers.js';

const services = createTestServices();
const hover = expectHover(services.Vpl);

afterEach(async () => {
  await clearDocuments(services.shared);
});

const PROGRAM = `event Reading:
    sensor: str
    celsius: float
event Alarm:
    sensor: str
const LIMIT = 40.0
connector Bus = mqtt(host: "h")
fn double(x: float) -> float:
    x * 2.0
stream Hot = Reading
    .where(cel<|>sius > LIM<|>IT)
    .win<|>dow(9<|>0s)
    .aggregate(n: cou<|>nt(), top: max(celsius))
    .emit(sen<|>sor_count: n, hottest: dou<|>ble(top))
stream Pairs = Re<|>ading as r
    -> Alarm where sensor == r.sen<|>sor as a
    .within(5m)
    .emit(s: <|>r.sensor, d: match_dur<|>ation_ms)
stream Out = H<|>ot
    .where(ab<|>s(hottest) > 1.0)
    .to(Bus, topic: "t")
`;

describe('hover', () => {
  test('a field: its type and event', async () => {
    await hover({ text: PROGRAM, index: 0, hover: /celsius: float[\s\S]*Field of event `Reading`/ });
  });

  test('a global constant', async () => {
    await hover({ text: PROGRAM, index: 1, hover: /const LIMIT: float = 40\.0/ });
  });

  test('an operation: its signature and docs', async () => {
    await hover({ text: PROGRAM, index: 2, hover: /\.window\(size, sliding: step\)[\s\S]*tumbling/ });
  });

  test('a duration literal, normalised', async () => {
    await hover({ text: PROGRAM, index: 3, hover: /90s: duration[\s\S]*= 1m 30s/ });
  });

  test('an aggregate function inside .aggregate', async () => {
    await hover({ text: PROGRAM, index: 4, hover: /count\(any\) -> int[\s\S]*aggregate function/ });
  });

  test('an emitted field: its inferred type', async () => {
    await hover({ text: PROGRAM, index: 5, hover: /sensor_count: int[\s\S]*Output field/ });
  });

  test('a user function call: its signature', async () => {
    await hover({ text: PROGRAM, index: 6, hover: /fn double\(x: float\) -> float/ });
  });

  test('an event type used as a source: its schema', async () => {
    await hover({ text: PROGRAM, index: 7, hover: /event Reading:\n {4}sensor: str\n {4}celsius: float/ });
  });

  test('alias.field', async () => {
    await hover({ text: PROGRAM, index: 8, hover: /r\.sensor: str[\s\S]*Field of `Reading`/ });
  });

  test('an alias', async () => {
    await hover({ text: PROGRAM, index: 9, hover: /r: Reading[\s\S]*Alias; fields: `sensor: str`, `celsius: float`/ });
  });

  test('a built-in variable', async () => {
    await hover({ text: PROGRAM, index: 10, hover: /match_duration_ms: int/ });
  });

  test('a stream used as a source: the shape of its output', async () => {
    await hover({
      text: PROGRAM,
      index: 11,
      hover: /stream Hot = Reading[\s\S]*Output: `sensor_count: int`, `hottest: float`/,
    });
  });

  test('a field computed upstream: the type its stream computes, from the language type computer', async () => {
    const text = `event Reading:
    sensor: str
    celsius: float
stream Stats = Reading
    .window(1m)
    .aggregate(n: count(), top: max(celsius), ids: count_distinct(sensor))
    .emit(n: n, top: top)
stream Busy = Stats
    .where(<|>n > 3 and t<|>op > 1.0)
    .emit(ra<|>tio: top / n, twice: <|>n * 2)
`;
    await hover({ text, index: 0, hover: /n: int[\s\S]*Field\./ });
    await hover({ text, index: 1, hover: /top: float/ });
    await hover({ text, index: 2, hover: /ratio: float[\s\S]*Output field/ });
    await hover({ text, index: 3, hover: /n: int/ });
  });

  test('a builtin function', async () => {
    await hover({ text: PROGRAM, index: 12, hover: /abs\(number\) -> number[\s\S]*absolute value/ });
  });

  test('keywords have docs', async () => {
    await hover({ text: 'stream S = A as a\n    -> B wh<|>ere x > 1', index: 0, hover: /\*\*where\*\*/ });
    await hover({ text: 'ev<|>ent A:\n    x: int', index: 0, hover: /Declares an event type/ });
    await hover({ text: 'event A:\n    x: in<|>t', index: 0, hover: /Signed 64-bit integers/ });
  });
});
