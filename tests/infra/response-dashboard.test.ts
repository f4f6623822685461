import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, synthesize, type Synthesized, type TemplateJson } from './support/app';

describe('Response-time dashboard (dev stage)', () => {
  let body: string;
  beforeAll(() => {
    const synth: Synthesized = synthesize();
    const dashboards = resourcesOf(synth.template, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    body = JSON.stringify((dashboards[0]![1] as TemplateJson).Properties.DashboardBody);
  });

  it.each(['MinutesToFirstAttempt', 'MinutesToFirstContact'])(
    'draws the median and p90 of %s from the lead-status service, against the target',
    (metric) => {
      expect(body).toContain(`\\"LeadCapture\\",\\"${metric}\\",\\"service\\",\\"lead-status\\"`);
      expect(body).toContain('\\"stat\\":\\"p50\\"');
      expect(body).toContain('\\"stat\\":\\"p90\\"');
      expect(body).toContain('target (15 opening minutes)');
    },
  );
});
