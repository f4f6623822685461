/**
 * The first warm-up's rehearsal: the whole submit path once, on a sample, against a table client
 * that answers from memory. It must reach nothing outside the process.
 */
import type { TableClient } from '../../../functions/lib/dynamodb-json';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { e164Normaliser } from '../../../functions/lib/phone';
import type { SubmitDeps } from '../../../functions/submit/submit-lead';
import { rehearseSubmission } from '../../../functions/submit/warm-up';

const CONFIG: SubmitDeps['config'] = {
  retentionDays: 365,
  spamRetentionDays: 7,
  rateLimit: { maxPerWindow: 10, windowSeconds: 600 },
  consentVersion: '2026-11-01',
  campaigns: {},
};

// Lambda's environment: region and the role's credentials, which the rehearsal signs with.
beforeEach(() => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('The warm-up’s rehearsal of a submission', () => {
  it('runs the submit path on its sample and sends nothing through the function’s own client', async () => {
    const send = vi.fn(() => Promise.reject(new Error('the real table was reached')));
    const normalisePhone = vi.fn(e164Normaliser('US'));
    const now = vi.fn(() => new Date('2026-11-30T15:00:00Z'));
    const completed = await rehearseSubmission(
      {
        db: { send } as TableClient,
        tableName: 'leads-test',
        normalisePhone,
        now,
        config: CONFIG,
      },
      '+13125550134',
    );
    expect(completed).toBe(true);
    expect(send).not.toHaveBeenCalled();
    // The path ran: the clock was read and the clinic's number went through the phone rules.
    expect(now).toHaveBeenCalled();
    expect(normalisePhone).toHaveBeenCalledWith('+13125550134');
  });

  it('opens no connection of any kind', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const net = await import('node:net');
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const completed = await rehearseSubmission(
      {
        db: {} as TableClient,
        tableName: 'leads-test',
        normalisePhone: e164Normaliser('US'),
        now: () => new Date('2026-11-30T15:00:00Z'),
        config: CONFIG,
      },
      '+13125550134',
    );
    expect(completed).toBe(true);
    expect(connect).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    connect.mockRestore();
  });

  it('never fails the warm-up, whatever goes wrong in it', async () => {
    await expect(
      rehearseSubmission(
        {
          db: {} as TableClient,
          tableName: 'leads-test',
          normalisePhone: () => {
            throw new Error('phone rules broken');
          },
          now: () => new Date('2026-11-30T15:00:00Z'),
          config: CONFIG,
        },
        '+13125550134',
      ),
    ).resolves.toBe(false);
  });

  it('runs to its end for a clinic in another country, on the clinic’s own number', async () => {
    const completed = await rehearseSubmission(
      {
        db: {} as TableClient,
        tableName: 'leads-test',
        normalisePhone: e164Normaliser('GB', { countries: ['GB'], numberTypes: ['FIXED_LINE'] }),
        now: () => new Date('2026-11-30T15:00:00Z'),
        config: CONFIG,
      },
      '+442079460958',
    );
    expect(completed).toBe(true);
  });
});
