/**
 * The polling helper of the integration tests: a step that never happens must fail the test at
 * that step, not let it carry on once the time is up.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local-aws';

describe('Test support: eventually', () => {
  it('returns the first value that satisfies the condition', async () => {
    let calls = 0;
    const value = await eventually(
      () => Promise.resolve(++calls),
      (n) => n >= 3,
      2_000,
    );
    expect(value).toBe(3);
  });

  it('throws at its deadline, with the last value seen, when the condition never holds', async () => {
    await expect(
      eventually(
        () => Promise.resolve(['only one email']),
        (list) => list.length >= 2,
        300,
      ),
    ).rejects.toThrow(/after 300 ms; last value: \["only one email"\]/);
  });
});
