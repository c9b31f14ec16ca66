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
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
