// Source of syntaxes/evt.tmLanguage.json: edit here, then run `pnpm --filter vscode-varpulis grammars` (a test checks they agree).
const R = String.raw;
const value = [
  { include: '#string-double' },
  { include: '#string-single' },
  { name: 'constant.language.boolean.evt', match: R`\b(true|false)\b` },
  { name: 'constant.language.null.evt', match: R`\b(null|nil)\b` },
  { name: 'constant.numeric.float.evt', match: R`(?<![\w.])-?(?:\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|inf|NaN)\b` },
  { name: 'constant.numeric.integer.evt', match: R`(?<![\w.])-?\d+\b` },
  { name: 'punctuation.separator.evt', match: ',' },
  { name: 'punctuation.section.brackets.evt', match: R`[\[\]]` },
];
export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'VPL events',
  scopeName: 'source.vpl-events',
  fileTypes: ['evt'],
  comment:
    'Varpulis event files (docs/engine/event-files.md): one event per line, `@time Type { name: value }`, `Type(values)`, JSON objects, `BATCH n`, and whole-line `#` or `//` comments.',
  patterns: [
    { include: '#comment' },
    { include: '#batch' },
    { include: '#time' },
    { include: '#json' },
    { include: '#named' },
    { include: '#positional' },
  ],
  repository: {
    comment: { name: 'comment.line.evt', match: R`^\s*(?:#|//).*$` },
    batch: {
      match: R`^\s*(BATCH)\b(?:\s+(\d+))?`,
      captures: { 1: { name: 'keyword.control.batch.evt' }, 2: { name: 'constant.numeric.integer.evt' } },
    },
    time: {
      match: R`^\s*(@\d+(?:ms|s|m)?)(?=\s)`,
      captures: { 1: { name: 'constant.other.timestamp.evt' } },
    },
    named: {
      begin: R`([A-Za-z_][\w.]*)\s*(\{)`,
      beginCaptures: { 1: { name: 'entity.name.type.evt' }, 2: { name: 'punctuation.section.braces.begin.evt' } },
      end: R`(\})\s*(;)?|$`,
      endCaptures: { 1: { name: 'punctuation.section.braces.end.evt' }, 2: { name: 'punctuation.terminator.evt' } },
      patterns: [
        {
          match: R`([A-Za-z_]\w*)\s*(:)`,
          captures: { 1: { name: 'variable.other.property.evt' }, 2: { name: 'punctuation.separator.key-value.evt' } },
        },
        ...value,
      ],
    },
    positional: {
      begin: R`([A-Za-z_][\w.]*)\s*(\()`,
      beginCaptures: { 1: { name: 'entity.name.type.evt' }, 2: { name: 'punctuation.section.parens.begin.evt' } },
      end: R`(\))\s*(;)?|$`,
      endCaptures: { 1: { name: 'punctuation.section.parens.end.evt' }, 2: { name: 'punctuation.terminator.evt' } },
      patterns: value,
    },
    json: {
      comment: 'A JSON event on one line; keys are properties, `event_type`/`type` values are event types.',
      begin: R`(?<=^|^\s|\s)(\{)`,
      beginCaptures: { 1: { name: 'punctuation.section.braces.begin.evt' } },
      end: R`(\})\s*$|$`,
      endCaptures: { 1: { name: 'punctuation.section.braces.end.evt' } },
      patterns: [{ include: '#json-content' }],
    },
    'json-content': {
      patterns: [
        {
          match: R`("(?:event_type|type)")\s*(:)\s*("[^"]*")`,
          captures: {
            1: { name: 'support.type.property-name.evt' },
            2: { name: 'punctuation.separator.key-value.evt' },
            3: { name: 'entity.name.type.evt' },
          },
        },
        {
          match: R`("(?:[^"\\]|\\.)*")\s*(:)`,
          captures: {
            1: { name: 'support.type.property-name.evt' },
            2: { name: 'punctuation.separator.key-value.evt' },
          },
        },
        { begin: R`\{`, end: R`\}|(?=$)`, patterns: [{ include: '#json-content' }] },
        ...value,
      ],
    },
    'string-double': {
      name: 'string.quoted.double.evt',
      begin: '"',
      end: R`"|(?=$)`,
      patterns: [{ name: 'constant.character.escape.evt', match: R`\\.` }],
    },
    'string-single': {
      name: 'string.quoted.single.evt',
      begin: "'",
      end: R`'|(?=$)`,
      patterns: [{ name: 'constant.character.escape.evt', match: R`\\.` }],
    },
  },
};
