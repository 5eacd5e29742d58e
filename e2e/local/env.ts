/**
 * The local-runtime e2e server (playwright.local.config.ts): real game processes (the demo game), on its own port so
 * it can run beside the simulated suite's server.
 */
export const E2E_LOCAL_PORT = Number(process.env.E2E_LOCAL_PORT ?? 4180);
export const E2E_LOCAL_BASE_URL = `http://127.0.0.1:${E2E_LOCAL_PORT}`;
/** The ports the game processes get: below 32768, so they never meet the kernel's ephemeral ports. */
export const E2E_LOCAL_GAME_PORTS = process.env.E2E_LOCAL_GAME_PORTS ?? '23100-23199';
