/**
 * One invocation of the function with a batch, as Lambda judges it: the function's timeout and
 * what its answer means.
 */
import { isPlainObject } from './filter-pattern';
import type { Entry, Outcome } from './batches';

/** The function ran past its timeout. */
class InvocationTimeoutError extends Error {
  override readonly name = 'InvocationTimeoutError';
}

/** `promise`, or an {@link InvocationTimeoutError} once `ms` have passed (no limit when undefined). */
export function withTimeout<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvocationTimeoutError(`Task timed out after ${ms / 1000} seconds`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * What the function's answer to `batch` means. Without `reportBatchItemFailures` any answer is
 * a success; with it, the lowest failed record is where processing resumes.
 */
export function interpretResponse(
  response: unknown,
  batch: readonly Entry[],
  reportBatchItemFailures: boolean,
): Outcome {
  if (!reportBatchItemFailures || response === undefined || response === null) {
    return { kind: 'success' };
  }
  if (typeof response !== 'object') return { kind: 'error' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'error' };
  if (failures.length === 0) return { kind: 'success' };
  let failedFrom = Number.POSITIVE_INFINITY;
  for (const failure of failures as unknown[]) {
    const id = isPlainObject(failure) ? failure.itemIdentifier : undefined;
    const index =
      typeof id === 'string' && id !== '' ? batch.findIndex((e) => e.sequenceNumber === id) : -1;
    // AWS treats an empty, missing or unknown identifier as a failure of the whole batch.
    if (index < 0) return { kind: 'error' };
    failedFrom = Math.min(failedFrom, index);
  }
  return { kind: 'partial', failedFrom };
}
