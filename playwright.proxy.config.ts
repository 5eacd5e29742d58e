import { defineConfig } from '@playwright/test';
import {
  E2E_APP_ID,
  E2E_PROXY_BASE_URL,
  E2E_PROXY_PORT,
  E2E_UPSTREAM_API,
  E2E_UPSTREAM_PORT,
  E2E_UPSTREAM_TOKEN,
} from './e2e/env';
import base from './playwright.config';

/**
 * Proxy mode end to end (`npm run test:e2e` runs it after playwright.config.ts): a local server on a throwaway
 * database plays Hathora Cloud, and a second server in proxy mode serves the production build in front of it.
 */
export default defineConfig({
  ...base,
  testMatch: 'proxy.spec.ts',
  testIgnore: [],
  use: { ...base.use, baseURL: E2E_PROXY_BASE_URL },
  webServer: [
    {
      command: 'tsx server/main.ts',
      url: `${E2E_UPSTREAM_API.replace(/\/api$/, '')}/_roomdeck/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        HOST: '127.0.0.1',
        PORT: String(E2E_UPSTREAM_PORT),
        ROOMDECK_DB: ':memory:',
        ROOMDECK_APP_ID: E2E_APP_ID,
        ROOMDECK_TOKEN: E2E_UPSTREAM_TOKEN,
        ROOMDECK_PROCESS_START_MS: '1500',
        ROOMDECK_ROOM_START_MS: '300',
        ROOMDECK_SEED: '1',
        ROOMDECK_FAULTS: '1',
        ROOMDECK_RUNTIME: 'simulated',
      },
    },
    {
      command: 'npm run build:web && tsx server/main.ts',
      url: `${E2E_PROXY_BASE_URL}/_roomdeck/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      env: {
        HOST: '127.0.0.1',
        PORT: String(E2E_PROXY_PORT),
        ROOMDECK_APP_ID: E2E_APP_ID,
        ROOMDECK_UPSTREAM: E2E_UPSTREAM_API,
        ROOMDECK_UPSTREAM_TOKEN: E2E_UPSTREAM_TOKEN,
      },
    },
  ],
});
