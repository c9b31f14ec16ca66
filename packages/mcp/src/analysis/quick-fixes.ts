import type { ast } from '@varpulis/language';
import { type AnyNode, descendants, lineOf } from './ast-walk.js';
import type { SuggestedFix } from './program-check.js';
import type { LineIndex, Range } from './text.js';

/** What a quick fix needs to know about a diagnostic. */
interface FixableDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly data?: unknown;
}

/** Type names people write from other languages, and the VPL type to write instead (§7, VPL-T003). */
const TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  string: 'str',
  String: 'str',
  text: 'str',
  datetime: 'timestamp',
  date: 'timestamp',
  time: 'timestamp',
  integer: 'int',
  long: 'int',
  i64: 'int',
  number: 'float',
  double: 'float',
  decimal: 'float',
  f64: 'float',
  boolean: 'bool',
  list: '[str]',
};

/** Operators from other languages that VPL spells differently (a frequent cause of VPL-P001). */
const OPERATOR_SYNONYMS: Readonly<Record<string, string>> = { '&&': 'and', '||': 'or', '===': '==', '!==': '!=' };

/** Built-in variable names that were renamed (VPL-B010). */
const RENAMED_VARIABLES: Readonly<Record<string, string>> = { forecast_expected_time: 'forecast_time' };

/**
 * The quick fixes this server offers for a diagnostic: the editor's name suggestions (`data.suggestion`), `//` →
 * `#`, single → double quotes, renamed built-in variables, type synonyms, operators from other languages, a
 * `.on(...)` skeleton for a join without one, an `import … as` alias that has no effect, and a bare field in an
 * aggregate wrapped in `last(...)`.
 */
export function quickFixesFor(
  d: FixableDiagnostic,
  _text: string,
  lines: LineIndex,
  program: ast.Program,
): SuggestedFix[] {
  const fixes: SuggestedFix[] = [];
  const at = lines.textOf(d.range);
  const replace = (title: string, newText: string, range: Range = d.range) =>
    fixes.push({ title, edits: [{ range, newText }] });
  const suggestion = (d.data as { suggestion?: unknown } | undefined)?.suggestion;

  const renamed = RENAMED_VARIABLES[at];
  if (renamed !== undefined) {
    replace(`Replace '${at}' with '${renamed}'`, renamed);
  } else if (typeof suggestion === 'string' && suggestion.length > 0 && suggestion !== at) {
    replace(`Replace '${at}' with '${suggestion}'`, suggestion);
  }
  switch (d.code) {
    case 'VPL-L001':
      if (at.startsWith('//')) {
        replace("Use '#' for comments", '#', {
          start: d.range.start,
          end: { line: d.range.start.line, column: d.range.start.column + 2 },
        });
      }
      break;
    case 'VPL-L002':
      if (at.length >= 2 && at.startsWith("'") && at.endsWith("'")) {
        const inner = at
          .slice(1, -1)
          .replace(/\\'/g, "'")
          .replace(/(?<!\\)"/g, '\\"');
        replace('Use double quotes for strings', `"${inner}"`);
      }
      break;
    case 'VPL-T003': {
      const synonym = TYPE_SYNONYMS[at];
      if (synonym !== undefined && fixes.length === 0) replace(`Replace type '${at}' with '${synonym}'`, synonym);
      break;
    }
    case 'VPL-P001': {
      // The parser stops at the first character of an operator from another language (`&` of `&&`): look at the
      // text from there.
      const start = lines.offsetOf(d.range.start);
      const ahead = lines.text.slice(start, start + 3);
      const written = ['===', '!==', '&&', '||'].find((op) => ahead.startsWith(op));
      if (written !== undefined) {
        const end = lines.positionOf(start + written.length);
        replace(`Write '${OPERATOR_SYNONYMS[written]}' instead of '${written}'`, OPERATOR_SYNONYMS[written]!, {
          start: d.range.start,
          end,
        });
      } else if (ahead.startsWith('!') && !ahead.startsWith('!=')) {
        replace("Write 'not ' instead of '!'", 'not ', { start: d.range.start, end: lines.positionOf(start + 1) });
      }
      break;
    }
    case 'VPL-J001': {
      const fix = joinOnSkeleton(d.range, program);
      if (fix) fixes.push(fix);
      break;
    }
    case 'VPL-I001': {
      const fix = removeImportAlias(d.range, program, lines);
      if (fix) fixes.push(fix);
      break;
    }
    case 'E073':
      if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(at)) replace(`Carry the field with last(${at})`, `last(${at})`);
      break;
    case 'W030': {
      // An undeclared source that differs from a declared event only by case or a typo: the suggestion above
      // covers the typo; nothing to do otherwise (declaring the event needs its fields).
      break;
    }
  }
  return fixes;
}

function rangeOf(node: AnyNode): Range | undefined {
  const r = node.$cstNode?.range;
  if (!r) return undefined;
  return {
    start: { line: r.start.line + 1, column: r.start.character + 1 },
    end: { line: r.end.line + 1, column: r.end.character + 1 },
  };
}

/** Inserts `.on(A.k == B.k)` after the `join(...)` source, with a field the inputs share when there is one. */
function joinOnSkeleton(range: Range, program: ast.Program): SuggestedFix | undefined {
  const stream = program.statements.find(
    (s): s is ast.StreamDecl =>
      s.$type === 'StreamDecl' &&
      s.source.$type === 'JoinSource' &&
      lineOf(s) <= range.start.line &&
      (s.$cstNode?.range.end.line ?? 0) + 1 >= range.start.line,
  );
  if (!stream) return undefined;
  const join = stream.source as ast.JoinSource;
  const inputs = join.items.map((item) => (item.$type === 'InlineStream' ? item.name : item.target.$refText));
  if (inputs.length < 2) return undefined;
  const fieldSets = join.items.map((item) => {
    const target = item.target.ref;
    if (target?.$type === 'EventDecl') return (target as ast.EventDecl).fields.map((f) => f.name);
    return [] as string[];
  });
  const shared = fieldSets[0]!.find((f) => fieldSets.every((set) => set.includes(f)));
  const key = shared ?? 'id';
  const condition = inputs
    .slice(1)
    .map((input) => `${inputs[0]}.${key} == ${input}.${key}`)
    .join(' and ');
  const end = rangeOf(join)?.end;
  if (!end) return undefined;
  return {
    title: shared ? `Add .on(${condition})` : `Add a .on(...) skeleton (replace 'id' with the join key)`,
    edits: [{ range: { start: end, end }, newText: `\n    .on(${condition})` }],
  };
}

/** Removes ` as alias` from an import (it has no effect, §6.9). */
function removeImportAlias(range: Range, program: ast.Program, lines: LineIndex): SuggestedFix | undefined {
  for (const node of descendants(program as unknown as AnyNode)) {
    if (node.$type !== 'ImportDecl' || lineOf(node) !== range.start.line) continue;
    const text = node.$cstNode?.text ?? '';
    const m = /\s+as\s+[A-Za-z_][A-Za-z0-9_]*\s*$/.exec(text);
    const r = rangeOf(node);
    if (!m || !r) return undefined;
    const startOffset = lines.offsetOf(r.start) + m.index;
    return {
      title: 'Remove the import alias (it has no effect: imported names are not qualified)',
      edits: [{ range: { start: lines.positionOf(startOffset), end: r.end }, newText: '' }],
    };
  }
  return undefined;
}
