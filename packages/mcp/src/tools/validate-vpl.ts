import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { checkProgram } from '../analysis/program-check.js';
import { runExclusive } from '../analysis/services.js';
import type { ServerDeps } from '../deps.js';
import {
  countsSchema,
  describeError,
  diagnosticSchema,
  failure,
  programArgument,
  programLinesProblem,
  READ_ONLY_ANNOTATIONS,
  success,
} from './tool-kit.js';

/** `validate_vpl`: the editor's static checks, with codes, 1-based ranges, severities and suggested fixes. */
export function registerValidateVplTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    'validate_vpl',
    {
      title: 'Validate a VPL program',
      description:
        'Check a VPL (Varpulis Processing Language) program without running it. Returns every diagnostic with its stable code ' +
        '(same codes as the VS Code extension and `varpulis check`), severity (error blocks running; warning and hint do not), ' +
        '1-based range, message and suggested fixes (text edits). `ok` is true when there is no error, i.e. the program loads in the engine. ' +
        'Call this after writing or editing a program; then call fix_vpl to apply the suggested fixes, or edit the program yourself.',
      inputSchema: {
        program: programArgument(deps.limits),
        includeHints: z.boolean().optional().describe('include hint-severity diagnostics (default true)'),
      },
      outputSchema: {
        ok: z.boolean().describe('true when there is no error'),
        counts: countsSchema,
        diagnostics: z.array(diagnosticSchema),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async ({ program, includeHints }) => {
      const problem = programLinesProblem(program, deps.limits);
      if (problem) return failure(problem);
      try {
        const checked = await runExclusive(() => checkProgram(program));
        const diagnostics =
          includeHints === false ? checked.diagnostics.filter((d) => d.severity !== 'hint') : checked.diagnostics;
        const ok = checked.counts.errors === 0;
        const summary = ok
          ? `No errors (${checked.counts.warnings} warnings, ${checked.counts.hints} hints).`
          : `${checked.counts.errors} errors, ${checked.counts.warnings} warnings. Fix the errors (fix_vpl applies the suggested fixes) and validate again.`;
        return success({ ok, counts: checked.counts, diagnostics }, summary);
      } catch (e) {
        deps.log(`validate_vpl failed: ${describeError(e)}`);
        return failure(
          `The program could not be checked: ${describeError(e)}. Check that it is VPL text and try a smaller part of it.`,
        );
      }
    },
  );
}
