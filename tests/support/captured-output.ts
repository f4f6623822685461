/**
 * For tests that read the functions' logs: turns them on and records what the process writes
 * to stdout and stderr, still passing it through to the terminal.
 */

/** What was written since the capture began, and how to end it. */
export interface CapturedOutput {
  /** How many chunks have been written so far: a mark to read from with {@link text}. */
  readonly mark: () => number;
  /** Everything written since the capture began, or since `from` (a {@link mark}). */
  readonly text: (from?: number) => string;
  /** Puts stdout and stderr back and the logs to silent again. */
  readonly restore: () => void;
}

/** Turns the logs on (POWERTOOLS_LOG_LEVEL=INFO) and starts recording stdout and stderr. */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const originalStdout = process.stdout.write.bind(process.stdout);
  const originalStderr = process.stderr.write.bind(process.stderr);
  const capture =
    (original: typeof process.stdout.write) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.stdout.write = capture(originalStdout) as typeof process.stdout.write;
  process.stderr.write = capture(originalStderr) as typeof process.stderr.write;
  return {
    mark: () => chunks.length,
    text: (from = 0) => chunks.slice(from).join(''),
    restore: () => {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
      process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    },
  };
}
