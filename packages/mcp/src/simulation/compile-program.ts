import { type CompileError, compile, expandDeclarationLoops, type ProgramPlan } from '@varpulis/engine';
import { parseVpl } from '@varpulis/language';
import { languageServices } from '../analysis/services.js';

/**
 * Compiles a program the way the engine's `compileSource` does (expand declaration loops, parse, validate,
 * compile), but with this process's language services and without leaving the program's declarations in the
 * services' index, so that one simulation never sees another program's event types.
 */
export async function compileProgram(
  text: string,
): Promise<{ plan: ProgramPlan; errors: CompileError[]; ok: boolean }> {
  const expanded = expandDeclarationLoops(text);
  const errors: CompileError[] = [...expanded.errors];
  const services = languageServices();
  const { document, diagnostics } = await parseVpl(expanded.text, { services });
  services.shared.workspace.IndexManager.remove(document.uri);
  for (const d of diagnostics) {
    errors.push({
      code: typeof d.code === 'string' ? d.code : d.code === undefined ? 'VPL-P001' : String(d.code),
      message: typeof d.message === 'string' ? d.message : String(d.message),
      severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'hint',
      span: {
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      },
    });
  }
  const parsedOk = !errors.some((e) => e.severity === 'error' && e.code === 'VPL-P001');
  const result = compile(document.parseResult.value, { sourceText: expanded.text });
  const all = parsedOk ? [...errors, ...result.errors] : errors;
  return { plan: result.plan, errors: all, ok: !all.some((e) => e.severity === 'error') };
}
