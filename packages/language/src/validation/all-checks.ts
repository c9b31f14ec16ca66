import { nameChecks } from './names.js';
import type { VplCheckSet } from './vpl-validator.js';

/** Every check set, in the order they run. Topic files add themselves here. */
export const ALL_CHECK_SETS: readonly VplCheckSet[] = [nameChecks];
