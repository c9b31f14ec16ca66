/** Where a command writes: its result (stdout) and everything else (stderr). Tests pass string collectors. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (colours, progress bars). */
  readonly interactive: boolean;
}

export const processOutput: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI && !process.env.NO_COLOR,
};

/** An output that collects text, for tests and for callers that render it themselves. */
export function collectingOutput(): CommandOutput & { stdout: string; stderr: string } {
  const collected = {
    stdout: '',
    stderr: '',
    interactive: false,
    out(text: string) {
      collected.stdout += text;
    },
    err(text: string) {
      collected.stderr += text;
    },
  };
  return collected;
}
