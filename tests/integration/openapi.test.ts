/**
 * The OpenAPI 3.1 description of `POST /api/leads` (functions/submit/openapi.json): a valid
 * document, in step with the README's contract, and every example in it answered by the real
 * handler on DynamoDB Local as the description says.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { leadsEvent, useSubmitHandler } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

interface Example {
  readonly summary?: string;
  readonly value: unknown;
}
interface MediaType {
  readonly schema: { readonly oneOf?: readonly { readonly properties: Record<string, unknown> }[] };
  readonly examples?: Readonly<Record<string, Example>>;
}
interface Operation {
  readonly requestBody: { readonly content: Readonly<Record<string, MediaType>> };
  readonly responses: Readonly<
    Record<string, { readonly content?: Readonly<Record<string, MediaType>> }>
  >;
}

const spec = JSON.parse(readFileSync('functions/submit/openapi.json', 'utf8')) as {
  openapi: string;
  paths: Record<string, { post: Operation }>;
};
const operation = spec.paths['/api/leads']?.post as Operation;
const readme = readFileSync('README.md', 'utf8');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every request example, with the one response (status and example) it documents. */
const cases = Object.entries(operation.requestBody.content).flatMap(([mediaType, media]) =>
  Object.entries(media.examples ?? {}).map(([name, example]) => {
    const answers = Object.entries(operation.responses).flatMap(([status, response]) =>
      Object.values(response.content ?? {}).flatMap((m) =>
        m.examples?.[name] ? [{ status: Number(status), expected: m.examples[name].value }] : [],
      ),
    );
    return { name, mediaType, request: example.value, answers };
  }),
);

describe('OpenAPI description of POST /api/leads', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(spec.openapi).toBe('3.1.0');
    const result = await new Validator().validate(spec as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('describes exactly the fields of the README’s contract, for both kinds and both content types', () => {
    const start = readme.indexOf('| field');
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    const readmeFields = new Set(
      [...table.matchAll(/^\| (`[^|]+)\|/gm)].flatMap((row) =>
        [...(row[1] ?? '').matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1] as string),
      ),
    );
    readmeFields.delete('Idempotency-Key'); // a header, described as a parameter
    expect(readmeFields.size).toBeGreaterThan(15);
    for (const media of Object.values(operation.requestBody.content)) {
      for (const variant of media.schema.oneOf ?? []) {
        expect(new Set(Object.keys(variant.properties))).toEqual(readmeFields);
      }
    }
  });

  it('documents every status the README’s answer table lists', () => {
    const start = readme.indexOf('| answer');
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    const statuses = new Set([...table.matchAll(/`(\d{3})\b/g)].map((m) => m[1]));
    expect(statuses.size).toBeGreaterThan(8);
    for (const status of statuses) expect(Object.keys(operation.responses)).toContain(status);
  });

  it('pairs every request example with exactly one documented answer, and every answer example with a request', () => {
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) expect(c.answers, c.name).toHaveLength(1);
    const requestNames = new Set(cases.map((c) => c.name));
    for (const response of Object.values(operation.responses)) {
      for (const media of Object.values(response.content ?? {})) {
        for (const name of Object.keys(media.examples ?? {})) expect(requestNames).toContain(name);
      }
    }
  });

  describe('every example, sent to the handler (DynamoDB Local)', () => {
    const aws = useLocalAws();
    const handler = useSubmitHandler(aws);
    let client = 0;

    it.each(cases)('$name ($mediaType) is answered as documented', async (c) => {
      const [answer] = c.answers;
      if (answer === undefined) throw new Error(`${c.name} documents no answer`);
      client += 1;
      const response = await handler(
        leadsEvent({
          contentType: c.mediaType,
          body: typeof c.request === 'string' ? c.request : JSON.stringify(c.request),
          sourceIp: `192.0.2.${client}`,
        }),
      );
      expect(response.statusCode).toBe(answer.status);
      if (answer.status === 303) {
        expect(response.headers?.location).toMatch(
          /^\/thank-you\/\?ref=[0-9a-f-]{36}&kind=(callback|contact)$/,
        );
        return;
      }
      const body = JSON.parse(response.body ?? '') as Record<string, unknown>;
      const expected = answer.expected as Record<string, unknown>;
      if ('id' in expected) {
        expect(body.id).toMatch(UUID);
        expect({ ...body, id: expected.id }).toEqual(expected);
      } else {
        expect(body).toEqual(expected);
      }
    });
  });
});
