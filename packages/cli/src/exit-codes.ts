/** The exit codes of `varpulis` (docs/cli.md). Only main.ts turns them into the process exit code. */
export const ExitCode = {
  /** Success; warnings, hints and runtime diagnostics do not change this. */
  Success: 0,
  /** The program does not check or load: unreadable file, syntax or static error, failing initialiser, unusable checkpoint. */
  ProgramError: 1,
  /** Usage error: unknown option, missing argument, invalid option value. */
  UsageError: 2,
  /** Runtime input error: the input cannot be read, or input errors exceed --max-input-errors. */
  InputError: 3,
  /**
   * `run`: standard output was closed by its reader (EPIPE) or failed before all output was written; the run stopped
   * reading. 128 + SIGPIPE, the status a shell shows for a Unix tool killed by SIGPIPE (docs/limits.md, "Output").
   */
  OutputClosed: 141,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
