import type { AstNode, ValidationAcceptor } from 'langium';
import {
  type AllowedLatenessOp,
  type Expr,
  isLiteral,
  isParenExpr,
  type PatternDecl,
  type SequenceStep,
  type TimerSource,
  type WatermarkOp,
  type WindowOp,
  type WithinOp,
} from '../generated/ast.js';
import {
  type ConstValue,
  describeConstant,
  describeNanos,
  evaluateConstant,
  type GlobalLookup,
  NANOS_PER_MILLI,
} from '../utils/constants.js';
import { durationLiteralToNanos } from '../utils/literals.js';
import type { VplServices } from '../vpl-module.js';
import { DiagnosticCode } from './codes.js';
import { globalLookup } from './lookup.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

type WindowKind = 'time' | 'count';

function isLiteralExpr(expr: Expr): boolean {
  let current: Expr = expr;
  while (isParenExpr(current)) current = current.inner as Expr;
  return isLiteral(current);
}

/**
 * VPL-O032 for a constant duration: at least 1 ms and a whole number of milliseconds (ruling R8). Returns true
 * when the value was acceptable.
 */
function durationMustBeWholeMillis(
  nanos: bigint,
  what: string,
  node: AstNode,
  accept: ValidationAcceptor,
  options: { allowZero?: boolean; property?: string } = {},
): boolean {
  const shown = describeNanos(nanos);
  let problem: string | undefined;
  if (nanos < 0n) problem = `it is negative (${shown})`;
  else if (nanos === 0n && !options.allowZero) problem = 'it is zero';
  else if (nanos > 0n && nanos < NANOS_PER_MILLI) problem = `${shown} is below 1 ms`;
  else if (nanos % NANOS_PER_MILLI !== 0n)
    problem = `${shown} is not a whole number of milliseconds (no rounding happens)`;
  if (!problem) return true;
  report(
    accept,
    DiagnosticCode.TimeBound,
    `${what} must be a duration of at least 1 ms in whole milliseconds, but ${problem}: write e.g. \`${nanos > 0n ? describeNanos(((nanos + NANOS_PER_MILLI - 1n) / NANOS_PER_MILLI) * NANOS_PER_MILLI) : '1ms'}\`.`,
    options.property ? { node, property: options.property as never } : { node },
  );
  return false;
}

/**
 * `.within(d)`, `.allowed_lateness(d)`, `out_of_order: d` and a sequence step's `.within(d)`: a constant duration
 * (VPL-O032; an integer is tolerated as milliseconds) — a non-duration literal is E061, which wins over VPL-O032.
 */
function latenessBoundMustBeDuration(
  expr: Expr | undefined,
  what: string,
  lookup: GlobalLookup,
  accept: ValidationAcceptor,
): void {
  if (!expr) return;
  const value = evaluateConstant(expr, lookup);
  if (value?.kind === 'template') return;
  if (value?.kind === 'duration') {
    durationMustBeWholeMillis(value.nanos, what, expr, accept);
    return;
  }
  if (value?.kind === 'int') {
    if (value.value <= 0n) {
      report(
        accept,
        DiagnosticCode.TimeBound,
        `${what} must be at least 1 ms, but it is ${value.value}: write a positive duration such as \`5m\`.`,
        { node: expr },
      );
    }
    return;
  }
  if (value !== undefined || isLiteralExpr(expr)) {
    report(
      accept,
      DiagnosticCode.NonDurationBound,
      `${what} takes a duration such as \`30s\` or \`5m\`, not ${value ? describeConstant(value) : 'this literal'}.`,
      { node: expr },
    );
    return;
  }
  report(
    accept,
    DiagnosticCode.TimeBound,
    `${what} must be a constant duration (a literal, or a \`const\`/\`let\` global): a \`var\`, a field or a call can change while the stream runs.`,
    { node: expr },
  );
}

function withinMustBeConstantDuration(lookup: GlobalLookup) {
  return (op: WithinOp, accept: ValidationAcceptor) =>
    latenessBoundMustBeDuration(op.duration, '`.within()`', lookup, accept);
}

function latenessMustBeConstantDuration(lookup: GlobalLookup) {
  return (op: AllowedLatenessOp, accept: ValidationAcceptor) =>
    latenessBoundMustBeDuration(op.duration, '`.allowed_lateness()`', lookup, accept);
}

function outOfOrderMustBeConstantDuration(lookup: GlobalLookup) {
  return (op: WatermarkOp, accept: ValidationAcceptor) => {
    for (const arg of op.args) {
      if (arg.name === 'out_of_order') latenessBoundMustBeDuration(arg.value, '`out_of_order:`', lookup, accept);
    }
  };
}

function stepWithinMustBeConstantDuration(lookup: GlobalLookup) {
  return (step: SequenceStep, accept: ValidationAcceptor) =>
    latenessBoundMustBeDuration(step.within, 'A step `.within()`', lookup, accept);
}

/** VPL-O032 for a pattern declaration's `within` (a duration literal, §9.3). */
function patternWithinMustBeWholeMillis(pattern: PatternDecl, accept: ValidationAcceptor): void {
  if (!pattern.within) return;
  const nanos = durationLiteralToNanos(pattern.within);
  if (nanos === undefined) return;
  durationMustBeWholeMillis(nanos, "The pattern's `within`", pattern, accept, { property: 'within' });
}

/** The kind of a window size: a duration makes a time window, an integer a count window. */
function windowKind(value: ConstValue | undefined): WindowKind | undefined {
  if (value?.kind === 'duration') return 'time';
  if (value?.kind === 'int' || value?.kind === 'template') return 'count';
  return undefined;
}

/**
 * `.window(...)` (§8.4.3): VPL-O034 count sizes and slides, VPL-O032 time sizes, slides and gaps, VPL-O035
 * repeated options and mixed kinds, VPL-O033 gaps between sliding windows, VPL-O031 `policy:`.
 */
function windowArgumentsMustBeValid(lookup: GlobalLookup) {
  return (op: WindowOp, accept: ValidationAcceptor): void => {
    let kind: WindowKind | undefined;
    let sizeNanos: bigint | undefined;
    if (op.session) {
      sessionGapMustBeDuration(op.gap, lookup, accept);
    } else if (op.size) {
      const size = evaluateConstant(op.size, lookup);
      kind = windowKind(size);
      if (size === undefined) {
        report(
          accept,
          DiagnosticCode.CountWindowSize,
          'The window size must be a constant: an integer count or a duration (a literal, or a `const`/`let` global), not a `var`, a field or a call.',
          { node: op.size },
        );
      } else if (size.kind === 'duration') {
        if (durationMustBeWholeMillis(size.nanos, 'A time window size', op.size, accept)) sizeNanos = size.nanos;
      } else if (size.kind === 'int') {
        if (size.value <= 0n) {
          report(
            accept,
            DiagnosticCode.CountWindowSize,
            `A count window size must be a positive integer, but it is ${size.value}.`,
            { node: op.size },
          );
        }
      } else if (size.kind !== 'template') {
        report(
          accept,
          DiagnosticCode.CountWindowSize,
          `The window size must be an integer count or a duration, not ${describeConstant(size)}.`,
          { node: op.size },
        );
      }
    }
    const seen = new Set<string>();
    for (const option of op.options) {
      if (option.name === 'session' || seen.has(option.name)) {
        report(
          accept,
          DiagnosticCode.WindowOptions,
          option.name === 'session'
            ? '`session:` must be the only argument of `.window(...)`: a session window has a gap and no size.'
            : `The window option '${option.name}' is given twice: keep one.`,
          { node: option, property: 'name' },
        );
        continue;
      }
      seen.add(option.name);
      if (option.name === 'policy') {
        report(
          accept,
          DiagnosticCode.WindowPolicy,
          '`policy:` has no defined semantics: it is kept but ignored. Remove it.',
          { node: option, property: 'name' },
        );
      } else if (option.name === 'sliding') {
        slideMustMatchSize(option.value, kind, sizeNanos, op.session, lookup, accept);
      }
    }
  };
}

function sessionGapMustBeDuration(gap: Expr | undefined, lookup: GlobalLookup, accept: ValidationAcceptor): void {
  if (!gap) return;
  const value = evaluateConstant(gap, lookup);
  if (value?.kind === 'template') return;
  if (value?.kind === 'duration') {
    durationMustBeWholeMillis(value.nanos, 'A session gap', gap, accept);
    return;
  }
  report(
    accept,
    DiagnosticCode.TimeBound,
    value === undefined
      ? 'A session gap must be a constant duration (a literal, or a `const`/`let` global): a `var`, a field or a call can change while the stream runs.'
      : `A session gap must be a duration such as \`2m\`, not ${describeConstant(value)}.`,
    { node: gap },
  );
}

function slideMustMatchSize(
  slideExpr: Expr,
  kind: WindowKind | undefined,
  sizeNanos: bigint | undefined,
  session: boolean,
  lookup: GlobalLookup,
  accept: ValidationAcceptor,
): void {
  if (session) {
    report(accept, DiagnosticCode.WindowOptions, 'A session window has no slide: remove `sliding:`.', {
      node: slideExpr,
    });
    return;
  }
  const slide = evaluateConstant(slideExpr, lookup);
  if (slide?.kind === 'template') return;
  if (slide === undefined) {
    if (kind === 'time') {
      report(
        accept,
        DiagnosticCode.TimeBound,
        'The slide of a time window must be a constant duration (a literal, or a `const`/`let` global), not a `var`, a field or a call.',
        { node: slideExpr },
      );
    } else if (kind === 'count') {
      report(
        accept,
        DiagnosticCode.CountWindowSize,
        'The slide of a count window must be a constant positive integer (a literal, or a `const`/`let` global), not a `var`, a field or a call.',
        { node: slideExpr },
      );
    }
    return;
  }
  const slideKind = windowKind(slide);
  if (kind && slideKind !== kind) {
    report(
      accept,
      DiagnosticCode.WindowOptions,
      kind === 'time'
        ? `The size is a duration, so the slide must be a duration too, not ${describeConstant(slide)}: write e.g. \`sliding: 1m\`.`
        : `The size is a count of events, so the slide must be a count too, not ${describeConstant(slide)}: write e.g. \`sliding: 10\`.`,
      { node: slideExpr },
    );
    return;
  }
  if (slide.kind === 'duration') {
    if (!durationMustBeWholeMillis(slide.nanos, 'A window slide', slideExpr, accept)) return;
    if (sizeNanos !== undefined && slide.nanos > sizeNanos) {
      report(
        accept,
        DiagnosticCode.SlideExceedsSize,
        `The slide (${describeNanos(slide.nanos)}) is longer than the window (${describeNanos(sizeNanos)}): events in the gaps between windows belong to no window. Use a slide no longer than the size.`,
        { node: slideExpr },
      );
    }
  } else if (slide.kind === 'int' && slide.value <= 0n) {
    report(
      accept,
      DiagnosticCode.CountWindowSize,
      `A count window slide must be a positive integer, but it is ${slide.value}.`,
      { node: slideExpr },
    );
  }
}

/** VPL-O030: `timer(interval, initial_delay: d)` with a constant duration interval (L37). */
function timerArgumentsMustBeConstant(lookup: GlobalLookup) {
  return (timer: TimerSource, accept: ValidationAcceptor): void => {
    const interval = evaluateConstant(timer.interval, lookup);
    if (interval?.kind === 'duration') {
      durationMustBeWholeMillis(interval.nanos, 'The timer interval', timer.interval, accept);
    } else if (interval?.kind !== 'template') {
      report(
        accept,
        DiagnosticCode.TimerArguments,
        interval === undefined
          ? 'The timer interval must be a constant duration (a literal, or a `const`/`let` global): a `var`, a field or a call is not allowed.'
          : `The timer interval must be a duration such as \`1s\`, not ${describeConstant(interval)}.`,
        { node: timer.interval },
      );
    }
    timer.args.forEach((arg, index) => {
      if (arg.name !== 'initial_delay' || index > 0) {
        report(
          accept,
          DiagnosticCode.TimerArguments,
          arg.name !== 'initial_delay'
            ? `Unknown timer argument '${arg.name}': the only one is \`initial_delay:\`.`
            : '`initial_delay:` is given twice: keep one.',
          { node: arg, property: 'name' },
        );
        return;
      }
      const delay = evaluateConstant(arg.value, lookup);
      if (delay?.kind === 'duration') {
        durationMustBeWholeMillis(delay.nanos, '`initial_delay:`', arg.value, accept, { allowZero: true });
      } else if (delay?.kind !== 'template') {
        report(accept, DiagnosticCode.TimerArguments, '`initial_delay:` must be a constant duration such as `5s`.', {
          node: arg.value,
        });
      }
    });
  };
}

/** Window and time-bound rules (language guide §8.2.8, §8.3, §8.4.3, §8.4.7, §8.4.20; ruling R8). */
export const windowChecks: VplCheckSet = (services: VplServices) => {
  const lookup = globalLookup(services);
  return {
    WindowOp: windowArgumentsMustBeValid(lookup),
    WithinOp: withinMustBeConstantDuration(lookup),
    AllowedLatenessOp: latenessMustBeConstantDuration(lookup),
    WatermarkOp: outOfOrderMustBeConstantDuration(lookup),
    SequenceStep: stepWithinMustBeConstantDuration(lookup),
    PatternDecl: patternWithinMustBeWholeMillis,
    TimerSource: timerArgumentsMustBeConstant(lookup),
  };
};
