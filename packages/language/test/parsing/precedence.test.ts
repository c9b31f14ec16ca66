import { describe, expect, test } from 'vitest';
import { type ast, parseVplSyntax } from '../../src/index.js';

/** The expression fully parenthesised, as the parser grouped it. */
function grouping(node: ast.Expression | ast.Expr | ast.SaseBinary | ast.SaseExpr | undefined): string {
  if (!node) return '?';
  switch (node.$type) {
    case 'BinaryExpr':
    case 'LogicalExpr':
    case 'ComparisonExpr':
    case 'RangeExpr': {
      const n = node as {
        left?: ast.Expression;
        start?: ast.Expression;
        right?: ast.Expression;
        end?: ast.Expression;
        operator: string;
        negated?: boolean;
      };
      const operator = n.negated ? (n.operator === 'in' ? 'not in' : 'is not') : n.operator;
      return `(${grouping(n.left ?? n.start)} ${operator} ${grouping(n.right ?? n.end)})`;
    }
    case 'UnaryExpr':
      return `(${node.operator}${grouping(node.operand)})`;
    case 'NotExpr':
      return `(not ${grouping(node.operand)})`;
    case 'ParenExpr':
      return grouping(node.inner as ast.Expression);
    case 'NameRef':
      return node.target.$refText;
    case 'IntLiteral':
      return node.value;
    case 'SaseBinary':
      return `(${grouping(node.left as ast.SaseExpr)} ${node.operator} ${grouping(node.right as ast.SaseExpr)})`;
    case 'SaseNot':
      return `(NOT ${grouping(node.operand as ast.SaseExpr)})`;
    case 'SaseItem':
      return node.target.$refText;
    default:
      return node.$type;
  }
}

function parseExpression(text: string): string {
  const result = parseVplSyntax(`let v = ${text}\n`);
  expect(result.parserErrors).toEqual([]);
  return grouping((result.program.statements[0] as ast.VarDecl).value);
}

describe('operator precedence and associativity (§11.2)', () => {
  test.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3 * 4', '((1 * 2) + (3 * 4))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['a / b * c', '((a / b) * c)'],
    ['x ** 2 + y ** 2', '((x ** 2) + (y ** 2))'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['-2 ** 2', '((-2) ** 2)'],
    ['2 ** -1', '(2 ** (-1))'],
    ['a * b ** 2', '(a * (b ** 2))'],
    ['a + b << 1', '((a + b) << 1)'],
    ['a << 1 & b', '((a << 1) & b)'],
    ['a & b ^ c', '((a & b) ^ c)'],
    ['a ^ b | c', '((a ^ b) | c)'],
    ['a | b == c', '((a | b) == c)'],
    ['a == b and c == d', '((a == b) and (c == d))'],
    ['a or b and c', '(a or (b and c))'],
    ['a and b or c and d', '((a and b) or (c and d))'],
    ['not a == b', '(not (a == b))'],
    ['not a and b', '((not a) and b)'],
    ['x not in xs or y is not null', '((x not in xs) or (y is not NullLiteral))'],
    ['0..n + 1', '(0 .. (n + 1))'],
    ['- -a', '(-(-a))'],
  ])('%s groups as %s', (text, expected) => {
    expect(parseExpression(text)).toBe(expected);
  });

  test('a comparison is not associative: a < b < c is a syntax error', () => {
    expect(parseVplSyntax('let v = a < b < c\n').parserErrors.length).toBeGreaterThan(0);
  });

  test('restricted filter expressions follow the same precedence', () => {
    const result = parseVplSyntax('stream S = A as a\n    -> B where x + 1 * 2 > 3 or y and z as b\n');
    expect(result.parserErrors).toEqual([]);
    const step = (result.program.statements[0] as ast.StreamDecl).ops[0] as ast.FollowedBy;
    expect(grouping(step.condition)).toBe('(((x + (1 * 2)) > 3) or (y and z))');
  });

  test('pattern operators: NOT binds tightest, then AND, then OR (§9.3)', () => {
    const result = parseVplSyntax('pattern P = A OR B AND NOT C\n');
    expect(result.parserErrors).toEqual([]);
    expect(grouping((result.program.statements[0] as ast.PatternDecl).body)).toBe('(A OR (B AND (NOT C)))');
  });
});
