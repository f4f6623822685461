/**
 * `npm run mutation [-- --force]`: Stryker over each group of files in stryker.config.mjs in
 * turn, then once over all of them to print the whole score.
 *
 * Stryker saves its results (.artifacts/mutation/incremental.json) only when a run ends, and
 * keeps the saved results of files a run does not mutate. Run group by group, a run stopped
 * half-way (Ctrl-C, a closed terminal) loses only the group in progress: the next run retests
 * only that group and what has changed since. The last, whole run reuses every saved result,
 * so it retests nothing; it prints the score per file and writes the HTML report.
 *
 * `--force` retests every mutant of every group (the last run still reuses their results).
 */
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { GROUPS } from './stryker.config.mjs';

const config = fileURLToPath(new URL('./stryker.config.mjs', import.meta.url));
const extra = process.argv.slice(2);

/** Runs Stryker to the end; stops this command too when Stryker fails or is stopped. */
function stryker(args) {
  const result = spawnSync('npx', ['stryker', 'run', config, ...args], { stdio: 'inherit' });
  if (result.signal !== null) process.kill(process.pid, result.signal);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

for (const [name, files] of Object.entries(GROUPS)) {
  process.stdout.write(`\n== Mutation group "${name}": ${files.join(', ')}\n\n`);
  stryker(['--mutate', files.join(','), ...extra]);
}
process.stdout.write('\n== All groups: the whole score (every result reused)\n\n');
stryker(extra.filter((arg) => arg !== '--force'));
