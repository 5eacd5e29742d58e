/** The e2e server (see playwright.config.ts): one local server serving the production build and the API. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8799);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_APP_ID = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';
export const E2E_TOKEN = 'e2e-secret-token-5f0c';
