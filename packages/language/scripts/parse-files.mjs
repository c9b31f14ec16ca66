// Parses VPL files and prints their lexical and syntax errors: node parse-files.mjs FILE...
import { readFileSync } from 'node:fs';
import { parseVplSyntax } from '../out/index.js';

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const r = parseVplSyntax(text);
  const problems = [
    ...r.lexerErrors.map((e) => `${e.line}:${e.column} lex: ${e.message}`),
    ...r.lexerDiagnostics
      .filter((d) => d.severity !== 'hint' && d.severity !== 'warning')
      .map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`),
    ...r.parserErrors.map((e) => `${e.token.startLine}:${e.token.startColumn} parse: ${e.message}`),
  ];
  if (problems.length) {
    failed++;
    console.log(`${file}\n  ${problems.slice(0, Number(process.env.MAX ?? 4)).join('\n  ')}`);
  }
}
console.log(`${process.argv.length - 2 - failed} ok, ${failed} with errors`);
