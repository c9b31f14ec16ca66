import type { AstNode } from 'langium';
import { METHOD_BUILTINS, SCALAR_BUILTINS, VARIABLE_BUILTINS } from '../builtins/builtins.js';
import {
  type Expr,
  type Expression,
  isArrayLiteral,
  isArrayType,
  isBinaryExpr,
  isBoolLiteral,
  isCallExpr,
  isComparisonExpr,
  isDurationLiteral,
  isEventDecl,
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
  isStreamType,
  isStringLiteral,
  isTemplateAtom,
  isTimestampLiteral,
  isTupleType,
  isTypeDecl,
  isUnaryExpr,
  isVarDecl,
  type TypeRef,
} from '../generated/ast.js';
import type { VplNameResolver } from '../scoping/name-resolver.js';
import type { RecordShape } from '../scoping/record-shape.js';
import type { VplServices } from '../vpl-module.js';
import { commonType, isNumeric, parseTypeNotation, Types, type VplType } from './model.js';

/**
 * Computes the static type of expressions (for hovers, inlay hints and type-aware checks): literals, names
 * resolved like the engine does (locals, aliases, globals, fields of the known record shape), member access on
 * events and maps, calls of builtins and user functions, and the operators of §11 with the int/float rules
 * (int op int is int, a float operand makes a float). `unknown` wherever the type cannot be known statically.
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
      if (isEventDecl(target)) type = { kind: 'event', name: target.name, declaration: target };
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
    if (!expr || depth > 50) return Types.unknown;
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
    if (isMemberAccess(expr)) {
      const receiver = this.typeOf(expr.receiver, depth + 1);
      return this.memberType(receiver, expr.member);
    }
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

  private typeOfName(expr: Expression & { $type: 'NameRef' }, depth: number): VplType {
    const resolution = this.names.resolve(expr);
    switch (resolution.kind) {
      case 'local':
      case 'global':
        return this.typeOfDeclaration(resolution.node, depth);
      case 'alias': {
        const node = resolution.binding.node;
        const shape = resolution.binding.shape;
        // An alias names the event of its step: `T as a` (its container has the target) or a sequence step.
        const owner = (isEventDecl(node) ? undefined : 'target' in node ? node : node.$container) as
          | { target?: { ref?: AstNode } }
          | undefined;
        const decl = isEventDecl(node) ? node : isEventDecl(owner?.target?.ref) ? owner.target?.ref : undefined;
        if (decl) return { kind: 'event', name: decl.name, declaration: decl };
        return this.typeOfShape(shape);
      }
      case 'field':
        return this.typeOfTypeRef(resolution.field.type);
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

  private memberType(receiver: VplType, member: string): VplType {
    const base = strip(receiver);
    if (base.kind === 'event' && base.declaration) {
      const field = base.declaration.fields.find((f) => f.name === member);
      if (field) return this.typeOfTypeRef(field.type);
      return Types.unknown;
    }
    if (base.kind === 'record') return base.fields.get(member) ?? Types.unknown;
    if (base.kind === 'map') return Types.optional(base.value);
    return Types.unknown;
  }

  private callType(expr: Expression & { $type: 'CallExpr' }, depth: number): VplType {
    const callee = expr.callee;
    if (isNameRef(callee)) {
      const target = callee.target?.ref;
      if (isFnDecl(target)) return target.returnType ? this.typeOfTypeRef(target.returnType) : Types.unknown;
      const builtin = SCALAR_BUILTINS.get(callee.target?.$refText ?? '');
      if (!builtin) return Types.unknown;
      const result = parseTypeNotation(builtin.result);
      if (builtin.result === 'number' && expr.args.length > 0) {
        const args = expr.args.map((a) => strip(this.typeOf(a.value as Expression, depth + 1)));
        if (args.every((a) => a.kind === 'int')) return Types.int;
        if (args.some((a) => a.kind === 'float')) return Types.float;
      }
      return result;
    }
    if (isMemberAccess(callee)) {
      const method = METHOD_BUILTINS.get(callee.member);
      if (!method) return Types.unknown;
      const receiver = strip(this.typeOf(callee.receiver, depth + 1));
      if (method.result === 'T' && receiver.kind === 'array') return Types.optional(receiver.element);
      if (method.result === '[T]' && receiver.kind === 'array') return receiver;
      return parseTypeNotation(method.result);
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

/** The type without its optional marker. */
function strip(type: VplType): VplType {
  return type.kind === 'optional' ? type.inner : type;
}
