/**
 * Stops a child process when the process that started it dies without stopping it: killed by
 * a signal it cannot handle (SIGKILL), as a test runner is when a run is aborted or a test
 * times out. A Java process does not notice that its parent is gone, so each such death would
 * otherwise leave a DynamoDB Local running.
 */
import { spawn } from 'node:child_process';

// Runs in its own small Node process, detached so that it outlives the parent: it checks twice
// a second whether it has been handed to another parent (ours died) and then kills the child;
// it exits as soon as the child has exited.
const WATCH = `
const [parent, child] = process.argv.slice(1).map(Number);
setInterval(() => {
  try { process.kill(child, 0); } catch { process.exit(0); }
  if (process.ppid !== parent) {
    try { process.kill(child, 'SIGKILL'); } catch {}
    process.exit(0);
  }
}, 500);
`;

/** Kills process `childPid` (with SIGKILL) within a second of this process's death. */
export function stopWithThisProcess(childPid: number): void {
  const guard = spawn(process.execPath, ['-e', WATCH, String(process.pid), String(childPid)], {
    detached: true,
    stdio: 'ignore',
  });
  guard.unref();
}
