import { beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from './support/rest-routes';
import { STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';
import {
  followUpFunction,
  notifyFunction,
  statusFunction,
  submitFunction,
} from '../../infra/manifest';
import { STATUS_LINK_KEY_LENGTH } from '../../infra/constructs/status-links';
import {
  actionsOf,
  resourcesOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Synthesized,
  type TemplateJson,
} from './support/app';

function environmentOf(synth: Synthesized, entry: string): Record<string, unknown> {
  const [[, fn]] = resourcesOf(synth.template, 'AWS::Lambda::Function').filter(([, f]) =>
    JSON.stringify(f).includes(entry),
  ) as [[string, TemplateJson]];
  return fn.Properties.Environment.Variables as Record<string, unknown>;
}

describe('Status links (dev stage)', () => {
  let synth: Synthesized;
  let secretId: string;
  beforeAll(() => {
    synth = synthesize();
    const secrets = resourcesOf(synth.template, 'AWS::SecretsManager::Secret').filter(([id]) =>
      id.startsWith('StatusLinks'),
    );
    expect(secrets).toHaveLength(1);
    secretId = secrets[0]![0];
  });

  it('generates the key at deploy, encrypted with the table key; no value in the template', () => {
    const secret = synth.template.toJSON().Resources[secretId] as TemplateJson;
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: STATUS_LINK_KEY_LENGTH,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(JSON.stringify(secret.Properties.KmsKeyId)).toContain('LeadStoreKey');
  });

  it('tells the signing and checking functions where the key is, and nobody else', () => {
    for (const fn of [notifyFunction, statusFunction, followUpFunction]) {
      expect(environmentOf(synth, fn.entry)[STATUS_LINK_KEY_VARIABLE]).toEqual({ Ref: secretId });
    }
    expect(environmentOf(synth, submitFunction.entry)[STATUS_LINK_KEY_VARIABLE]).toBeUndefined();
  });

  it('lets only those functions read it, and only that secret', () => {
    const readers = [notifyFunction, statusFunction, followUpFunction, submitFunction].map((fn) => {
      const statements = statementsOfRole(synth.template, roleOfFunction(synth.template, fn.entry));
      const reads = statements.filter((s) =>
        actionsOf(s).includes('secretsmanager:GetSecretValue'),
      );
      for (const statement of reads) expect(statement.Resource).toEqual({ Ref: secretId });
      return reads.length > 0;
    });
    expect(readers).toEqual([true, true, true, false]);
  });

  it('serves the status page on the API, behind the same origin check', () => {
    expect(restRoutes(synth.template).map((route) => route.routeKey)).toContain(
      'ANY /api/leads/status',
    );
    expect(environmentOf(synth, statusFunction.entry).ORIGIN_VERIFY_SECRET).toBeDefined();
  });
});
