/** Literal nodes of the syntax tree as plan literal values. */

import { type ast, durationLiteralToNanos, intLiteralValue, timestampLiteralToNanos } from '@varpulis/language';
import type { LiteralValue } from '../plan/expression.js';

/** The plan value of a literal node (`null` for an invalid literal, which the validator reports). */
export function literalPlan(node: ast.Literal): LiteralValue | null {
  switch (node.$type) {
    case 'IntLiteral': {
      const v = intLiteralValue(node.value);
      return v === undefined ? null : { type: 'int', value: v.toString() };
    }
    case 'FloatLiteral':
      return { type: 'float', value: node.value };
    case 'StringLiteral':
      return { type: 'str', value: node.value };
    case 'BoolLiteral':
      return { type: 'bool', value: node.value };
    case 'NullLiteral':
      return { type: 'null' };
    case 'DurationLiteral': {
      const ns = durationLiteralToNanos(node.value);
      return ns === undefined ? null : { type: 'duration', ns: ns.toString() };
    }
    case 'TimestampLiteral': {
      const ns = timestampLiteralToNanos(node.value);
      return typeof ns === 'bigint' ? { type: 'timestamp', ns: ns.toString() } : null;
    }
  }
}
