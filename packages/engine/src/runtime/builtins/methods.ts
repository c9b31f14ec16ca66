/**
 * Array methods (semantics §7.7 "Array methods", S31): `a.len()`, `a.filter(f)`, … on every array value.
 */

import { tick } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { Lambda } from '../expressions/lambda.js';
import { typeName } from '../expressions/operators.js';
import { truthiness } from '../values/equality.js';
import type { Value } from '../values/value.js';
import { flattenOnce } from './collections.js';
import type { MethodImpl } from './helpers.js';
import { arrayExtreme, avgOf, sumOf } from './math.js';

function lambdaArg(f: Value): Lambda | null {
  return f instanceof Lambda ? f : null;
}

export const arrayMethods: Record<string, MethodImpl> = {
  len: (_ctx, _span, a) => a.length,
  count: (_ctx, _span, a) => a.length,
  first: (_ctx, _span, a) => (a.length > 0 ? a[0]! : null),
  last: (_ctx, _span, a) => (a.length > 0 ? a[a.length - 1]! : null),
  sum: (ctx, span, a) => sumOf(ctx, span, a),
  avg: (_ctx, _span, a) => avgOf(a),
  min: (_ctx, _span, a) => arrayExtreme(a, false),
  max: (_ctx, _span, a) => arrayExtreme(a, true),
  filter: (ctx, span, a, f) => {
    const fn = lambdaArg(f);
    if (fn === null) {
      return ctx.fail(RuntimeCodes.typeError, `The argument of '.filter' must be a lambda, not ${typeName(f)}.`, span);
    }
    const out: Value[] = [];
    for (let i = 0; i < a.length; i++) {
      const e = a[i]!;
      const t = truthiness(fn.call1(ctx, e, span));
      if (t === 1) out.push(e);
      else if (t === -1) {
        ctx.fail(RuntimeCodes.typeError, "The lambda of '.filter' must return a bool (or null).", span);
      }
    }
    return out;
  },
  map: (ctx, span, a, f) => {
    const fn = lambdaArg(f);
    if (fn === null) {
      return ctx.fail(RuntimeCodes.typeError, `The argument of '.map' must be a lambda, not ${typeName(f)}.`, span);
    }
    const out: Value[] = new Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = fn.call1(ctx, a[i]!, span);
    return out;
  },
  flatten: (_ctx, _span, a) => flattenOnce(a),
  sliding_pairs: (ctx, span, a) => {
    const n = Math.max(0, a.length - 1);
    tick(ctx, n, span);
    const out: Value[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = [a[i]!, a[i + 1]!];
    return out;
  },
};
