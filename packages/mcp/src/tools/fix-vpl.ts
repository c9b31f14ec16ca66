import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { fixProgram } from '../analysis/fix-program.js';
import { runExclusive } from '../analysis/services.js';
import type { ServerDeps } from '../deps.js';
import {
  describeError,
  diagnosticSchema,
  failure,
  programArgument,
  programLinesProblem,
  READ_ONLY_ANNOTATIONS,
  rangeSchema,
  success,
} from './tool-kit.js';

/** `fix_vpl`: applies the quick fixes of a program's diagnostics and reports what changed and what remains. */
export function registerFixVplTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    'fix_vpl',
    {
      title: 'Apply quick fixes to a VPL program',
      description:
        "Apply the suggested fixes of a VPL program's diagnostics and return the fixed text, the list of fixes applied and the " +
        'diagnostics that remain. Fixes include: misspelled field, alias or type names (the closest declared name), `//` comments → `#`, ' +
        'single-quoted strings → double quotes, `forecast_expected_time` → `forecast_time`, `&&`/`||` → `and`/`or`, type names from other ' +
        'languages (`string` → `str`, `datetime` → `timestamp`), a `.on(...)` skeleton for a join without a condition, a bare field in ' +
        '`.aggregate` → `last(field)`. It never changes what a valid program means. Review `remaining`: those need your judgement.',
      inputSchema: {
        program: programArgument(deps.limits),
        codes: z
          .array(z.string().max(20))
          .max(50)
          .optional()
          .describe('only fix diagnostics with these codes (default: every fixable one)'),
      },
      outputSchema: {
        fixed: z.string().describe('the program after the fixes'),
        changed: z.boolean(),
        applied: z.array(
          z.object({ code: z.string(), title: z.string(), range: rangeSchema, round: z.number().int() }),
        ),
        remaining: z.array(diagnosticSchema),
        ok: z.boolean().describe('true when no error remains'),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async ({ program, codes }) => {
      const problem = programLinesProblem(program, deps.limits);
      if (problem) return failure(problem);
      try {
        const result = await runExclusive(() => fixProgram(program, { codes, maxRounds: deps.limits.maxFixRounds }));
        const ok = !result.remaining.some((d) => d.severity === 'error');
        const summary = `${result.applied.length} fixes applied; ${result.remaining.filter((d) => d.severity === 'error').length} errors remain.`;
        return success(
          {
            fixed: result.text,
            changed: result.text !== program,
            applied: result.applied,
            remaining: result.remaining,
            ok,
          },
          summary,
        );
      } catch (e) {
        deps.log(`fix_vpl failed: ${describeError(e)}`);
        return failure(
          `The program could not be fixed: ${describeError(e)}. Validate it with validate_vpl and edit it by hand.`,
        );
      }
    },
  );
}
