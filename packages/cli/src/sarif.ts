import type { DiagnosticJson } from './report.js';

/** SARIF 2.1.0 for code-scanning tools (`varpulis check --format sarif`). */
export function toSarif(diagnostics: readonly DiagnosticJson[]): object {
  const rules = [...new Set(diagnostics.map((d) => d.code))].sort().map((id) => ({ id }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'varpulis', rules } },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          level: d.severity === 'hint' ? 'note' : d.severity,
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}
