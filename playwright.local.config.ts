import { defineConfig } from '@playwright/test';
import { E2E_APP_ID, E2E_TOKEN } from './e2e/env';
import { E2E_LOCAL_BASE_URL, E2E_LOCAL_GAME_PORTS, E2E_LOCAL_PORT } from './e2e/local/env';
import base from './playwright.config';

/**
 * The local runtime end to end (`npm run test:e2e` runs it after the others): the production build served by a
 * local server that runs real game processes, the demo game (e2e/local/deployment.json, one room per process), on
 * a throwaway database with no seed. Closing the server stops its games.
 */
export default defineConfig({
  ...base,
  testDir: './e2e/local',
  testIgnore: [],
  timeout: 60_000,
  use: { ...base.use, baseURL: E2E_LOCAL_BASE_URL },
  webServer: {
    command: 'npm run build:web && tsx server/main.ts',
    url: `${E2E_LOCAL_BASE_URL}/_roomdeck/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    // SIGTERM (not Playwright's default SIGKILL), so the server stops its games (SIGTERM, SIGKILL after the
    // 2 s grace) before it exits; killed outright it would leave them running, polling a server that is gone.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 8_000 },
    // The games' own output is in the logs panel; here it would only drown Playwright's.
    stdout: 'ignore',
    env: {
      HOST: '127.0.0.1',
      PORT: String(E2E_LOCAL_PORT),
      ROOMDECK_DB: ':memory:',
      ROOMDECK_APP_ID: E2E_APP_ID,
      ROOMDECK_TOKEN: E2E_TOKEN,
      ROOMDECK_SEED: '0',
      ROOMDECK_RUNTIME: 'local',
      ROOMDECK_DEPLOYMENT: 'e2e/local/deployment.json',
      ROOMDECK_PORT_RANGE: E2E_LOCAL_GAME_PORTS,
      ROOMDECK_METRICS_INTERVAL_MS: '500',
      ROOMDECK_STOP_GRACE_MS: '2000',
      ROOMDECK_PUBLIC_HOST: '127.0.0.1',
    },
  },
});
