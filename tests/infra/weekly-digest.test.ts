/** The weekly digest in the stack: an hourly schedule, narrow table access, send from the sender only. */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestFunction } from '../../infra/manifest';
import {
  actionsOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Synthesized,
} from './support/app';

describe('Weekly digest in the stack', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({ marketing: { digestRecipients: ['marketing@clinic.example'] } });
  });

  it('runs the function every hour', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: Match.arrayWith([Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2 } })]),
    });
  });

  it('passes the marketers to the function and lets it send only from the sender', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ DIGEST_RECIPIENTS: 'marketing@clinic.example' }),
      },
    });
    const statements = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, digestFunction.entry),
    );
    const send = statements.find((s) => actionsOf(s).includes('ses:SendEmail'))!;
    expect(JSON.stringify(send.Condition)).toContain(
      '"ses:FromAddress":"no-reply@willowlane-acupuncture.example.com"',
    );
    expect(JSON.stringify(send.Resource)).toContain('identity/marketing@clinic.example');
    const table = statements.find((s) => actionsOf(s).includes('dynamodb:Query'))!;
    expect(actionsOf(table).sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(table.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FUNNEL#*', 'LEADS#*', 'DIGEST#*'] },
    });
  });
});
