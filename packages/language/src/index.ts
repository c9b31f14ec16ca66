export * as ast from './generated/ast.js';
export { VplLanguageMetaData } from './generated/module.js';
export { createVplServices, VplModule, type VplAddedServices, type VplServices } from './vpl-module.js';
export { ALL_DIAGNOSTIC_CODES, DiagnosticCode, severityOf, type VplSeverity } from './validation/codes.js';
export { durationLiteralToNanos, intLiteralValue, timestampLiteralToNanos } from './utils/literals.js';
export { decodeString } from './utils/strings.js';
export { parseVplSyntax, type VplSyntaxResult } from './parse.js';
export { parseVpl, type VplDocumentResult } from './documents.js';
export { report } from './validation/report.js';
