import { BUILTINS, type Builtin, formatVpl } from '@varpulis/language';
import { languageServices } from './services.js';

/** The builtin registry of the language package (functions, aggregates, trend functions, methods, variables). */
export function builtins(): readonly Builtin[] {
  return BUILTINS;
}

/** The canonical formatting of a text, or the reason it cannot be formatted (a syntax error). */
export function formatText(text: string): { text: string } | { error: string } {
  const result = formatVpl(text, { services: languageServices() }) as { text?: string; error?: unknown };
  if (typeof result.text === 'string') return { text: result.text };
  const error = result.error;
  return {
    error:
      typeof error === 'string'
        ? error
        : error && typeof error === 'object' && 'message' in error
          ? String((error as { message: unknown }).message)
          : 'syntax error',
  };
}
