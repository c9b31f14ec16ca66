import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { countLines } from '../analysis/text.js';
import type { McpLimits } from '../limits.js';

/** Every tool of this server only reads its input, gives the same answer twice and never leaves the machine. */
export const READ_ONLY_ANNOTATIONS: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

export const positionSchema = z.object({
  line: z.number().int().describe('1-based line'),
  column: z.number().int().describe('1-based column'),
});

export const rangeSchema = z.object({
  start: positionSchema,
  end: positionSchema.describe('just past the last character'),
});

export const editSchema = z.object({ range: rangeSchema, newText: z.string() });

export const diagnosticSchema = z.object({
  code: z.string().describe("stable diagnostic code, e.g. 'VPL-N001', 'E012', 'VPL-P001' (syntax)"),
  severity: z.enum(['error', 'warning', 'hint', 'info']),
  message: z.string(),
  range: rangeSchema,
  source: z.enum(['validator', 'engine']),
  fixes: z
    .array(z.object({ title: z.string(), edits: z.array(editSchema) }))
    .describe('suggested fixes; fix_vpl applies them'),
});

export const countsSchema = z.object({ errors: z.number().int(), warnings: z.number().int(), hints: z.number().int() });

/** The `program` argument every tool takes, bounded by the limits. */
export function programArgument(limits: McpLimits, description = 'VPL program source text') {
  return z
    .string()
    .max(limits.maxProgramChars, {
      message: `The program is longer than ${limits.maxProgramChars} characters (the maxProgramChars limit). Split it into smaller programs or send only the streams concerned.`,
    })
    .describe(description);
}

/** A successful result: structured content plus the same data as JSON text for clients without structured output. */
export function success<T extends Record<string, unknown>>(structured: T, summary?: string): CallToolResult {
  const json = JSON.stringify(structured);
  return {
    content: [{ type: 'text', text: summary === undefined ? json : `${summary}\n${json}` }],
    structuredContent: structured,
  };
}

/**
 * A failed call: `isError: true`, a hint that tells the assistant how to recover and, when it fits the tool's
 * output schema, structured content (diagnostics).
 */
export function failure(hint: string, structured?: Record<string, unknown>): CallToolResult {
  const result: CallToolResult = { content: [{ type: 'text', text: hint }], isError: true };
  if (structured !== undefined) {
    result.structuredContent = structured;
    result.content.push({ type: 'text', text: JSON.stringify(structured) });
  }
  return result;
}

/** Refuses a program with too many lines (the character limit is in the schema). */
export function programLinesProblem(text: string, limits: McpLimits): string | undefined {
  const lines = countLines(text);
  if (lines > limits.maxProgramLines) {
    return `The program has ${lines} lines; the limit is ${limits.maxProgramLines} (maxProgramLines). Send a smaller program, e.g. only the declarations and the streams you are working on.`;
  }
  return undefined;
}

/** A message for an unexpected exception, for the `isError` text. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
