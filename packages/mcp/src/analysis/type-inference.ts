import type { ast } from '@varpulis/language';
import { builtins } from './language-extras.js';
import { languageServices } from './services.js';

/**
 * A best-effort static type of an expression, for explanations: the declared type of a field (`float`, `str?`), a
 * primitive type from literals and operators, the result type of a builtin, or `unknown`. It never reports errors.
 */
export function inferType(expr: ast.Expression | ast.Expr | undefined, depth = 0): string {
  if (expr === undefined || depth > 20) return 'unknown';
  switch (expr.$type) {
    case 'IntLiteral':
      return 'int';
    case 'FloatLiteral':
      return 'float';
    case 'StringLiteral':
      return 'str';
    case 'BoolLiteral':
      return 'bool';
    case 'DurationLiteral':
      return 'duration';
    case 'TimestampLiteral':
      return 'timestamp';
    case 'NullLiteral':
      return 'null';
    case 'ArrayLiteral': {
      const elements = (expr as ast.ArrayLiteral).elements.map((e) => inferType(e, depth + 1));
      const first = elements[0];
      return first !== undefined && elements.every((e) => e === first) ? `[${first}]` : '[unknown]';
    }
    case 'MapLiteral':
      return '{str: unknown}';
    case 'ParenExpr':
      return inferType((expr as ast.ParenExpr).inner, depth + 1);
    case 'ComparisonExpr':
    case 'LogicalExpr':
    case 'NotExpr':
      return 'bool';
    case 'UnaryExpr':
      return inferType((expr as ast.UnaryExpr).operand, depth + 1);
    case 'IfExpr':
      return inferType((expr as ast.IfExpr).then, depth + 1);
    case 'BinaryExpr':
      return binaryType(expr as ast.BinaryExpr, depth);
    case 'NameRef':
      return nameType(expr as ast.NameRef);
    case 'MemberAccess':
      return memberType(expr as ast.MemberAccess);
    case 'CallExpr':
      return callType(expr as ast.CallExpr, depth);
    case 'TemplateAtom':
      return 'int';
    case 'RangeExpr':
      return '[int]';
    case 'Lambda':
      return 'lambda';
    default:
      return 'unknown';
  }
}

function stripOptional(type: string): string {
  return type.endsWith('?') ? type.slice(0, -1) : type;
}

function binaryType(expr: ast.BinaryExpr, depth: number): string {
  const left = stripOptional(inferType(expr.left, depth + 1));
  const right = stripOptional(inferType(expr.right, depth + 1));
  const op = expr.operator as string;
  if (op === '+' && (left === 'str' || right === 'str')) return 'str';
  if (left === 'timestamp' && right === 'timestamp' && op === '-') return 'duration';
  if (left === 'timestamp' && right === 'duration') return 'timestamp';
  if (left === 'duration' || right === 'duration') return 'duration';
  if (op === '**') return left === 'int' && right === 'int' ? 'int' : 'float';
  if (['|', '&', '^', '<<', '>>'].includes(op)) return 'int';
  if (left === 'int' && right === 'int') return 'int';
  if ((left === 'int' || left === 'float') && (right === 'int' || right === 'float')) return 'float';
  if (left === 'float' || right === 'float') return 'float';
  return 'unknown';
}

function typeText(type: ast.TypeRef | undefined): string {
  return type?.$cstNode?.text.replace(/\s+/g, ' ') ?? 'unknown';
}

const BUILTIN_VARIABLE_TYPES: Readonly<Record<string, string>> = {
  forecast_probability: 'float',
  forecast_confidence: 'float',
  forecast_time: 'int?',
  forecast_expected_time: 'int?',
  forecast_state: 'str',
  forecast_context_depth: 'int',
  forecast_lower: 'float',
  forecast_upper: 'float',
  active_runs: 'int',
  match_duration_ms: 'int',
  enrich_status: 'str',
  enrich_latency_ms: 'int',
};

function nameType(ref: ast.NameRef): string {
  const name = ref.target.$refText;
  let resolution: ReturnType<ReturnType<typeof languageServices>['scoping']['NameResolver']['resolve']>;
  try {
    resolution = languageServices().scoping.NameResolver.resolve(ref);
  } catch {
    return BUILTIN_VARIABLE_TYPES[name] ?? 'unknown';
  }
  switch (resolution.kind) {
    case 'field':
      return resolution.field.type ? typeText(resolution.field.type) : 'unknown';
    case 'builtin-variable':
      return BUILTIN_VARIABLE_TYPES[name] ?? 'unknown';
    case 'global': {
      const node = resolution.node;
      if (node.$type === 'VarDecl') return node.type ? typeText(node.type) : inferType(node.value, 1);
      return 'function';
    }
    case 'alias':
      return 'event';
    case 'local': {
      const node = resolution.node as { $type: string; type?: ast.TypeRef };
      return node.type ? typeText(node.type) : 'unknown';
    }
    default:
      return BUILTIN_VARIABLE_TYPES[name] ?? 'unknown';
  }
}

function memberType(expr: ast.MemberAccess): string {
  const receiver = expr.receiver;
  if (receiver.$type !== 'NameRef') return 'unknown';
  try {
    const resolution = languageServices().scoping.NameResolver.resolve(receiver as ast.NameRef);
    if (resolution.kind === 'alias') {
      const field = resolution.binding.shape.fields.get(expr.member);
      return field?.type ? typeText(field.type) : 'unknown';
    }
  } catch {
    // fall through
  }
  const target = (receiver as ast.NameRef).target.ref;
  if (target?.$type === 'EventDecl') {
    const field = (target as ast.EventDecl).fields.find((f) => f.name === expr.member);
    if (field) return typeText(field.type);
  }
  return 'unknown';
}

const AGGREGATE_RESULTS: Readonly<Record<string, string>> = {
  count: 'int',
  count_distinct: 'int',
  avg: 'float',
  stddev: 'float',
  ema: 'float',
  variance: 'float',
  median: 'float',
  sqrt: 'float',
  log: 'float',
  log10: 'float',
  exp: 'float',
  sin: 'float',
  cos: 'float',
  tan: 'float',
  floor: 'int',
  ceil: 'int',
  round: 'int',
  len: 'int',
  to_string: 'str',
  to_int: 'int?',
  to_float: 'float?',
  type_of: 'str',
  trim: 'str',
  lower: 'str',
  upper: 'str',
  concat: 'str',
  contains: 'bool',
  starts_with: 'bool',
  ends_with: 'bool',
  now: 'timestamp',
  timestamp: 'timestamp',
  count_trends: 'int',
  count_events: 'int',
};

/** Functions whose result has the type of their first argument. */
const SAME_AS_ARGUMENT = new Set([
  'sum',
  'min',
  'max',
  'first',
  'last',
  'abs',
  'coalesce',
  'if_null',
  'clamp',
  'sum_trends',
  'min_trends',
  'max_trends',
]);

function callType(expr: ast.CallExpr, depth: number): string {
  const callee = expr.callee;
  let name: string | undefined;
  let receiverType: string | undefined;
  if (callee.$type === 'NameRef') name = (callee as ast.NameRef).target.$refText;
  else if (callee.$type === 'MemberAccess') {
    name = (callee as ast.MemberAccess).member;
    receiverType = inferType((callee as ast.MemberAccess).receiver, depth + 1);
  }
  if (name === undefined) return 'unknown';
  if (receiverType !== undefined) {
    if (name === 'len' || name === 'count') return 'int';
    if (name === 'avg') return 'float';
    if (['first', 'last', 'min', 'max', 'sum'].includes(name) && receiverType.startsWith('['))
      return receiverType.slice(1, -1);
    if (name === 'filter' || name === 'sliding_pairs' || name === 'map' || name === 'flatten') return '[unknown]';
  }
  const firstArg = expr.args[0]?.value;
  if (SAME_AS_ARGUMENT.has(name)) {
    const t = stripOptional(inferType(firstArg, depth + 1));
    if (name === 'sum' && t.startsWith('[')) return t.slice(1, -1);
    return t;
  }
  const known = AGGREGATE_RESULTS[name];
  if (known !== undefined) return known;
  const builtin = builtins().find((b) => b.name === name && b.kind !== 'method');
  if (builtin) return builtin.result;
  // A user function with a declared result.
  const target = callee.$type === 'NameRef' ? (callee as ast.NameRef).target.ref : undefined;
  if (target?.$type === 'FnDecl') return typeText((target as ast.FnDecl).returnType) ?? 'unknown';
  return 'unknown';
}

export { typeText };
