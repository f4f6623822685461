/**
 * How each operator command (`npm run export`, `report`, `seed`, `redrive`) starts: its module
 * exports a `run...(argv, io)` that tests call with their own streams, and ends with
 * `runCli(import.meta.url, run...)`, which runs it only when the file itself was started.
 */
import { pathToFileURL } from 'node:url';

/** What every command is given: the environment and where its output and errors go. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * When `moduleUrl` is the file node was started with, runs `command` with the process's
 * arguments, environment and console, and exits with the code it resolves to (1 when it
 * throws, after printing the error). Imported by a test, it does nothing.
 */
export function runCli(
  moduleUrl: string,
  command: (argv: readonly string[], io: CliIo) => Promise<number>,
): void {
  const started = process.argv[1];
  if (started === undefined || moduleUrl !== pathToFileURL(started).href) return;
  command(process.argv.slice(2), {
    env: process.env,
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
