/**
 * Port checks for the local stack, so a busy port is reported with its name and the setting
 * that moves it, instead of a stack trace from whichever child happened to bind first.
 */
import { createServer } from 'node:net';

export class PortBusyError extends Error {
  override readonly name = 'PortBusyError';
}

/** Resolves when `port` on 127.0.0.1 can be bound; rejects with a message naming what to change. */
export function ensurePortFree(port: number, what: string, envVar: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new PortBusyError(
              `Port ${port} (${what}) is already in use. Stop whatever is using it ` +
                `(e.g. \`lsof -i :${port}\`) or choose another port: ${envVar}=<port> npm start`,
            )
          : error,
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** A port the OS says is free right now (for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
