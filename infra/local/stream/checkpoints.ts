/**
 * Each shard's position in the stream, kept in a file so a restart neither re-delivers nor
 * skips.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One shard's saved position. */
export interface ShardCheckpoint {
  /** Last sequence number processed (delivered, filtered out or dead-lettered). */
  readonly sequenceNumber?: string;
  /** The shard closed and every record in it was processed. */
  readonly finished?: boolean;
}

/** The checkpoint file: positions belong to one stream. */
export interface CheckpointFile {
  readonly streamArn: string;
  readonly shards: Readonly<Record<string, ShardCheckpoint>>;
}

/**
 * The positions saved in `file` for `streamArn`; none when there is no file, or it was written
 * for another stream. Throws, saying what to do, when the file cannot be read.
 */
export function loadCheckpoints(
  file: string | undefined,
  streamArn: string,
): Record<string, ShardCheckpoint> {
  if (file === undefined || !existsSync(file)) return {};
  let saved: CheckpointFile;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as CheckpointFile;
  } catch (error) {
    throw new Error(
      `The stream checkpoint file ${file} cannot be read; delete it to start again from the ` +
        'oldest record the stream holds (emails already sent are not sent again)',
      { cause: error },
    );
  }
  // A table created anew has a new stream: the old positions mean nothing in it.
  return saved.streamArn === streamArn ? { ...saved.shards } : {};
}

/** Saves `content` to `file`, creating its folder. */
export async function saveCheckpoints(file: string, content: CheckpointFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // Write then rename, so a crash leaves the old checkpoints or the new, never half of one.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}
