/**
 * The set-up every browser test file shares: its own stack (a fresh build on free ports) and one
 * Chromium, started before the file's first test and stopped after its last. Call one of these
 * once at the top of a test file; what it returns is read inside hooks and tests, once started.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, type Browser } from './browser';
import { startTestStack, type TestStack } from './stack';

/** The file's stack and browser. */
export interface BrowserSuite {
  readonly stack: TestStack;
  readonly browser: Browser;
}

/** A suite with one browser context for the whole file. */
export interface SharedContextSuite extends BrowserSuite {
  readonly context: BrowserContext;
}

/** A suite that opens the landing page in a new context before each test. */
export interface LandingPageSuite extends BrowserSuite {
  readonly page: Page;
}

/** The value a hook set, or a clear error when a test reads it before the hook ran. */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The ${what} is read before its hook set it`);
  return value;
}

/** The suite with one more value, read when a test asks for it (a hook sets it later). */
function withValue<K extends string, V>(
  suite: BrowserSuite,
  key: K,
  read: () => V,
): BrowserSuite & { readonly [P in K]: V } {
  const extended = {
    get stack() {
      return suite.stack;
    },
    get browser() {
      return suite.browser;
    },
  };
  Object.defineProperty(extended, key, { get: read, enumerable: true });
  return extended as BrowserSuite & { readonly [P in K]: V };
}

/** Starts the stack and the browser for this file and stops them after it. */
export function useBrowserSuite(): BrowserSuite {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack() {
      return started(stack, 'stack');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

/** The suite plus one context (JavaScript on) that every test of the file opens its pages in. */
export function useSharedContext(): SharedContextSuite {
  const suite = useBrowserSuite();
  let context: BrowserContext | undefined;
  // Runs after the suite's own beforeAll: hooks run in the order they are registered.
  beforeAll(async () => {
    context = await suite.browser.context();
  });
  return withValue(suite, 'context', () => started(context, 'context'));
}

/** How `useLandingPage` opens each test's page. */
export interface LandingPageOptions {
  /** Off for the tests of the plain forms; on by default. */
  readonly javaScriptEnabled?: boolean;
  /** Called with each new page before it loads, to watch what it does from the start. */
  readonly onPage?: (page: Page) => void;
}

/**
 * The suite plus, before each test, a new context (own cookies and storage; the previous test's
 * is closed) with the landing page open in it.
 */
export function useLandingPage(options: LandingPageOptions = {}): LandingPageSuite {
  const suite = useBrowserSuite();
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeEach(async () => {
    await context?.close();
    context = await suite.browser.context({ javaScriptEnabled: options.javaScriptEnabled ?? true });
    page = await context.newPage();
    options.onPage?.(page);
    await page.goto(`${suite.stack.webUrl}/`);
  });
  return withValue(suite, 'page', () => started(page, 'page'));
}
