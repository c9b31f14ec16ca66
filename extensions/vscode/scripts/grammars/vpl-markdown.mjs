// Source of syntaxes/vpl-markdown.tmLanguage.json: edit here, then run `pnpm --filter vscode-varpulis grammars` (a test checks they agree).
const R = String.raw;
export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'VPL in Markdown',
  scopeName: 'markdown.vpl.codeblock',
  comment:
    'Highlights ```vpl (or ```varpulis) fenced code blocks in Markdown with the VPL grammar; ```evt blocks with the event-file grammar.',
  fileTypes: [],
  injectionSelector: 'L:text.html.markdown',
  patterns: [{ include: '#vpl-code-block' }, { include: '#evt-code-block' }],
  repository: {
    'vpl-code-block': {
      begin: R`(^|\G)(\s*)(\`{3,}|~{3,})\s*(?i:(vpl|varpulis)(\s+[^\`~]*)?$)`,
      name: 'markup.fenced_code.block.markdown',
      end: R`(^|\G)(\2|\s{0,3})(\3)\s*$`,
      beginCaptures: {
        3: { name: 'punctuation.definition.markdown' },
        4: { name: 'fenced_code.block.language.markdown' },
        5: { name: 'fenced_code.block.language.attributes.markdown' },
      },
      endCaptures: { 3: { name: 'punctuation.definition.markdown' } },
      patterns: [
        {
          begin: R`(^|\G)(\s*)(.*)`,
          while: R`(^|\G)(?!\s*([\`~]{3,})\s*$)`,
          contentName: 'meta.embedded.block.vpl',
          patterns: [{ include: 'source.vpl' }],
        },
      ],
    },
    'evt-code-block': {
      begin: R`(^|\G)(\s*)(\`{3,}|~{3,})\s*(?i:(evt)(\s+[^\`~]*)?$)`,
      name: 'markup.fenced_code.block.markdown',
      end: R`(^|\G)(\2|\s{0,3})(\3)\s*$`,
      beginCaptures: {
        3: { name: 'punctuation.definition.markdown' },
        4: { name: 'fenced_code.block.language.markdown' },
        5: { name: 'fenced_code.block.language.attributes.markdown' },
      },
      endCaptures: { 3: { name: 'punctuation.definition.markdown' } },
      patterns: [
        {
          begin: R`(^|\G)(\s*)(.*)`,
          while: R`(^|\G)(?!\s*([\`~]{3,})\s*$)`,
          contentName: 'meta.embedded.block.vpl-events',
          patterns: [{ include: 'source.vpl-events' }],
        },
      ],
    },
  },
};
