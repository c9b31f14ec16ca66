import type { IRecognitionException } from 'chevrotain';
import type { LexerResult } from 'langium';
import type { Program } from './generated/ast.js';
import { createVplServices, type VplServices } from './vpl-module.js';

/** The syntax of one VPL text: its tree and every lexical and syntax problem. */
export interface VplSyntaxResult {
  program: Program;
  lexerErrors: LexerResult['errors'];
  lexerDiagnostics: NonNullable<LexerResult['report']>['diagnostics'];
  parserErrors: IRecognitionException[];
}

let sharedServices: VplServices | undefined;

function syntaxServices(): VplServices {
  if (!sharedServices) sharedServices = createVplServices().Vpl;
  return sharedServices;
}

/** Parses one text (no linking, no validation): for tools that only need the syntax tree, such as parity tests. */
export function parseVplSyntax(text: string, services: VplServices = syntaxServices()): VplSyntaxResult {
  const result = services.parser.LangiumParser.parse<Program>(text);
  return {
    program: result.value,
    lexerErrors: result.lexerErrors,
    lexerDiagnostics: result.lexerReport?.diagnostics ?? [],
    parserErrors: result.parserErrors,
  };
}
