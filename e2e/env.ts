/** The e2e server (see playwright.config.ts): one local server serving the production build and the API. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8799);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_APP_ID = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';
export const E2E_TOKEN = 'e2e-secret-token-5f0c';

/**
 * The proxy e2e servers (playwright.proxy.config.ts): a local server as the "upstream" Hathora with its own token,
 * and a second one in proxy mode in front of it, serving the production build. Ports next to E2E_PORT.
 */
export const E2E_PROXY_PORT = Number(process.env.E2E_PROXY_PORT ?? E2E_PORT + 1);
export const E2E_UPSTREAM_PORT = Number(process.env.E2E_UPSTREAM_PORT ?? E2E_PORT + 2);
export const E2E_PROXY_BASE_URL = `http://127.0.0.1:${E2E_PROXY_PORT}`;
export const E2E_UPSTREAM_API = `http://127.0.0.1:${E2E_UPSTREAM_PORT}/api`;
export const E2E_UPSTREAM_TOKEN = 'e2e-upstream-token-91c2d7';
