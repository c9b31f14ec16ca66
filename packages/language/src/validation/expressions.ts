import { type AstNode, AstUtils, CstUtils, isLeafCstNode, type ValidationAcceptor } from 'langium';
import {
  AGGREGATE_BUILTINS,
  type Builtin,
  describeArity,
  isImplemented,
  METHOD_BUILTINS,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  VARIABLE_BUILTINS,
} from '../builtins/builtins.js';
import {
  type AggregateItem,
  type AnyOp,
  type CallExpr,
  type ComparisonExpr,
  type ConfigDuration,
  type ConfigInt,
  type ContextParam,
  type DurationLiteral,
  type FnDecl,
  type IntLiteral,
  isAggregateItem,
  isCallExpr,
  isFieldDecl,
  isFnDecl,
  isLambda,
  isLambdaParam,
  isLoopVariable,
  isMemberAccess,
  isNameRef,
  isNullLiteral,
  isParam,
  isUnaryExpr,
  isVarDecl,
  type NameRef,
  type PatternDecl,
  type Program,
  type TimestampLiteral,
} from '../generated/ast.js';
import { evaluateConstant, isGlobalDeclaration } from '../utils/constants.js';
import { durationLiteralToNanos, intLiteralValue, timestampLiteralToNanos } from '../utils/literals.js';
import { decodeString } from '../utils/strings.js';
import type { VplServices } from '../vpl-module.js';
import { DiagnosticCode } from './codes.js';
import { globalLookup, globalNamed } from './lookup.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

const PRIMITIVE_TYPE_NAMES = ['int', 'float', 'bool', 'str', 'timestamp', 'duration'];
/** Aggregates whose single argument is the field (or expression) they aggregate (E071 without it). */
const FIELD_AGGREGATES = new Set(['sum', 'min', 'max', 'avg', 'stddev', 'first', 'last', 'count_distinct']);
/** Scalar functions that, called with one argument inside `.aggregate`, are the aggregate of the same name. */
const DUAL_NAMES = new Set(['min', 'max', 'sum', 'avg', 'first', 'last']);

// ---- Call classification ----

/** The aggregate item whose expression contains the node in aggregate position (not inside a lambda). */
function aggregateItemOf(node: AstNode): AggregateItem | undefined {
  for (let current = node.$container; current; current = current.$container) {
    if (isAggregateItem(current)) return current;
    if (isLambda(current)) return undefined;
  }
  return undefined;
}

/** The user function a call names: user functions take precedence over builtins at call sites [REF]. */
function userFunctionOf(services: VplServices, callee: NameRef): FnDecl | undefined {
  const target = callee.target?.ref;
  if (target && isFnDecl(target)) return target;
  const global = globalNamed(services, callee, callee.target?.$refText);
  return global && isFnDecl(global) ? global : undefined;
}

/** Whether the callee name denotes a value (a local, parameter or variable), which may hold a lambda. */
function isValueName(callee: NameRef): boolean {
  const target = callee.target?.ref;
  return (
    target !== undefined && (isVarDecl(target) || isParam(target) || isLambdaParam(target) || isLoopVariable(target))
  );
}

/**
 * Whether a call is an aggregate call (§12.2): in an aggregate item, not nested in another aggregate call, naming
 * an aggregate function (`min`/`max` with two or more arguments are the scalar functions).
 */
function isAggregateCall(services: VplServices, call: CallExpr): boolean {
  const callee = call.callee;
  if (!isNameRef(callee) || !aggregateItemOf(call)) return false;
  const name = callee.target?.$refText;
  const aggregate = AGGREGATE_BUILTINS.get(name);
  if (!aggregate || userFunctionOf(services, callee) || isValueName(callee)) return false;
  if ((name === 'min' || name === 'max') && call.args.length >= 2) return false;
  for (
    let current: AstNode | undefined = call.$container;
    current && !isAggregateItem(current);
    current = current.$container
  ) {
    if (isCallExpr(current) && isAggregateCall(services, current)) return false;
  }
  return true;
}

// ---- E050 / E051 / E070–E072 ----

function callsMustBeKnown(services: VplServices) {
  const lookup = globalLookup(services);
  return (call: CallExpr, accept: ValidationAcceptor): void => {
    const callee = call.callee;
    if (isMemberAccess(callee)) {
      methodMustBeKnown(call, callee.member, accept);
      return;
    }
    if (!isNameRef(callee)) return;
    const name = callee.target?.$refText;
    const fn = userFunctionOf(services, callee);
    if (fn) {
      userFunctionArgumentsMustMatch(call, callee, fn, accept);
      return;
    }
    if (isValueName(callee)) return; // a lambda value (calling it is left open, fixtures README 17)
    const nameAnchor = { node: callee, property: 'target' as const };
    if (isAggregateCall(services, call)) {
      aggregateCallMustBeValid(call, callee, name, lookup, accept);
      return;
    }
    const inAggregate = aggregateItemOf(call) !== undefined;
    const scalar = SCALAR_BUILTINS.get(name);
    if (isImplemented(scalar)) {
      if (inAggregate && DUAL_NAMES.has(name) && call.args.length === 0) {
        report(accept, DiagnosticCode.AggregateMissingArgument, missingFieldMessage(name), nameAnchor);
        return;
      }
      builtinArityMustMatch(call, scalar, nameAnchor, accept);
      return;
    }
    if (name === 'distinct' && isCountArgument(services, call)) return;
    const aggregate = AGGREGATE_BUILTINS.get(name);
    if (inAggregate && !isInsideAggregateCall(services, call)) {
      report(
        accept,
        DiagnosticCode.UnknownAggregate,
        aggregate && !isImplemented(aggregate)
          ? `'${name}' is a documented aggregate that is not implemented: the aggregates are count, sum, min, max, avg, stddev, first, last, count_distinct and ema.`
          : `Unknown aggregate '${name}': the aggregates are count, sum, min, max, avg, stddev, first, last, count_distinct and ema.`,
        nameAnchor,
      );
      return;
    }
    report(accept, DiagnosticCode.UnknownFunction, unknownFunctionMessage(name, scalar), nameAnchor);
  };
}

function unknownFunctionMessage(name: string, scalar: Builtin | undefined): string {
  if (name === 'distinct') {
    return '`distinct(...)` is only accepted as the argument of `count` inside `.aggregate(...)` (`count(distinct(x))`); use `count_distinct(x)` there, or the `.distinct(...)` operation.';
  }
  if (scalar && scalar.status === 'docs-only')
    return `'${name}' is named in the reference documentation but is not implemented. ${scalar.doc}`;
  if (AGGREGATE_BUILTINS.has(name)) {
    return `'${name}' is an aggregate function: it can only be called inside \`.aggregate(...)\`.`;
  }
  if (TREND_BUILTINS.has(name))
    return `'${name}' is a trend function: it can only be an item of \`.trend_aggregate(...)\`.`;
  return `Unknown function '${name}': it is neither a declared function (fn ${name}(...)) nor a builtin.`;
}

function missingFieldMessage(name: string): string {
  return `The aggregate \`${name}()\` needs the field (or expression) to aggregate: write e.g. \`${name}(value)\`.`;
}

/** Whether a call sits inside the arguments of an aggregate call (aggregates do not nest: it is a scalar call). */
function isInsideAggregateCall(services: VplServices, call: CallExpr): boolean {
  for (
    let current: AstNode | undefined = call.$container;
    current && !isAggregateItem(current);
    current = current.$container
  ) {
    if (isCallExpr(current) && isAggregateCall(services, current)) return true;
  }
  return false;
}

/** `distinct(x)` as the one argument of an aggregate `count(...)`. */
function isCountArgument(services: VplServices, call: CallExpr): boolean {
  const argument = call.$container;
  const count = argument?.$container;
  return (
    argument?.$type === 'Argument' &&
    count !== undefined &&
    isCallExpr(count) &&
    isNameRef(count.callee) &&
    count.callee.target?.$refText === 'count' &&
    count.args.length === 1 &&
    isAggregateCall(services, count)
  );
}

function aggregateCallMustBeValid(
  call: CallExpr,
  callee: NameRef,
  name: string,
  lookup: ReturnType<typeof globalLookup>,
  accept: ValidationAcceptor,
): void {
  const nameAnchor = { node: callee, property: 'target' as const };
  const aggregate = AGGREGATE_BUILTINS.get(name)!;
  if (!isImplemented(aggregate)) {
    report(
      accept,
      DiagnosticCode.UnknownAggregate,
      `'${name}' is a documented aggregate that is not implemented: the aggregates are count, sum, min, max, avg, stddev, first, last, count_distinct and ema.`,
      nameAnchor,
    );
    return;
  }
  if (name === 'ema') {
    if (call.args.length !== 2) {
      report(
        accept,
        DiagnosticCode.EmaArity,
        `\`ema\` takes two arguments, the field and a constant period: write e.g. \`ema(${call.args[0]?.$cstNode?.text ?? 'price'}, 12)\`.`,
        nameAnchor,
      );
      return;
    }
    const period = call.args[1]!.value;
    const value = evaluateConstant(period, lookup);
    if (value?.kind === 'template' || (value?.kind === 'int' && value.value > 0n)) return;
    report(
      accept,
      DiagnosticCode.EmaArity,
      'The `ema` period must be a positive integer constant (a literal, or a `const`/`let` global).',
      { node: call.args[1]! },
    );
    return;
  }
  if (FIELD_AGGREGATES.has(name) && call.args.length === 0) {
    report(accept, DiagnosticCode.AggregateMissingArgument, missingFieldMessage(name), nameAnchor);
    return;
  }
  if (call.args.length > aggregate.maxArgs) {
    report(
      accept,
      DiagnosticCode.WrongArguments,
      `The aggregate \`${name}\` takes ${describeArity(aggregate)}: remove the extra argument${call.args.length - aggregate.maxArgs > 1 ? 's' : ''}.`,
      { node: call.args[aggregate.maxArgs]! },
    );
  }
}

function builtinArityMustMatch(
  call: CallExpr,
  builtin: Builtin,
  nameAnchor: { node: AstNode; property: string },
  accept: ValidationAcceptor,
): void {
  const count = call.args.length;
  if (count > builtin.maxArgs) {
    report(
      accept,
      DiagnosticCode.WrongArguments,
      `\`${builtin.name}\` takes ${describeArity(builtin)}, but ${count} ${count === 1 ? 'is' : 'are'} given: remove the extra argument${count - builtin.maxArgs > 1 ? 's' : ''}.`,
      { node: call.args[builtin.maxArgs]! },
    );
  } else if (count < builtin.minArgs) {
    report(
      accept,
      DiagnosticCode.WrongArguments,
      `\`${builtin.name}\` takes ${describeArity(builtin)}, but ${count === 0 ? 'none is' : `${count} ${count === 1 ? 'is' : 'are'}`} given (${builtin.params.join(', ')}).`,
      nameAnchor as never,
    );
  }
}

function methodMustBeKnown(call: CallExpr, member: string, accept: ValidationAcceptor): void {
  const callee = call.callee;
  const method = METHOD_BUILTINS.get(member);
  const anchor = { node: callee, property: 'member' as const };
  if (!method) {
    report(
      accept,
      DiagnosticCode.UnknownFunction,
      `Unknown method '${member}': the collection methods are ${[...METHOD_BUILTINS.keys()].map((m) => `.${m}()`).join(', ')}.`,
      anchor as never,
    );
    return;
  }
  builtinArityMustMatch(call, method, anchor, accept);
}

/** E051 for user functions: arguments bind by name (L25), positional ones first. */
function userFunctionArgumentsMustMatch(call: CallExpr, callee: NameRef, fn: FnDecl, accept: ValidationAcceptor): void {
  const params = fn.params.map((param) => param.name);
  const bound = new Set<string>();
  let positional = 0;
  let named = false;
  let problem = false;
  for (const arg of call.args) {
    if (arg.name !== undefined) {
      named = true;
      if (!params.includes(arg.name)) {
        problem = true;
        report(
          accept,
          DiagnosticCode.WrongArguments,
          `'${fn.name}' has no parameter '${arg.name}': its parameters are ${params.length ? params.join(', ') : '(none)'}.`,
          { node: arg, property: 'name' },
        );
      } else if (bound.has(arg.name)) {
        problem = true;
        report(accept, DiagnosticCode.WrongArguments, `The parameter '${arg.name}' of '${fn.name}' is given twice.`, {
          node: arg,
          property: 'name',
        });
      } else {
        bound.add(arg.name);
      }
      continue;
    }
    if (named) {
      problem = true;
      report(
        accept,
        DiagnosticCode.WrongArguments,
        `A positional argument cannot follow a named one in the call of '${fn.name}': name it (\`${params[positional] ?? 'param'}: ...\`) or move it before the named arguments.`,
        { node: arg },
      );
      continue;
    }
    if (positional >= params.length) {
      report(
        accept,
        DiagnosticCode.WrongArguments,
        `'${fn.name}' takes ${params.length} argument${params.length === 1 ? '' : 's'} (${params.join(', ')}), but ${call.args.length} are given: remove the extra ones.`,
        { node: arg },
      );
      return;
    }
    bound.add(params[positional++]!);
  }
  const missing = params.filter((param) => !bound.has(param));
  if (!problem && missing.length > 0) {
    report(
      accept,
      DiagnosticCode.WrongArguments,
      `The call of '${fn.name}' lacks ${missing.length === 1 ? 'the argument' : 'the arguments'} ${missing.map((m) => `'${m}'`).join(', ')}: every parameter needs a value (there are no defaults).`,
      { node: callee, property: 'target' },
    );
  }
}

// ---- E073 ----

/** E073: in an aggregate item every field reference is inside an aggregate call (globals may appear outside). */
function aggregateItemFieldsMustBeAggregated(services: VplServices) {
  return (item: AggregateItem, accept: ValidationAcceptor): void => {
    const visit = (node: AstNode): void => {
      if (isCallExpr(node)) {
        if (isAggregateCall(services, node)) return;
        if (!isNameRef(node.callee)) visit(node.callee);
        for (const arg of node.args) visit(arg);
        return;
      }
      if (isLambda(node)) return;
      if (isMemberAccess(node)) {
        if (isNameRef(node.receiver) && !isGlobalName(services, node.receiver)) {
          fieldOutsideAggregate(node, node.receiver.target?.$refText, accept);
          return;
        }
        visit(node.receiver);
        return;
      }
      if (isNameRef(node)) {
        if (!isGlobalName(services, node)) fieldOutsideAggregate(node, node.target?.$refText, accept);
        return;
      }
      for (const child of AstUtils.streamContents(node)) visit(child);
    };
    if (item.value) visit(item.value);
  };
}

function isGlobalName(services: VplServices, nameRef: NameRef): boolean {
  const target = nameRef.target?.ref;
  if (target && (isLambdaParam(target) || isFnDecl(target))) return true;
  if (target && isVarDecl(target))
    return isGlobalDeclaration(target) || AstUtils.getContainerOfType(target, isLambda) !== undefined;
  if (target && isFieldDecl(target)) return false;
  if (target) return false;
  return globalNamed(services, nameRef, nameRef.target?.$refText) !== undefined;
}

function fieldOutsideAggregate(node: AstNode, name: string, accept: ValidationAcceptor): void {
  report(
    accept,
    DiagnosticCode.FieldOutsideAggregate,
    `'${name}' is read outside an aggregate call: an aggregate item combines many events, so wrap it, e.g. \`last(${name})\` to carry the latest value (the partition key is carried automatically).`,
    { node },
  );
}

// ---- Operators and names ----

/** VPL-E020: `x is null`, `x is not null` and `x is T` with a primitive type name only (L26). */
function isOperandMustBeTypeOrNull(comparison: ComparisonExpr, accept: ValidationAcceptor): void {
  if (comparison.operator !== 'is') return;
  const right = comparison.right as AstNode;
  if (isNullLiteral(right)) return;
  if (isNameRef(right) && PRIMITIVE_TYPE_NAMES.includes(right.target?.$refText)) return;
  report(
    accept,
    DiagnosticCode.UnsupportedIsOperand,
    `\`is\` tests for null or for a primitive type: write \`x is null\`, \`x is not null\` or \`x is T\` with T one of ${PRIMITIVE_TYPE_NAMES.join(', ')}${right.$cstNode ? `, not \`${right.$cstNode.text}\`` : ''}.`,
    { node: right },
  );
}

/** VPL-B010: `forecast_expected_time` is the deprecated name of `forecast_time` (L20). */
function builtinVariableShouldBeCurrent(nameRef: NameRef, accept: ValidationAcceptor): void {
  const name = nameRef.target?.$refText;
  const variable = VARIABLE_BUILTINS.get(name);
  if (!variable?.replacedBy) return;
  const target = nameRef.target?.ref;
  if (
    target &&
    (isVarDecl(target) || isParam(target) || isLambdaParam(target) || isLoopVariable(target) || isFieldDecl(target))
  )
    return;
  report(
    accept,
    DiagnosticCode.DeprecatedBuiltinVariable,
    `'${name}' is deprecated (the engine never set it): use '${variable.replacedBy}'.`,
    { node: nameRef, property: 'target', data: { replacement: variable.replacedBy } },
  );
}

// ---- Literals ----

/** VPL-L003: an unknown escape in a string is kept verbatim (both characters, §3.9). */
function stringEscapesShouldBeKnown(program: Program, accept: ValidationAcceptor): void {
  const root = program.$cstNode;
  // No backslash anywhere means no escape to check: skip the walk over every token.
  if (!root?.root.fullText.includes('\\')) return;
  for (const leaf of CstUtils.streamCst(root)) {
    if (!isLeafCstNode(leaf) || leaf.tokenType.name !== 'STRING') continue;
    const { unknownEscapes } = decodeString(leaf.text);
    for (const offset of unknownEscapes) {
      const start = leaf.offset + offset;
      const document = AstUtils.getDocument(program).textDocument;
      const sequence = leaf.text.slice(offset, offset + 2);
      report(
        accept,
        DiagnosticCode.UnknownEscape,
        `Unknown escape '${sequence}' is kept as the two characters: the escapes are \\\\ \\" \\n \\t \\r \\0 (write '\\\\' for a backslash).`,
        { node: program, range: { start: document.positionAt(start), end: document.positionAt(start + 2) } },
      );
    }
  }
}

const I64_MIN_MAGNITUDE = 1n << 63n;

/** VPL-P001: an integer literal must fit a signed 64-bit integer (§3.6). */
function intLiteralMustFit(literal: IntLiteral, accept: ValidationAcceptor): void {
  // A malformed number (`5min`, `1e5`) reaches the tree as an integer token; the lexer has reported it.
  if (!/^[0-9]+$/.test(literal.value) || intLiteralValue(literal.value) !== undefined) return;
  const container = literal.$container as AstNode;
  if (
    isUnaryExpr(container) &&
    container.operator === '-' &&
    /^[0-9]+$/.test(literal.value) &&
    BigInt(literal.value) === I64_MIN_MAGNITUDE
  )
    return;
  report(
    accept,
    DiagnosticCode.SyntaxError,
    `The integer ${literal.value} is out of range: integers are signed 64-bit (at most 9223372036854775807).`,
    { node: literal },
  );
}

function integerTextMustFit(
  text: string,
  node: AstNode,
  property: string | undefined,
  accept: ValidationAcceptor,
  index?: number,
): void {
  if (!/^[0-9]+$/.test(text) || intLiteralValue(text) !== undefined) return;
  report(
    accept,
    DiagnosticCode.SyntaxError,
    `The integer ${text} is out of range: integers are signed 64-bit (at most 9223372036854775807).`,
    property ? { node, property: property as never, ...(index !== undefined ? { index } : {}) } : { node },
  );
}

/** VPL-P001: a duration literal must fit an unsigned 64-bit count of nanoseconds (§3.7). */
function durationTextMustFit(
  text: string,
  node: AstNode,
  property: string | undefined,
  accept: ValidationAcceptor,
): void {
  if (!/^[0-9]+[a-z]+$/.test(text) || durationLiteralToNanos(text) !== undefined) return;
  report(
    accept,
    DiagnosticCode.SyntaxError,
    `The duration ${text} is out of range: a duration is at most 2^64 - 1 nanoseconds (about 584 years).`,
    property ? { node, property: property as never } : { node },
  );
}

/** VPL-P001: timestamp fields must be in range, and the offset is applied in full (§3.8, L22). */
function timestampLiteralMustBeValid(literal: TimestampLiteral, accept: ValidationAcceptor): void {
  const value = timestampLiteralToNanos(literal.value);
  if (typeof value === 'bigint') return;
  report(accept, DiagnosticCode.SyntaxError, `Invalid timestamp ${literal.value}: ${value.error}.`, { node: literal });
}

/** Expression rules: calls (E050, E051, E070–E073), `is` (VPL-E020), builtin variables (VPL-B010), literals. */
export const expressionChecks: VplCheckSet = (services: VplServices) => ({
  CallExpr: callsMustBeKnown(services),
  AggregateItem: aggregateItemFieldsMustBeAggregated(services),
  ComparisonExpr: isOperandMustBeTypeOrNull,
  NameRef: builtinVariableShouldBeCurrent,
  Program: stringEscapesShouldBeKnown,
  IntLiteral: intLiteralMustFit,
  DurationLiteral: (literal: DurationLiteral, accept) => durationTextMustFit(literal.value, literal, undefined, accept),
  TimestampLiteral: timestampLiteralMustBeValid,
  ConfigInt: (value: ConfigInt, accept) => integerTextMustFit(value.value, value, undefined, accept),
  ConfigDuration: (value: ConfigDuration, accept) => durationTextMustFit(value.value, value, undefined, accept),
  ContextParam: (param: ContextParam, accept) => {
    param.cores.forEach((core, index) => {
      integerTextMustFit(core, param, 'cores', accept, index);
    });
  },
  AnyOp: (op: AnyOp, accept) => {
    if (op.count !== undefined) integerTextMustFit(op.count, op, 'count', accept);
  },
  PatternDecl: (pattern: PatternDecl, accept) => {
    if (pattern.within) durationTextMustFit(pattern.within, pattern, 'within', accept);
  },
});
