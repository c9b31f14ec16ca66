export {
  AGGREGATE_BUILTINS,
  BUILTINS,
  type Builtin,
  type BuiltinKind,
  describeArity,
  isImplemented,
  METHOD_BUILTINS,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  VARIABLE_BUILTINS,
} from './builtins/builtins.js';
export { parseVpl, type VplDocumentResult } from './documents.js';
export { formatVpl, VPL_INDENT, type VplFormatResult } from './formatting/vpl-formatter.js';
export * as ast from './generated/ast.js';
export { VplGeneratedModule, VplGeneratedSharedModule, VplLanguageMetaData } from './generated/module.js';
export { vplKeywords } from './keywords.js';
export { parseVplSyntax, type VplSyntaxResult } from './parse.js';
export {
  DECLARATION_WORDS,
  FUTURE_RESERVED_WORDS,
  NAME_KEYWORDS,
  OPERATION_NAMES,
  RESERVED_WORDS,
} from './parser/vpl-token-types.js';
export { type NameResolution, VplNameResolver } from './scoping/name-resolver.js';
export type { RecordShape, ShapeField } from './scoping/record-shape.js';
export { commonType, parseTypeNotation, Types, typeToString, type VplType } from './typing/model.js';
export { typeRefText } from './typing/type-ref-text.js';
export { VplTypeComputer } from './typing/vpl-type-computer.js';
export {
  DURATION_UNITS_NS,
  durationLiteralToNanos,
  intLiteralValue,
  timestampLiteralToNanos,
} from './utils/literals.js';
export { decodeString } from './utils/strings.js';
export { ALL_CHECK_SETS } from './validation/all-checks.js';
export { ALL_DIAGNOSTIC_CODES, DiagnosticCode, severityOf, type VplSeverity } from './validation/codes.js';
export { KNOWN_CONNECTOR_KINDS } from './validation/declarations.js';
export { report } from './validation/report.js';
export { registerVplValidationChecks, type VplCheckSet } from './validation/vpl-validator.js';
export {
  createVplServices,
  type VplAddedServices,
  VplModule,
  type VplServices,
  VplSharedModule,
} from './vpl-module.js';
export {
  type CheckedFile,
  checkProgramFiles,
  IMPORT_ERROR_CODE,
  MAX_IMPORT_DEPTH,
  URI,
  UriUtils,
} from './workspace/program-loader.js';
