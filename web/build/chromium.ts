/**
 * How this project starts Debian's Chromium, in one place for everything that drives it: the
 * image drawing beside this file, the browser tests and the Lighthouse benchmark.
 *
 * It lives with the build tools rather than under tests/ because the build's own script
 * (make-images.ts) needs it and build code does not depend on tests; the tests and the
 * benchmark import it from here.
 */
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, or the one CHROME_PATH names. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags without which Chromium stalls or reaches for the network here. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium through playwright, which gives each launch a fresh, throw-away profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
