import { type AstNode, AstUtils } from 'langium';
import {
  AGGREGATE_BUILTINS,
  type Builtin,
  METHOD_BUILTINS,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  VARIABLE_BUILTINS,
} from '../builtins/builtins.js';
import {
  type AggregateItem,
  type EventDecl,
  type Expr,
  type Expression,
  isAggregateOp,
  isAlias,
  isArrayLiteral,
  isArrayType,
  isBinaryExpr,
  isBoolLiteral,
  isCallExpr,
  isComparisonExpr,
  isDurationLiteral,
  isEmitOp,
  isEventDecl,
  isEventSource,
  isFieldDecl,
  isFloatLiteral,
  isFnDecl,
  isForStmt,
  isIfExpr,
  isIndexExpr,
  isIntLiteral,
  isLambda,
  isLogicalExpr,
  isLoopVariable,
  isMapLiteral,
  isMapType,
  isMemberAccess,
  isNamedType,
  isNameRef,
  isNotExpr,
  isNullLiteral,
  isParam,
  isParenExpr,
  isPrimitiveType,
  isRangeExpr,
  isSelectOp,
  isStreamDecl,
  isStreamType,
  isStringLiteral,
  isTemplateAtom,
  isTimestampLiteral,
  isTrendAggregateOp,
  isTrendItem,
  isTupleType,
  isTypeDecl,
  isUnaryExpr,
  isVarDecl,
  type MemberAccess,
  type NamedArg,
  type NameRef,
  type SelectItem,
  type StreamDecl,
  type TrendItem,
  type TypeRef,
} from '../generated/ast.js';
import type { VplNameResolver } from '../scoping/name-resolver.js';
import type { RecordShape } from '../scoping/record-shape.js';
import type { VplServices } from '../vpl-module.js';
import { builtinResult } from './builtin-result.js';
import { commonType, isNumeric, parseTypeNotation, Types, type VplType } from './model.js';

/** How deep an expression is followed before its type is given up as unknown (operands, names, computed fields). */
const MAX_DEPTH = 50;

/**
 * Computes the static type of expressions (for hovers, inlay hints, explanations and type-aware checks): literals,
 * names resolved like the engine does (locals, aliases, globals, fields of the known record shape, fields computed
 * by an earlier `.select`/`.aggregate`/`.emit` of the same stream), member access on events and maps, calls of
 * builtins (aggregate functions inside `.aggregate`) and user functions, and the operators of §11 with the
 * int/float rules (int op int is int, a float operand makes a float). `unknown` wherever the type cannot be known
 * statically. The editor (LSP) and the MCP server show these types; they compute none themselves.
 */
export class VplTypeComputer {
  private readonly names: VplNameResolver;

  constructor(services: VplServices) {
    this.names = services.scoping.NameResolver;
  }

  /** The type a type annotation denotes. */
  typeOfTypeRef(ref: TypeRef | undefined, seen: Set<AstNode> = new Set()): VplType {
    if (!ref) return Types.unknown;
    const base = ref.base;
    let type: VplType = Types.unknown;
    if (isPrimitiveType(base)) type = Types[base.name];
    else if (isArrayType(base)) type = Types.array(this.typeOfTypeRef(base.element, seen));
    else if (isMapType(base))
      type = Types.map(this.typeOfTypeRef(base.key, seen), this.typeOfTypeRef(base.value, seen));
    else if (isTupleType(base))
      type = { kind: 'tuple', elements: base.elements.map((e) => this.typeOfTypeRef(e, seen)) };
    else if (isStreamType(base)) type = { kind: 'stream', element: this.typeOfTypeRef(base.element, seen) };
    else if (isNamedType(base)) {
      const target = base.ref.ref;
      if (isEventDecl(target)) type = eventType(target);
      else if (isTypeDecl(target) && !seen.has(target)) {
        seen.add(target);
        type = this.typeOfTypeRef(target.type, seen);
      }
    }
    return ref.optional ? Types.optional(type) : type;
  }

  /** The record type of a known record shape (fields with their declared types). */
  typeOfShape(shape: RecordShape): VplType {
    if (!shape.known) return Types.unknown;
    return {
      kind: 'record',
      fields: new Map([...shape.fields].map(([name, field]) => [name, this.typeOfTypeRef(field.type)])),
    };
  }

  typeOf(expr: Expr | undefined, depth = 0): VplType {
    if (!expr || depth > MAX_DEPTH) return Types.unknown;
    if (isIntLiteral(expr)) return Types.int;
    if (isFloatLiteral(expr)) return Types.float;
    if (isStringLiteral(expr)) return Types.str;
    if (isBoolLiteral(expr)) return Types.bool;
    if (isNullLiteral(expr)) return Types.null;
    if (isDurationLiteral(expr)) return Types.duration;
    if (isTimestampLiteral(expr)) return Types.timestamp;
    if (isTemplateAtom(expr)) return Types.int;
    if (isParenExpr(expr)) return this.typeOf(expr.inner as Expression, depth + 1);
    if (isNameRef(expr)) return this.typeOfName(expr, depth);
    if (isMemberAccess(expr)) return this.typeOfMember(expr, depth);
    if (isIndexExpr(expr)) {
      const receiver = strip(this.typeOf(expr.receiver, depth + 1));
      if (expr.slice) return receiver.kind === 'array' || receiver.kind === 'str' ? receiver : Types.unknown;
      if (receiver.kind === 'array') return Types.optional(receiver.element);
      if (receiver.kind === 'map') return Types.optional(receiver.value);
      if (receiver.kind === 'str') return Types.str;
      return Types.unknown;
    }
    if (isCallExpr(expr)) return this.callType(expr, depth);
    if (isUnaryExpr(expr)) {
      const operand = this.typeOf(expr.operand, depth + 1);
      if (expr.operator === '~') return Types.int;
      return isNumeric(strip(operand)) || strip(operand).kind === 'duration' ? strip(operand) : Types.unknown;
    }
    if (isNotExpr(expr) || isLogicalExpr(expr) || isComparisonExpr(expr)) return Types.bool;
    if (isRangeExpr(expr)) return Types.array(Types.int);
    if (isBinaryExpr(expr))
      return this.binaryType(expr.operator, this.typeOf(expr.left, depth + 1), this.typeOf(expr.right, depth + 1));
    if (isIfExpr(expr)) return commonType([this.typeOf(expr.then, depth + 1), this.typeOf(expr.else, depth + 1)]);
    if (isArrayLiteral(expr))
      return Types.array(commonType(expr.elements.map((e) => this.typeOf(e as Expression, depth + 1))));
    if (isMapLiteral(expr))
      return Types.map(Types.str, commonType(expr.entries.map((e) => this.typeOf(e.value as Expression, depth + 1))));
    if (isLambda(expr)) return Types.function;
    return Types.unknown;
  }

  /**
   * The type of the field `name` as the shaping operations of a stream compute it (`.select(x: …)`,
   * `.aggregate(n: count())`, `.emit(x: …)`, `.trend_aggregate(t: count_trends())`): the last one before `before`
   * (an index into `stream.ops`; by default the stream's output) that names the field, else the stream it reads
   * (`stream B = A.where(…)` passes A's fields on). A bare `.select(x)` passes the field through; a field no
   * operation computes is unknown here (its declared type is in the record shape).
   */
  typeOfComputedField(stream: StreamDecl, name: string, before = stream.ops.length, depth = 0): VplType {
    const type = this.computedField(stream.ops, name, before, depth);
    return type.kind === 'unknown' ? this.upstreamField(stream, name, depth) : type;
  }

  /** A field a stream passes on from the stream it reads (`stream B = A.where(…)`): as A computes it. */
  private upstreamField(stream: StreamDecl, name: string, depth: number): VplType {
    const target = isEventSource(stream.source) ? stream.source.target?.ref : undefined;
    if (!isStreamDecl(target) || target === stream || depth > MAX_DEPTH) return Types.unknown;
    return this.typeOfComputedField(target, name, target.ops.length, depth + 1);
  }

  private computedField(ops: readonly AstNode[], name: string, before: number, depth: number): VplType {
    if (depth > MAX_DEPTH) return Types.unknown;
    for (let i = Math.min(before, ops.length) - 1; i >= 0; i--) {
      const op = ops[i]!;
      if (isTrendAggregateOp(op)) {
        const item = op.items.find((it) => it.name === name);
        if (item) return this.trendItemType(item, depth);
        continue;
      }
      const items: readonly { name: string; value?: Expr }[] =
        isSelectOp(op) || isAggregateOp(op) ? op.items : isEmitOp(op) ? op.args : [];
      const item = items.find((it) => it.name === name);
      if (item?.value) return this.typeOf(item.value, depth + 1);
    }
    return Types.unknown;
  }

  /**
   * The type of an output field where it is defined: `n: count()` in `.aggregate`, `x: …` in `.select`/`.emit`,
   * `t: count_trends()` in `.trend_aggregate`; a bare `.select(x)` has the type an earlier operation computed for x.
   */
  typeOfOutputItem(item: SelectItem | AggregateItem | NamedArg | TrendItem): VplType {
    if (isTrendItem(item)) return this.trendItemType(item, 0);
    if (item.value) return this.typeOf(item.value);
    return this.computedBefore(item, item.name, 0);
  }

  /**
   * The type of field `name` computed by the operations before the one `node` is in (searching the operations of
   * its fork path, then of its stream); unknown when none computes it.
   */
  private computedBefore(node: AstNode, name: string, depth: number): VplType {
    let child: AstNode = node;
    while (child.$container) {
      const owner = child.$container;
      const ops = (owner as { ops?: readonly AstNode[] }).ops;
      const index = Array.isArray(ops) ? ops.indexOf(child) : -1;
      if (index >= 0) {
        const type = this.computedField(ops!, name, index, depth + 1);
        if (type.kind !== 'unknown') return type;
      }
      if (isStreamDecl(owner)) return this.upstreamField(owner, name, depth + 1);
      child = owner;
    }
    return Types.unknown;
  }

  private trendItemType(item: TrendItem, depth: number): VplType {
    const builtin = TREND_BUILTINS.get(item.function);
    if (!builtin) return Types.unknown;
    return builtinResult(builtin, item.argument ? [this.typeOf(item.argument, depth + 1)] : []);
  }

  private typeOfName(expr: NameRef, depth: number): VplType {
    const resolution = this.names.resolve(expr);
    switch (resolution.kind) {
      case 'local':
      case 'global':
        return this.typeOfDeclaration(resolution.node, depth);
      case 'alias': {
        const node = resolution.binding.node;
        if (isEventDecl(node)) return eventType(node);
        // A stream's output: known by the stream's name; its fields come from the shape and the stream.
        const stream = aliasedStream(node);
        if (stream) return { kind: 'event', name: stream.name };
        // An alias names the event of its step: `T as a` (its container has the target) or a sequence step.
        const owner = (isAlias(node) ? node.$container : node) as {
          target?: { ref?: AstNode; $refText?: string };
        };
        const target = owner.target?.ref;
        if (isEventDecl(target)) return eventType(target);
        // An undeclared event type: known by its name only.
        if (owner.target?.$refText) return { kind: 'event', name: owner.target.$refText };
        return this.typeOfShape(resolution.binding.shape);
      }
      case 'field':
        return resolution.field.type
          ? this.typeOfTypeRef(resolution.field.type)
          : this.computedBefore(expr, resolution.field.name, depth);
      case 'builtin-variable':
        return parseTypeNotation(VARIABLE_BUILTINS.get(resolution.name)?.result ?? 'unknown');
      default:
        return Types.unknown;
    }
  }

  private typeOfDeclaration(node: AstNode, depth: number): VplType {
    if (isVarDecl(node))
      return node.type ? this.typeOfTypeRef(node.type) : this.typeOf(node.value as Expression, depth + 1);
    if (isParam(node)) return this.typeOfTypeRef(node.type);
    if (isFieldDecl(node)) return this.typeOfTypeRef(node.type);
    if (isFnDecl(node)) return Types.function;
    if (isLoopVariable(node) && isForStmt(node.$container)) {
      const iterable = strip(this.typeOf(node.$container.iterable as Expression, depth + 1));
      if (iterable.kind === 'array') return iterable.element;
      if (iterable.kind === 'int') return Types.int;
      if (iterable.kind === 'map') return Types.array(Types.unknown);
    }
    return Types.unknown;
  }

  private typeOfMember(expr: MemberAccess, depth: number): VplType {
    // A field of an alias: its record shape knows inherited fields and the fields of streams' outputs.
    if (isNameRef(expr.receiver)) {
      const resolution = this.names.resolve(expr.receiver);
      if (resolution.kind === 'alias') {
        const field = resolution.binding.shape.fields.get(expr.member);
        if (field?.type) return this.typeOfTypeRef(field.type);
        const stream = aliasedStream(resolution.binding.node);
        if (field && stream) return this.typeOfComputedField(stream, expr.member, stream.ops.length, depth + 1);
      }
    }
    const base = strip(this.typeOf(expr.receiver, depth + 1));
    if (base.kind === 'event' && base.declaration) {
      const field = base.declaration.fields.find((f) => f.name === expr.member);
      return field ? this.typeOfTypeRef(field.type) : Types.unknown;
    }
    if (base.kind === 'record') return base.fields.get(expr.member) ?? Types.unknown;
    if (base.kind === 'map') return Types.optional(base.value);
    return Types.unknown;
  }

  private callType(expr: Expression & { $type: 'CallExpr' }, depth: number): VplType {
    const callee = expr.callee;
    const args = () => expr.args.map((a) => this.typeOf(a.value as Expression, depth + 1));
    if (isNameRef(callee)) {
      const target = callee.target?.ref;
      if (isFnDecl(target)) return target.returnType ? this.typeOfTypeRef(target.returnType) : Types.unknown;
      const builtin = calledBuiltin(expr, callee.target?.$refText ?? '');
      return builtin ? builtinResult(builtin, args()) : Types.unknown;
    }
    if (isMemberAccess(callee)) {
      const method = METHOD_BUILTINS.get(callee.member);
      if (!method) return Types.unknown;
      return builtinResult(method, [this.typeOf(callee.receiver, depth + 1), ...args()]);
    }
    return Types.unknown;
  }

  private binaryType(operator: string, leftType: VplType, rightType: VplType): VplType {
    const left = strip(leftType);
    const right = strip(rightType);
    if (['|', '^', '&', '<<', '>>'].includes(operator)) return Types.int;
    if (operator === '+' && left.kind === 'str' && right.kind === 'str') return Types.str;
    if (left.kind === 'timestamp' && right.kind === 'duration' && (operator === '+' || operator === '-'))
      return Types.timestamp;
    if (left.kind === 'timestamp' && right.kind === 'timestamp' && operator === '-') return Types.duration;
    if (left.kind === 'duration' && right.kind === 'duration' && (operator === '+' || operator === '-'))
      return Types.duration;
    if (left.kind === 'duration' && right.kind === 'int' && (operator === '*' || operator === '/'))
      return Types.duration;
    if (isNumeric(left) && isNumeric(right)) {
      if (operator === '**') return left.kind === 'int' && right.kind === 'int' ? Types.number : Types.float;
      if (left.kind === 'float' || right.kind === 'float') return Types.float;
      if (left.kind === 'int' && right.kind === 'int') return Types.int;
      return Types.number;
    }
    return Types.unknown;
  }
}

/** The builtin a call names: inside `.aggregate(...)` an aggregate function first (`sum(x)` sums the window). */
function calledBuiltin(call: AstNode, name: string): Builtin | undefined {
  const aggregate = AstUtils.getContainerOfType(call, isAggregateOp) ? AGGREGATE_BUILTINS.get(name) : undefined;
  return aggregate ?? SCALAR_BUILTINS.get(name) ?? TREND_BUILTINS.get(name);
}

/** The stream an alias reads (`Hot as h`), when it reads a stream. */
function aliasedStream(node: AstNode): StreamDecl | undefined {
  if (isStreamDecl(node)) return node;
  const owner = (isAlias(node) ? node.$container : node) as { target?: { ref?: AstNode } };
  const target = owner.target?.ref;
  return isStreamDecl(target) ? target : undefined;
}

function eventType(declaration: EventDecl): VplType {
  return { kind: 'event', name: declaration.name, declaration };
}

/** The type without its optional marker. */
function strip(type: VplType): VplType {
  return type.kind === 'optional' ? type.inner : type;
}
