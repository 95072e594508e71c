import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type TestPage } from './browser.js';
import { startApp, type RunningApp } from './server.js';

export interface BrowserSuite {
  /** The built app of this file (set once `beforeAll` has run). */
  readonly app: RunningApp;
  /** The pages the running test opened, oldest first. */
  readonly pages: readonly TestPage[];
  /** A page in a fresh browser context on the app, checked and closed after the test. */
  open(viewport?: { width: number; height: number }): Promise<TestPage>;
}

/**
 * One built app and one chromium per test file. Every page a test opens through `open` is checked
 * for console errors and its context closed after the test, also when an earlier check failed.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let pages: TestPage[] = [];

  beforeAll(async () => {
    app = await startApp({ env });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.stop();
  });

  afterEach(async (ctx) => {
    const opened = pages;
    pages = [];
    const failures: string[] = [];
    for (const tp of opened) {
      try {
        tp.console.assertNone(ctx.task.name);
      } catch (e) {
        failures.push((e as Error).message);
      }
      await tp.context.close().catch(() => undefined);
    }
    if (failures.length) throw new Error(failures.join('\n'));
  });

  return {
    get app() {
      if (!app) throw new Error('browserSuite: the app is not started yet (use it inside tests)');
      return app;
    },
    get pages() {
      return pages;
    },
    async open(viewport) {
      if (!app || !browser) throw new Error('browserSuite: not started yet');
      const tp = await openPage(browser, { baseURL: app.baseUrl, viewport });
      pages.push(tp);
      return tp;
    },
  };
}
