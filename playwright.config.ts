import { defineConfig, devices } from '@playwright/test';
import { E2E_APP_ID, E2E_BASE_URL, E2E_PORT, E2E_TOKEN } from './e2e/env';

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  // Proxy mode and the local runtime need their own servers: playwright.proxy.config.ts, playwright.local.config.ts.
  testIgnore: ['proxy.spec.ts', 'local/**'],
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'on-first-retry',
    permissions: ['clipboard-read', 'clipboard-write'],
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // The production build, served by the local server on one port, on a throwaway in-memory database.
    command: 'npm run build:web && tsx server/main.ts',
    url: `${E2E_BASE_URL}/_roomdeck/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    env: {
      HOST: '127.0.0.1',
      PORT: String(E2E_PORT),
      ROOMDECK_DB: ':memory:',
      ROOMDECK_APP_ID: E2E_APP_ID,
      ROOMDECK_TOKEN: E2E_TOKEN,
      ROOMDECK_PROCESS_START_MS: '1500',
      ROOMDECK_ROOM_START_MS: '300',
      ROOMDECK_SEED: '1',
      ROOMDECK_FAULTS: '1',
      ROOMDECK_RUNTIME: 'simulated',
    },
  },
});
