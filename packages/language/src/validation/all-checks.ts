import { connectorChecks } from './connectors.js';
import { declarationChecks } from './declarations.js';
import { expressionChecks } from './expressions.js';
import { joinChecks } from './joins.js';
import { nameChecks } from './names.js';
import { patternChecks } from './patterns.js';
import { statementChecks } from './statements.js';
import { streamChecks } from './streams.js';
import type { VplCheckSet } from './vpl-validator.js';
import { windowChecks } from './windows.js';

/** Every check set, in the order they run. Topic files add themselves here. */
export const ALL_CHECK_SETS: readonly VplCheckSet[] = [
  nameChecks,
  declarationChecks,
  statementChecks,
  streamChecks,
  windowChecks,
  joinChecks,
  patternChecks,
  expressionChecks,
  connectorChecks,
];
