import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';

/**
 * Chromium measurements of `npm run bench`. Times are taken inside the page (performance.now(), whose origin is
 * the start of the navigation) and end in the frame after the DOM shows the awaited state: a MutationObserver
 * sees it, then requestAnimationFrame plus one message lets that frame be laid out and painted.
 */

export const VIEWPORT = { width: 1280, height: 800 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Uncaught errors of every page the bench opened; a run with any is not a valid measurement. */
export const pageErrors: string[] = [];

/** A fresh context: empty cache and storage, en-US, the bench viewport. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  context.on('page', (page) => {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });
  return context;
}

declare global {
  interface Window {
    __benchShown?: Promise<number>;
    __benchKey?: Promise<number>;
  }
}

/**
 * Before any script of the page runs: `window.__benchShown` resolves with the time (ms since navigation start) of
 * the first frame in which `selector` matches at least one element.
 */
export async function watchFirstShown(page: Page, selector: string): Promise<void> {
  await page.addInitScript((sel: string) => {
    window.__benchShown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector(sel)) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(null);
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    });
  }, selector);
}

export async function shownAt(page: Page): Promise<number> {
  return page.evaluate(() => {
    if (!window.__benchShown) throw new Error('watchFirstShown was not installed');
    return window.__benchShown;
  });
}

/** When the response to the first request whose URL contains `part` ended (ms since navigation start). */
export function responseEnd(page: Page, part: string): Promise<number> {
  return page.evaluate((p) => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.includes(p)) as
      | PerformanceResourceTiming
      | undefined;
    if (!entry) throw new Error(`no request to ${p}`);
    return entry.responseEnd;
  }, part);
}

/**
 * Presses `key` in the focused element and returns the ms from the keydown event (its timestamp: when the browser
 * received the input) to the frame after some `[role="status"]` element reads `expectedStatus`.
 */
export async function timeKeystroke(page: Page, key: string, expectedStatus: string): Promise<number> {
  await page.evaluate((expected) => {
    window.__benchKey = new Promise((resolve) => {
      let pressedAt: number | undefined;
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const observer = new MutationObserver(() => {
        if (pressedAt === undefined) return;
        const statuses = [...document.querySelectorAll('[role="status"]')];
        if (!statuses.some((element) => element.textContent === expected)) return;
        observer.disconnect();
        const from = pressedAt;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - from);
          channel.port2.postMessage(null);
        });
      });
      document.addEventListener(
        'keydown',
        (event) => {
          pressedAt = event.timeStamp;
        },
        { capture: true, once: true },
      );
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, expectedStatus);
  await page.keyboard.press(key);
  return page.evaluate(() => {
    if (!window.__benchKey) throw new Error('no keystroke being timed');
    return window.__benchKey;
  });
}

/**
 * Makes the page report itself hidden (or visible again) the way a browser does when another tab covers it:
 * `document.visibilityState` / `document.hidden` and a bubbling `visibilitychange`. That is what React Query's
 * focusManager (on window) and Mantine's useDocumentVisibility (on document) read. Headless Chromium itself keeps
 * every tab visible, even under another one.
 */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: h ? 'hidden' : 'visible' });
    Object.defineProperty(document, 'hidden', { configurable: true, value: h });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, hidden);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
