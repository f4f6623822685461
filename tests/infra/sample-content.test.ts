/**
 * A production stage refuses to publish the demo: its name, its 555 number, example addresses,
 * and the sample people, pictures, reviews and prices the built page still shows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildLeadCaptureApp } from '../../infra/build';
import { ConfigError, parseConfig } from '../../infra/config/config';
import {
  refuseSampleContent,
  SampleContentError,
  sampleContentInSite,
  sampleSettings,
} from '../../infra/config/sample-content';
import { contextWith, PROD_WITH_DOMAIN, siteFixture } from './support/app';

/** A built site whose landing page shows two sample items (one with an escaped quote). */
function siteWithSamples(): string {
  const dir = siteFixture();
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>t</title><ul><li class="review" data-sample="web/content/clinic.ts: CLINIC.reviews.items[0]: sample review by Maria G."></li>' +
      '<li data-sample="web/content/clinic.ts: CLINIC.team.practitioners[0]: sample practitioner &quot;Dr. Lena Park&quot;"></li></ul>',
  );
  return dir;
}

function refusal(context: Record<string, unknown>, siteSource: string): unknown {
  try {
    buildLeadCaptureApp(new App({ context }), { siteSource });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Sample content at synth', () => {
  it('refuses a production synth of the demo, listing every setting and item to replace', () => {
    // A trial without a domain, so the domain rule of a production stage is not what refuses.
    const trial = { retainData: true, production: true, allowCloudFrontDomain: true };
    const error = refusal(
      contextWith({ stage: 'prod', stages: { prod: trial } }),
      siteWithSamples(),
    );
    expect(error).toBeInstanceOf(SampleContentError);
    // A configuration mistake to the CDK app, so it is printed without a stack trace.
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const line of [
      'Stage "prod" would publish the demo clinic\'s sample content',
      'clinic.name is the demo clinic\'s name "Willow Lane Acupuncture"',
      'clinic.phone +13125550134 is a fictional 555 number',
      'clinic.publicEmail hello@willowlane-acupuncture.example.com is an example address',
      'leads.recipients[0] frontdesk@willowlane-acupuncture.example.com is an example address',
      'leads.sender.email no-reply@willowlane-acupuncture.example.com is an example address',
      'deployment.opsEmail ops@willowlane-acupuncture.example.com is an example address',
      'site.siteUrl https://www.willowlane-acupuncture.example.com is an example address',
      'web/content/clinic.ts: CLINIC.reviews.items[0]: sample review by Maria G.',
      'web/content/clinic.ts: CLINIC.team.practitioners[0]: sample practitioner "Dr. Lena Park"',
    ]) {
      expect(message).toContain(line);
    }
  });

  it("refuses a production synth whose settings are the clinic's own but whose page shows samples", () => {
    const error = refusal(contextWith(PROD_WITH_DOMAIN), siteWithSamples());
    expect(error).toBeInstanceOf(SampleContentError);
    const message = (error as Error).message;
    expect(message).not.toContain('In cdk.json');
    expect(message).toContain('sample review by Maria G.');
  });

  it("builds a production stage with the clinic's own settings and no sample on the page", () => {
    expect(refusal(contextWith(PROD_WITH_DOMAIN), siteFixture())).toBeUndefined();
  });

  it('lets a development stage show the demo', () => {
    expect(refusal(contextWith({ stage: 'dev' }), siteWithSamples())).toBeUndefined();
  });

  it.each([
    ['+13125550134', true],
    ['+12025550199', true],
    ['+13129804417', false],
    ['+442079460958', false],
  ])('treats %s as fictional: %s', (phone, fictional) => {
    const config = parseConfig(
      contextWith({ ...PROD_WITH_DOMAIN, clinic: { ...PROD_WITH_DOMAIN.clinic, phone } }),
    );
    expect(sampleSettings(config).some((line) => line.startsWith('clinic.phone'))).toBe(fictional);
  });

  it.each([
    ['frontdesk@clinic.example', true],
    ['frontdesk@mail.example.org', true],
    ['frontdesk@clinic.test', true],
    ['frontdesk@example-clinic.com', false],
    ['frontdesk@birchstreet-acupuncture.com', false],
  ])('treats %s as an example address: %s', (address, example) => {
    const config = parseConfig(
      contextWith({
        ...PROD_WITH_DOMAIN,
        leads: { ...PROD_WITH_DOMAIN.leads, recipients: [address] },
      }),
    );
    expect(sampleSettings(config).some((line) => line.startsWith('leads.recipients[0]'))).toBe(
      example,
    );
  });

  it('reads each marked item of the built site once, with its entities decoded', () => {
    expect(sampleContentInSite(siteWithSamples())).toEqual([
      'web/content/clinic.ts: CLINIC.reviews.items[0]: sample review by Maria G.',
      'web/content/clinic.ts: CLINIC.team.practitioners[0]: sample practitioner "Dr. Lena Park"',
    ]);
  });

  it('does nothing for a stage that is not production', () => {
    const config = parseConfig(contextWith({ stage: 'dev' }));
    expect(() => refuseSampleContent(config, siteWithSamples())).not.toThrow();
  });
});
