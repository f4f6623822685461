/**
 * `npm run bench:submit`: what a patient waits for, from pressing "Request my callback" to the
 * success message, in Chromium on the local stack (the production build of the page, the real
 * handlers as their shipped bundles, DynamoDB Local, the SES emulator), in three cases measured
 * side by side in one run:
 *
 * - (a) cold, no warm-up: a fresh function process meets the submission itself (the page's
 *   warm-up request is blocked in the browser);
 * - (b) cold, warmed while typing: a fresh function process, woken by the page's warm-up at the
 *   first keystroke, while the patient types their name and number;
 * - (c) warm: the process that answered the previous submission answers this one.
 *
 * A fresh start is a new function process (the local stack's `functionInstances: 'process'`
 * and `dropWarmInstances()`): the runtime starts, imports the bundle, builds its clients, as a
 * Lambda cold start does. Each round opens a new browser context per case and runs the cases in
 * a rotating order, so machine load falls on all three alike; the figures are medians.
 *
 * A benchmark, not a test: it prints figures and asserts none.
 */
import type { Page } from 'playwright-core';
import { FIELD_TEXT } from '../../functions/contract/lead-schema';
import { launchBrowser } from '../browser/support/browser';
import { callbackForm, fillCallback, submitCallback } from '../browser/support/forms';
import { startTestStack } from '../browser/support/stack';
import { startDynamoDbLocal, startSesLocal } from '../../infra/local/emulators';
import { freePort } from '../../infra/local/ports';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
/** Milliseconds between keystrokes: a quick typist (about 60 words a minute is 200 ms). */
const KEY_DELAY_MS = Number(process.env.BENCH_KEY_DELAY_MS ?? 80);

type Case = 'a' | 'b' | 'c';
const CASES: Readonly<Record<Case, string>> = {
  a: '(a) cold function, no warm-up',
  b: '(b) cold function, warmed while typing',
  c: '(c) warm function',
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Starts timing in the page: from the button's click (before the page's own handler runs) to
 * the success message being shown, both read from the page's own clock.
 */
async function armTimer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const form = document.getElementById('callback-form');
    const button = form?.querySelector('button[type="submit"]');
    const success = form?.parentElement?.querySelector<HTMLElement>('.form-success');
    if (!button || !success) throw new Error('the callback form or its success message is missing');
    (window as { benchSubmit?: Promise<number> }).benchSubmit = new Promise<number>((resolve) => {
      let pressed: number | undefined;
      button.addEventListener('click', () => (pressed = performance.now()), {
        capture: true,
        once: true,
      });
      const observer = new MutationObserver(() => {
        if (pressed !== undefined && !success.hidden) {
          observer.disconnect();
          resolve(performance.now() - pressed);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  });
}

async function main(): Promise<void> {
  console.log(
    `bench:submit: ${ROUNDS} rounds of (a), (b) and (c); typing at ${KEY_DELAY_MS} ms a key; building the site and starting the local stack…`,
  );
  // The functions' log lines (inherited by their processes) would bury the figures.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  // Started here with a patient timeout: DynamoDB Local's Java start is slow on a busy machine.
  const dynamo = await startDynamoDbLocal({ port: await freePort(), timeoutMs: 180_000 });
  const ses = await startSesLocal({ port: await freePort() });
  const stack = await startTestStack({
    functionInstances: 'process',
    emulators: { dynamodbEndpoint: dynamo.endpoint, sesUrl: ses.url },
  });
  const browser = await launchBrowser();
  let count = 0;

  /** One patient: open the page, type, press the button; the milliseconds to success. */
  const patient = async (which: Case): Promise<number> => {
    if (which !== 'c') await stack.dropWarmInstances();
    const context = await browser.context();
    try {
      const page = await context.newPage();
      let warmUps = 0;
      await page.route(
        (url) => url.pathname === '/api/leads' && url.searchParams.has('warm'),
        (route) => {
          warmUps++;
          return which === 'a' ? route.abort() : route.continue();
        },
      );
      await page.goto(`${stack.webUrl}/`, { waitUntil: 'load' });
      const form = callbackForm(page);
      count++;
      await form.getByLabel(FIELD_TEXT.name.label).pressSequentially(`Bench Patient ${count}`, {
        delay: KEY_DELAY_MS,
      });
      await form
        .getByLabel(FIELD_TEXT.phone.label)
        .pressSequentially('(312) 555-0188', { delay: KEY_DELAY_MS });
      await fillCallback(page, { preferredTime: 'morning', consent: true });
      await armTimer(page);
      await submitCallback(page);
      const ms = await page.evaluate(
        () => (window as { benchSubmit?: Promise<number> }).benchSubmit,
      );
      if (ms === undefined) throw new Error('the timer was not armed');
      if (warmUps !== 1) throw new Error(`case ${which}: ${warmUps} warm-up requests, not 1`);
      return ms;
    } finally {
      await context.close();
    }
  };

  try {
    await patient('c'); // the page's files in the server's cache, the table touched once
    const times: Record<Case, number[]> = { a: [], b: [], c: [] };
    const orders: readonly (readonly Case[])[] = [
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of orders[round % orders.length]!) times[which].push(await patient(which));
      process.stdout.write('.');
    }
    const medians = { a: median(times.a), b: median(times.b), c: median(times.c) };
    console.log('\n\nbutton to success message, median (min–max) over fresh starts:');
    for (const which of ['a', 'b', 'c'] as const) {
      const sorted = [...times[which]].sort((x, y) => x - y);
      console.log(
        `  ${CASES[which].padEnd(40)} ${medians[which].toFixed(0).padStart(5)} ms  (${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)})`,
      );
    }
    console.log(
      `\n(b)/(c): ${(medians.b / medians.c).toFixed(2)}x (goal <= 1.3x); (a)/(c): ${(medians.a / medians.c).toFixed(2)}x`,
    );
  } finally {
    await browser.close();
    await stack.stop();
    await ses.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
