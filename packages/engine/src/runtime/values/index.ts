/**
 * The VPL value model: representation, equality and ordering, truthiness, keys, display and JSON forms,
 * and records. See docs/decisions/0002-value-representation.md.
 */

export { recordFromJs, valueFromJs, valueToJs } from './convert.js';
export { display, displayFields, displayFloat, displayNested } from './display.js';
export { compareStrings, equals, INCOMPARABLE, orderValues, truthiness, UNORDERED } from './equality.js';
export { fieldsJson, jsonFloat, renderJsonlLine, toJson } from './json.js';
export { type Key, keyOf, tupleKey } from './keys.js';
export { EventRecord, Shape } from './record.js';
export {
  addDurations,
  addTimestampDuration,
  compareTime,
  Duration,
  daysFromCivil,
  divideDuration,
  durationJson,
  formatDuration,
  formatIsoMs,
  MAX_TIMESTAMP_MS,
  multiplyDuration,
  type ParsedInstant,
  parseIsoTimestamp,
  subtractDurations,
  subtractTimestampDuration,
  subtractTimestamps,
  Timestamp,
} from './time.js';
export {
  FloatValue,
  INT64_MAX,
  INT64_MIN,
  isFloat,
  isInt,
  isMapLike,
  isNumber,
  kindOf,
  LambdaValue,
  MAX_SAFE,
  makeFloat,
  makeIntFromBigInt,
  makeIntFromNumber,
  numericEquals,
  parseIntText,
  toBigInt,
  toJsNumber,
  type Value,
  type ValueArray,
  type ValueKind,
  type ValueMap,
} from './value.js';
