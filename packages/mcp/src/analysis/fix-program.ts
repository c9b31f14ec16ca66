import { checkProgram, type ProgramDiagnostic } from './program-check.js';
import { applyEdits, type Range } from './text.js';

/** One fix that was applied. */
export interface AppliedFix {
  readonly code: string;
  readonly title: string;
  /** where the fixed diagnostic was, in the text of the round that fixed it */
  readonly range: Range;
  readonly round: number;
}

export interface FixResult {
  readonly text: string;
  readonly applied: AppliedFix[];
  /** the diagnostics of the fixed text */
  readonly remaining: ProgramDiagnostic[];
  readonly rounds: number;
}

/**
 * Applies the first suggested fix of every diagnostic (optionally only for some codes), re-validates, and repeats
 * while fixes apply, up to `maxRounds` rounds. Overlapping fixes of one round are deferred to the next.
 */
export async function fixProgram(
  text: string,
  options: { codes?: readonly string[]; maxRounds: number },
): Promise<FixResult> {
  const applied: AppliedFix[] = [];
  let current = text;
  let checked = await checkProgram(current);
  let rounds = 0;
  const wanted = options.codes && options.codes.length > 0 ? new Set(options.codes) : undefined;
  while (rounds < options.maxRounds) {
    const candidates = checked.diagnostics.filter((d) => d.fixes.length > 0 && (!wanted || wanted.has(d.code)));
    if (candidates.length === 0) break;
    rounds++;
    const edits = candidates.map((d) => ({ d, fix: d.fixes[0]! }));
    const result = applyEdits(
      current,
      edits.flatMap((e) => e.fix.edits),
    );
    if (result.applied.length === 0 || result.text === current) break;
    const appliedSet = new Set(result.applied);
    for (const { d, fix } of edits) {
      if (fix.edits.every((edit) => appliedSet.has(edit)))
        applied.push({ code: d.code, title: fix.title, range: d.range, round: rounds });
    }
    current = result.text;
    checked = await checkProgram(current);
  }
  return { text: current, applied, remaining: checked.diagnostics, rounds };
}
