/**
 * How this project starts Debian's Chromium, in one place for everything that drives it: the
 * browser tests and the Lighthouse benchmark, which import it from here. (The site's images are
 * drawn with sharp and need no browser.)
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
