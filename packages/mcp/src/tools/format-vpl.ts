import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatText } from '../analysis/language-extras.js';
import { checkProgram } from '../analysis/program-check.js';
import { runExclusive } from '../analysis/services.js';
import type { ServerDeps } from '../deps.js';
import {
  describeError,
  diagnosticSchema,
  failure,
  programArgument,
  programLinesProblem,
  READ_ONLY_ANNOTATIONS,
  success,
} from './tool-kit.js';

/** `format_vpl`: the canonical layout, as the editor's formatter and `varpulis fmt` produce it. */
export function registerFormatVplTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    'format_vpl',
    {
      title: 'Format a VPL program',
      description:
        'Return the canonical formatting of a VPL program (the same layout as the editor formatter and `varpulis fmt`): ' +
        'indentation, one operation per line in stream chains, spacing. Comments are kept. A program with syntax errors is ' +
        'not formatted: the call fails with the syntax diagnostics; fix them first (validate_vpl, fix_vpl).',
      inputSchema: { program: programArgument(deps.limits) },
      outputSchema: {
        formatted: z.string().describe('the formatted program (equal to the input when it was already canonical)'),
        changed: z.boolean(),
        syntaxErrors: z.array(diagnosticSchema).optional(),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async ({ program }) => {
      const problem = programLinesProblem(program, deps.limits);
      if (problem) return failure(problem);
      try {
        const checked = await runExclusive(() => checkProgram(program, { engineCheck: false }));
        const syntaxErrors = checked.diagnostics.filter(
          (d) => d.code === 'VPL-P001' || d.code === 'VPL-L001' || d.code === 'VPL-L002',
        );
        if (syntaxErrors.some((d) => d.severity === 'error')) {
          return failure(
            'The program has syntax errors, so it cannot be formatted safely. Fix them first (fix_vpl can fix several), then format again.',
            {
              formatted: program,
              changed: false,
              syntaxErrors,
            },
          );
        }
        const result = formatText(program);
        if ('error' in result)
          return failure(`The program cannot be formatted: ${result.error}. Fix the syntax first (validate_vpl).`);
        const formatted = result.text;
        return success(
          { formatted, changed: formatted !== program },
          formatted === program ? 'Already formatted.' : 'Formatted.',
        );
      } catch (e) {
        deps.log(`format_vpl failed: ${describeError(e)}`);
        return failure(`The program could not be formatted: ${describeError(e)}. Validate it with validate_vpl first.`);
      }
    },
  );
}
