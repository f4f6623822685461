/**
 * Property-based: random and hostile requests of every kind thrown at the real handler on
 * DynamoDB Local. Whatever arrives, the API never answers 5xx, never stores an invalid lead,
 * and no value reaches a header (the answer's, or the emails' of a stored lead). A CI-sized
 * run; `npm run fuzz` runs the same properties at 10,000 cases and more per kind.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { leadsEvent, useSubmitHandler } from '../support/api-events';
import { CASE_KINDS, caseEvent, checkCase, type CaseKind } from '../support/lead-properties';
import { useLocalAws } from '../support/local-aws';

/** Cases per kind in `npm test`: enough to reach every path, small enough for CI. */
const RUNS_PER_KIND = 60;

describe('Property: the submit API under random and hostile input', () => {
  const aws = useLocalAws();
  const handler = useSubmitHandler(aws);
  let client = 0;
  const readLead = async (id: string) =>
    (
      await aws().db.send(
        new GetCommand({ TableName: aws().tableName, Key: leadKey(id), ConsistentRead: true }),
      )
    ).Item as LeadItem | undefined;

  it.each(Object.keys(CASE_KINDS) as CaseKind[])(
    'never answers 5xx, never stores an invalid lead, never puts a value in a header (%s)',
    async (kind) => {
      const statuses = new Set<number>();
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(CASE_KINDS[kind], async (fuzzCase) => {
          client += 1;
          const sourceIp = `100.64.${Math.floor(client / 250) % 250}.${client % 250}`;
          const result = await checkCase(
            () => handler(caseEvent(fuzzCase, sourceIp, leadsEvent)),
            readLead,
            sourceIp,
          );
          statuses.add(result.status);
          if (result.stored) stored += 1;
          expect(result.status).toBeLessThan(500);
          expect(result.invalidLead).toEqual([]);
          expect(result.headerProblems).toEqual([]);
        }),
        { numRuns: RUNS_PER_KIND },
      );
      // Each kind must reach more than one answer, or the property proves little.
      expect(statuses.size).toBeGreaterThan(1);
      if (kind === 'json-form' || kind === 'urlencoded-form' || kind === 'headers') {
        expect(stored).toBeGreaterThan(0);
      }
    },
  );
});
