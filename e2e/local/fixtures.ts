import { test as base, expect } from '@playwright/test';
import { E2E_TOKEN, failOnPageErrors, LocalApi } from '../fixtures';
import { E2E_LOCAL_BASE_URL } from './env';

/**
 * The fixtures of the local-runtime specs: `api` talks to the local-runtime server (playwright.local.config.ts),
 * and an uncaught exception in the page fails the test (the simulated suite's `failOnPageErrors`).
 */
export const test = base.extend<{ api: LocalApi; failOnPageErrors: undefined }>({
  api: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({
      baseURL: E2E_LOCAL_BASE_URL,
      extraHTTPHeaders: { Authorization: `Bearer ${E2E_TOKEN}` },
    });
    await use(new LocalApi(request));
    await request.dispose();
  },
  failOnPageErrors,
});

export { expect };
