/** The language configurations' regular expressions: indentation after block headers, words, folding. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXTENSION_ROOT } from './support/textmate.js';

const config = JSON.parse(readFileSync(join(EXTENSION_ROOT, 'language-configuration.json'), 'utf8'));
const increase = new RegExp(config.indentationRules.increaseIndentPattern);
const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
const onEnterIndent = new RegExp(config.onEnterRules[0].beforeText);

describe('VPL language configuration', () => {
  test('comments are # and /* */', () => {
    expect(config.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
  });

  test.each([
    'event Reading:',
    'event Alarm extends Reading:   # with a comment',
    'fn band(celsius: float) -> str:',
    '    if celsius > 40.0:',
    '    elif x > 1 :',
    '    else:',
    'for x in items:',
    '    while running:',
    'config:',
  ])('indents after the block header %j', (line) => {
    expect(increase.test(line)).toBe(true);
    expect(onEnterIndent.test(line)).toBe(true);
  });

  test.each([
    'stream S = A.where(a: 1)',
    '    .emit(sensor: sensor,',
    'event_count: int',
    '    sensor: str',
    '# if x:',
    'stream Fast = Turbine.where(rpm > 1.0)   # if x:',
  ])('does not indent after %j', (line) => {
    expect(increase.test(line)).toBe(false);
    expect(onEnterIndent.test(line)).toBe(false);
  });

  test('elif and else dedent', () => {
    expect(decrease.test('    elif x > 1:')).toBe(true);
    expect(decrease.test('    else:')).toBe(true);
    expect(decrease.test('    else_value: int')).toBe(false);
  });

  test('words include durations and timestamps whole', () => {
    const word = new RegExp(config.wordPattern, 'g');
    expect('window(5m) @2025-03-09T06:30:00Z card_id 1.5e3'.match(word)).toEqual([
      'window',
      '5m',
      '@2025-03-09T06:30:00Z',
      'card_id',
      '1.5e3',
    ]);
  });

  test('folding follows indentation (off-side rule) with # region markers', () => {
    expect(config.folding.offSide).toBe(true);
    expect(new RegExp(config.folding.markers.start).test('# region inputs')).toBe(true);
  });
});
