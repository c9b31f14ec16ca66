/**
 * Test helper: a small parser from VPL expression, statement and function text to the engine's plan, so
 * expression tests can be written as VPL (`evaluate('1 + 2.0')`) instead of plan literals. It follows the
 * language's grammar (§11) and name resolution (§5.2) closely enough for tests; the real compiler lives in
 * `src/compiler` and works on the Langium AST.
 */

import type { ArgPlan, ExprPlan, FunctionPlan, IsTest, LiteralValue, StmtPlan } from '../../src/plan/expression.js';
import type { SourceSpan } from '../../src/plan/source-span.js';

interface Token {
  kind: 'num' | 'float' | 'dur' | 'ts' | 'str' | 'id' | 'op' | 'nl' | 'indent' | 'dedent' | 'eof';
  text: string;
  line: number;
  col: number;
  endCol: number;
}

const OPS = [
  '..=',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  '?.',
  '=>',
  ':=',
  '->',
  '..',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  '&',
  '|',
  '^',
  '~',
  '=',
];

const DUR_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

function lex(src: string): Token[] {
  const out: Token[] = [];
  const lines = src.split('\n');
  const indents = [0];
  let depth = 0; // bracket depth: layout is suppressed inside brackets
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const lineNo = li + 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    let i = 0;
    if (depth === 0) {
      while (line[i] === ' ') i++;
      const ind = i;
      if (ind > indents[indents.length - 1]!) {
        indents.push(ind);
        out.push({ kind: 'indent', text: '', line: lineNo, col: 1, endCol: 1 });
      } else {
        while (ind < indents[indents.length - 1]!) {
          indents.pop();
          out.push({ kind: 'dedent', text: '', line: lineNo, col: 1, endCol: 1 });
        }
      }
    }
    while (i < line.length) {
      const c = line[i]!;
      if (c === ' ') {
        i++;
        continue;
      }
      if (c === '#') break;
      const col = i + 1;
      const push = (kind: Token['kind'], text: string) => {
        out.push({ kind, text, line: lineNo, col, endCol: col + text.length });
        i += text.length;
      };
      if (c === '@') {
        const m = /^@\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?)?/.exec(line.slice(i));
        if (!m) throw new Error(`bad timestamp at ${lineNo}:${col}`);
        push('ts', m[0]);
        continue;
      }
      if (/[0-9]/.test(c)) {
        const m = /^(\d+\.\d+([eE][+-]?\d+)?)|^(\d+(ns|us|ms|s|m|h|d)(?![A-Za-z0-9_]))|^\d+/.exec(line.slice(i))!;
        push(m[1] ? 'float' : m[3] ? 'dur' : 'num', m[0]);
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
        push('str', line.slice(i, j + 1));
        continue;
      }
      if (/[A-Za-z_]/.test(c)) {
        push('id', /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(i))![0]);
        continue;
      }
      const op = OPS.find((o) => line.startsWith(o, i));
      if (!op) throw new Error(`bad character ${c} at ${lineNo}:${col}`);
      if (op === '(' || op === '[' || op === '{') depth++;
      if (op === ')' || op === ']' || op === '}') depth--;
      push('op', op);
    }
    if (depth === 0) out.push({ kind: 'nl', text: '', line: lineNo, col: line.length + 1, endCol: line.length + 1 });
  }
  while (indents.length > 1) {
    indents.pop();
    out.push({ kind: 'dedent', text: '', line: lines.length, col: 1, endCol: 1 });
  }
  out.push({ kind: 'eof', text: '', line: lines.length + 1, col: 1, endCol: 1 });
  return out;
}

function decodeString(text: string): string {
  const body = text.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '0' ? '\0' : c === '\\' || c === '"' ? c : `\\${c}`,
  );
}

/** Name environment for the parser: which names are globals, aliases, functions. */
export interface MiniEnv {
  globals?: readonly string[];
  constants?: readonly string[];
  aliases?: readonly string[];
  functions?: readonly string[];
  builtinVars?: readonly string[];
}

interface Scope {
  names: Map<string, number>;
  count: number;
  /** in a function body (unresolved names are dynamic) */
  inFunction: boolean;
  parent: Scope | null;
}

class Parser {
  private pos = 0;
  private scope: Scope | null = null;

  constructor(
    private readonly toks: Token[],
    private readonly env: MiniEnv,
  ) {}

  private peek(o = 0): Token {
    return this.toks[this.pos + o]!;
  }
  private next(): Token {
    return this.toks[this.pos++]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'id' && t.text === text;
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) throw new Error(`expected '${text}' at ${t.line}:${t.col}, got '${t.text}' (${t.kind})`);
    return t;
  }
  private last(): Token {
    return this.toks[this.pos - 1]!;
  }
  private span(start: Token): SourceSpan {
    const end = this.last();
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.endCol };
  }

  // ---- scopes ----
  private declare(name: string): number {
    const s = this.scope!;
    const existing = s.names.get(name);
    if (existing !== undefined) return existing;
    const slot = s.count++;
    s.names.set(name, slot);
    return slot;
  }
  private resolveLocal(name: string): { slot: number; depth: number } | null {
    let depth = 0;
    for (let s = this.scope; s !== null; s = s.parent) {
      const slot = s.names.get(name);
      if (slot !== undefined) return { slot, depth };
      depth++;
    }
    return null;
  }
  private inFunction(): boolean {
    for (let s = this.scope; s !== null; s = s.parent) if (s.inFunction) return true;
    return false;
  }

  // ---- expressions ----
  expression(): ExprPlan {
    // lambda: x => e | (a, b) => e | () => e
    const t = this.peek();
    if (t.kind === 'id' && this.peek(1).text === '=>') return this.lambda([this.next().text], t);
    if (t.text === '(' && this.lambdaAhead()) {
      this.next();
      const params: string[] = [];
      while (!this.isOp(')')) {
        params.push(this.next().text);
        if (this.isOp(',')) this.next();
      }
      this.expect(')');
      return this.lambda(params, t);
    }
    return this.range();
  }

  private lambdaAhead(): boolean {
    let i = this.pos + 1;
    while (this.toks[i] && this.toks[i]!.text !== ')') {
      const k = this.toks[i]!;
      if (k.kind !== 'id' && k.text !== ',') return false;
      i++;
    }
    return this.toks[i + 1]?.text === '=>';
  }

  private lambda(params: string[], start: Token): ExprPlan {
    this.expect('=>');
    const scope: Scope = { names: new Map(), count: 0, inFunction: false, parent: this.scope };
    this.scope = scope;
    for (const p of params) this.declare(p);
    let body: { kind: 'expr'; expr: ExprPlan } | { kind: 'block'; statements: StmtPlan[] };
    if (this.isOp('{') && !(this.peek(2).text === ':' && (this.peek(1).kind === 'id' || this.peek(1).kind === 'str'))) {
      this.next();
      const statements: StmtPlan[] = [];
      while (!this.isOp('}')) statements.push(this.simpleStatement());
      this.expect('}');
      body = { kind: 'block', statements };
    } else {
      body = { kind: 'expr', expr: this.expression() };
    }
    this.scope = scope.parent;
    return { kind: 'lambda', params, body, localCount: scope.count, span: this.span(start) };
  }

  private range(): ExprPlan {
    const start = this.peek();
    const left = this.or();
    if (this.isOp('..') || this.isOp('..=')) {
      const inclusive = this.next().text === '..=';
      const right = this.or();
      return { kind: 'range', start: left, end: right, inclusive, span: this.span(start) };
    }
    return left;
  }

  private or(): ExprPlan {
    const start = this.peek();
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const right = this.and();
      left = { kind: 'logical', op: 'or', left, right, span: this.span(start) };
    }
    return left;
  }

  private and(): ExprPlan {
    const start = this.peek();
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      const right = this.not();
      left = { kind: 'logical', op: 'and', left, right, span: this.span(start) };
    }
    return left;
  }

  private not(): ExprPlan {
    const start = this.peek();
    if (this.isWord('not')) {
      this.next();
      const operand = this.not();
      return { kind: 'not', operand, span: this.span(start) };
    }
    return this.comparison();
  }

  private comparison(): ExprPlan {
    const start = this.peek();
    const left = this.bitOr();
    const t = this.peek();
    if (t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      const right = this.bitOr();
      return { kind: 'compare', op: t.text as '==', left, right, span: this.span(start) };
    }
    if (this.isWord('in') || (this.isWord('not') && this.peek(1).text === 'in')) {
      const negated = this.next().text === 'not';
      if (negated) this.next();
      const right = this.bitOr();
      return { kind: 'compare', op: negated ? 'not in' : 'in', left, right, span: this.span(start) };
    }
    if (this.isWord('is')) {
      this.next();
      let negated = false;
      if (this.isWord('not')) {
        this.next();
        negated = true;
      }
      const test = this.next().text as IsTest;
      return { kind: 'is', operand: left, test, negated, span: this.span(start) };
    }
    return left;
  }

  private binaryLevel(ops: string[], next: () => ExprPlan): ExprPlan {
    const start = this.peek();
    let left = next();
    while (this.peek().kind === 'op' && ops.includes(this.peek().text)) {
      const op = this.next().text;
      const right = next();
      left = { kind: 'binary', op: op as '+', left, right, span: this.span(start) };
    }
    return left;
  }

  private bitOr = (): ExprPlan => this.binaryLevel(['|'], this.bitXor);
  private bitXor = (): ExprPlan => this.binaryLevel(['^'], this.bitAnd);
  private bitAnd = (): ExprPlan => this.binaryLevel(['&'], this.shift);
  private shift = (): ExprPlan => this.binaryLevel(['<<', '>>'], this.additive);
  private additive = (): ExprPlan => this.binaryLevel(['+', '-'], this.mult);
  private mult = (): ExprPlan => this.binaryLevel(['*', '/', '%'], this.power);

  private power = (): ExprPlan => {
    const start = this.peek();
    const left = this.unary();
    if (this.isOp('**')) {
      this.next();
      const right = this.power();
      return { kind: 'binary', op: '**', left, right, span: this.span(start) };
    }
    return left;
  };

  private unary(): ExprPlan {
    const start = this.peek();
    if (this.isOp('-') || this.isOp('~')) {
      const op = this.next().text as '-' | '~';
      const operand = this.unary();
      return { kind: 'unary', op, operand, span: this.span(start) };
    }
    return this.postfix();
  }

  private args(): ArgPlan[] {
    this.expect('(');
    const args: ArgPlan[] = [];
    while (!this.isOp(')')) {
      const start = this.peek();
      let name: string | null = null;
      if (start.kind === 'id' && this.peek(1).text === ':') {
        name = start.text;
        this.next();
        this.next();
      }
      const value = this.expression();
      args.push({ name, value, span: this.span(start) });
      if (this.isOp(',')) this.next();
    }
    this.expect(')');
    return args;
  }

  private postfix(): ExprPlan {
    const start = this.peek();
    let e = this.primary();
    for (;;) {
      if (this.isOp('.') || this.isOp('?.')) {
        const optional = this.next().text === '?.';
        const name = this.next().text;
        if (this.isOp('(')) {
          const args = this.args();
          e = { kind: 'callMethod', receiver: e, name, args, span: this.span(start) };
        } else if (e.kind === 'alias') {
          e = { kind: 'aliasField', alias: e.name, slot: e.slot, field: name, span: this.span(start) };
        } else {
          e = { kind: 'member', object: e, name, optional, span: this.span(start) };
        }
      } else if (this.isOp('[')) {
        this.next();
        let first: ExprPlan | null = null;
        if (!this.isOp(':')) first = this.expression();
        if (this.isOp(':')) {
          this.next();
          const end = this.isOp(']') ? null : this.expression();
          this.expect(']');
          e = { kind: 'slice', object: e, start: first, end, span: this.span(start) };
        } else {
          this.expect(']');
          e = { kind: 'index', object: e, index: first!, span: this.span(start) };
        }
      } else if (this.isOp('(')) {
        const args = this.args();
        e = { kind: 'callValue', callee: e, args, span: this.span(start) };
      } else {
        return e;
      }
    }
  }

  private literal(value: LiteralValue, start: Token): ExprPlan {
    return { kind: 'literal', value, span: this.span(start) };
  }

  private primary(): ExprPlan {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return this.literal({ type: 'int', value: t.text }, t);
      case 'float':
        return this.literal({ type: 'float', value: Number(t.text) }, t);
      case 'str':
        return this.literal({ type: 'str', value: decodeString(t.text) }, t);
      case 'dur': {
        const m = /^(\d+)(ns|us|ms|s|m|h|d)$/.exec(t.text)!;
        return this.literal({ type: 'duration', ns: String(BigInt(m[1]!) * DUR_NS[m[2]!]!) }, t);
      }
      case 'ts': {
        const text = t.text.slice(1);
        const ms = Date.parse(
          text.length === 10
            ? `${text}T00:00:00Z`
            : text.includes('Z') || /[+-]\d{2}:\d{2}$/.test(text)
              ? text
              : `${text}Z`,
        );
        return this.literal({ type: 'timestamp', ns: String(BigInt(ms) * 1_000_000n) }, t);
      }
      case 'op':
        if (t.text === '(') {
          const e = this.expression();
          this.expect(')');
          return e;
        }
        if (t.text === '[') {
          const elements: ExprPlan[] = [];
          while (!this.isOp(']')) {
            elements.push(this.expression());
            if (this.isOp(',')) this.next();
          }
          this.expect(']');
          return { kind: 'array', elements, span: this.span(t) };
        }
        if (t.text === '{') {
          const entries: { key: string; value: ExprPlan; span: SourceSpan }[] = [];
          while (!this.isOp('}')) {
            const k = this.next();
            const key = k.kind === 'str' ? decodeString(k.text) : k.text;
            this.expect(':');
            const value = this.expression();
            entries.push({ key, value, span: this.span(k) });
            if (this.isOp(',')) this.next();
          }
          this.expect('}');
          return { kind: 'map', entries, span: this.span(t) };
        }
        break;
      case 'id':
        return this.name(t);
    }
    throw new Error(`unexpected '${t.text}' (${t.kind}) at ${t.line}:${t.col}`);
  }

  private name(t: Token): ExprPlan {
    const name = t.text;
    if (name === 'true' || name === 'false') return this.literal({ type: 'bool', value: name === 'true' }, t);
    if (name === 'null') return this.literal({ type: 'null' }, t);
    if (name === 'if') {
      const condition = this.expression();
      this.expect('then');
      const then = this.expression();
      this.expect('else');
      const otherwise = this.expression();
      return { kind: 'if', condition, then, otherwise, span: this.span(t) };
    }
    if (this.isOp('(')) {
      const local = this.resolveLocal(name);
      const globalSlot = this.env.globals?.indexOf(name) ?? -1;
      if (local === null && globalSlot < 0) {
        const args = this.args();
        if (this.env.functions?.includes(name)) return { kind: 'callFunction', name, args, span: this.span(t) };
        return { kind: 'callBuiltin', name, args, span: this.span(t) };
      }
    }
    const local = this.resolveLocal(name);
    if (local !== null) return { kind: 'local', name, slot: local.slot, depth: local.depth, span: this.span(t) };
    const aliasSlot = this.env.aliases?.indexOf(name) ?? -1;
    if (aliasSlot >= 0) return { kind: 'alias', name, slot: aliasSlot, span: this.span(t) };
    const g = this.env.globals?.indexOf(name) ?? -1;
    if (g >= 0) return { kind: 'global', name, slot: g, mutable: true, span: this.span(t) };
    const c = this.env.constants?.indexOf(name) ?? -1;
    if (c >= 0) return { kind: 'constant', name, slot: (this.env.globals?.length ?? 0) + c, span: this.span(t) };
    if (this.env.builtinVars?.includes(name)) return { kind: 'builtinVar', name, span: this.span(t) };
    if (this.inFunction()) return { kind: 'dynamic', name, span: this.span(t) };
    return { kind: 'field', name, span: this.span(t) };
  }

  // ---- statements ----
  private endOfStatement(): void {
    if (this.peek().kind === 'nl') this.next();
  }

  private block(): StmtPlan[] {
    this.expect(':');
    this.endOfStatement();
    if (this.peek().kind !== 'indent') throw new Error(`expected an indented block at line ${this.peek().line}`);
    this.next();
    const out: StmtPlan[] = [];
    while (this.peek().kind !== 'dedent' && this.peek().kind !== 'eof') out.push(this.statement());
    if (this.peek().kind === 'dedent') this.next();
    return out;
  }

  statement(): StmtPlan {
    const t = this.peek();
    if (t.kind === 'id') {
      if (t.text === 'if') {
        this.next();
        const branches = [];
        let condition = this.expression();
        let body = this.block();
        branches.push({ condition, body, span: this.span(t) });
        let otherwise: StmtPlan[] | null = null;
        while (this.isWord('elif')) {
          const e = this.next();
          condition = this.expression();
          body = this.block();
          branches.push({ condition, body, span: this.span(e) });
        }
        if (this.isWord('else')) {
          this.next();
          otherwise = this.block();
        }
        return { kind: 'if', branches, otherwise, span: this.span(t) };
      }
      if (t.text === 'while') {
        this.next();
        const condition = this.expression();
        const body = this.block();
        return { kind: 'while', condition, body, span: this.span(t) };
      }
      if (t.text === 'for') {
        this.next();
        const name = this.next().text;
        this.expect('in');
        const iterable = this.expression();
        const slot = this.declare(name);
        const body = this.block();
        return { kind: 'for', name, slot, iterable, body, span: this.span(t) };
      }
    }
    const s = this.simpleStatement();
    this.endOfStatement();
    return s;
  }

  simpleStatement(): StmtPlan {
    const t = this.peek();
    if (t.kind === 'id') {
      if (t.text === 'let' || t.text === 'var' || t.text === 'const') {
        this.next();
        const name = this.next().text;
        if (this.isOp(':')) {
          this.next();
          this.next();
        }
        this.expect('=');
        const value = this.expression();
        const slot = this.declare(name);
        return { kind: 'let', binding: t.text, name, slot, value, span: this.span(t) };
      }
      if (this.peek(1).text === ':=') {
        const name = this.next().text;
        this.next();
        const value = this.expression();
        const local = this.resolveLocal(name);
        const target =
          local !== null
            ? { kind: 'local' as const, slot: local.slot, depth: local.depth }
            : { kind: 'global' as const, slot: this.env.globals?.indexOf(name) ?? -1 };
        return { kind: 'assign', name, target, value, span: this.span(t) };
      }
      if (t.text === 'return') {
        this.next();
        const value = this.peek().kind === 'nl' || this.isOp('}') ? null : this.expression();
        return { kind: 'return', value, span: this.span(t) };
      }
      if (t.text === 'break' || t.text === 'continue') {
        this.next();
        return { kind: t.text, span: this.span(t) };
      }
      if (t.text === 'emit') {
        this.next();
        const eventType = this.next().text;
        const args = this.args();
        return {
          kind: 'emit',
          eventType,
          fields: args.map((a) => ({ name: a.name ?? '?', value: a.value, span: a.span })),
          span: this.span(t),
        };
      }
    }
    const expr = this.expression();
    return { kind: 'expr', expr, span: this.span(t) };
  }

  functionDecl(): FunctionPlan {
    const t = this.expect('fn');
    const name = this.next().text;
    this.expect('(');
    const scope: Scope = { names: new Map(), count: 0, inFunction: true, parent: null };
    this.scope = scope;
    const params = [];
    while (!this.isOp(')')) {
      const p = this.next();
      this.expect(':');
      const type = this.next().text;
      this.declare(p.text);
      params.push({ name: p.text, type, span: this.span(p) });
      if (this.isOp(',')) this.next();
    }
    this.expect(')');
    let returnType: string | null = null;
    if (this.isOp('->')) {
      this.next();
      returnType = this.next().text;
    }
    const body = this.block();
    this.scope = null;
    return { kind: 'function', name, params, returnType, body, localCount: scope.count, span: this.span(t) };
  }

  atEnd(): boolean {
    while (this.peek().kind === 'nl') this.next();
    return this.peek().kind === 'eof';
  }
}

/** Parses one expression. */
export function parseExpr(src: string, env: MiniEnv = {}): ExprPlan {
  const p = new Parser(lex(src), env);
  const e = p.expression();
  if (!p.atEnd()) throw new Error(`trailing input after expression: ${src}`);
  return e;
}

/** Parses `fn` declarations (separated by blank lines or dedents). */
export function parseFunctions(src: string, env: MiniEnv = {}): FunctionPlan[] {
  const names = [...src.matchAll(/^fn\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]!);
  const p = new Parser(lex(src), { ...env, functions: [...(env.functions ?? []), ...names] });
  const out: FunctionPlan[] = [];
  while (!p.atEnd()) out.push(p.functionDecl());
  return out;
}
