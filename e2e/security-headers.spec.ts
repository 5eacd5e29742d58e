import type { Page } from '@playwright/test';
import { E2E_PORT } from './env';
import { E2E_APP_ID, expect, test } from './fixtures';
import { JoinPage } from './pages/JoinPage';

/**
 * The built dashboard works under the server's Content-Security-Policy (issue 7): no page needs inline script,
 * an eval, or a source the policy does not allow. Every `securitypolicyviolation` event and every CSP console
 * message fails the test; an inline script injected on purpose shows that the policy is on and watched.
 */
declare global {
  interface Window {
    reportCspViolation: (violation: string) => void;
    inlineScriptRan?: boolean;
  }
}

/** Every CSP violation and CSP console message of the page, across navigations. */
async function watchCsp(page: Page): Promise<{ violations: string[]; consoleMessages: string[] }> {
  const seen = { violations: [] as string[], consoleMessages: [] as string[] };
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.consoleMessages.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (violation: string) => seen.violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
  return seen;
}

test('the dashboard runs under its Content-Security-Policy without a single violation', async ({ page, api }) => {
  const csp = await watchCsp(page);
  const room = await api.createRoom({ region: 'Frankfurt', roomConfig: '{"mode":"csp"}' });

  const home = await page.goto('/');
  const policy = home?.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self'");
  expect(home?.headers()['x-frame-options']).toBe('DENY');
  await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await page
    .getByRole('link', { name: /^[0-9a-f-]{36}/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/processes\/[0-9a-f-]{36}$/);

  await api.waitActive(room.roomId);
  await page.goto(`/apps/${E2E_APP_ID}/rooms/${room.roomId}`);
  await expect(page.getByRole('heading', { name: new RegExp(room.roomId) })).toBeVisible();
  await page.goto(`/apps/${E2E_APP_ID}/rooms/new`);
  await expect(page.getByRole('heading', { name: 'Create room' })).toBeVisible();
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  // The token-less join page, with its QR code.
  const join = new JoinPage(page);
  const fresh = await page.goto(`/join/${E2E_APP_ID}/${room.roomId}`);
  expect(fresh?.headers()['content-security-policy']).toBe(policy);
  await expect(join.heading(room.roomId)).toBeVisible();
  await expect(page.getByRole('img', { name: /^QR code of / })).toBeVisible();

  expect(csp.violations, 'CSP violations').toEqual([]);
  expect(csp.consoleMessages, 'CSP console messages').toEqual([]);

  // The policy is on: an inline script is blocked, and reported where this test looks.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineScriptRan = true';
    document.head.append(script);
  });
  await expect.poll(() => csp.violations).toEqual([expect.stringMatching(/^script-src-elem blocked inline/)]);
  expect(await page.evaluate(() => window.inlineScriptRan)).toBeUndefined();
});

test('API calls to this server and over loopback HTTP are allowed; plain HTTP to another host is blocked', async ({
  page,
  api,
}) => {
  const csp = await watchCsp(page);
  const room = await api.createRoom({ region: 'Tokyo' });
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  // The same server under its other loopback name is another origin: allowed (the API answers CORS).
  const loopback = `http://localhost:${E2E_PORT}/api/rooms/v2/${E2E_APP_ID}/connectioninfo/${room.roomId}`;
  const status = await page.evaluate((url) => fetch(url).then((r) => r.status), loopback);
  expect(status).toBe(200);
  expect(csp.violations).toEqual([]);

  // A LAN address over plain HTTP: refused by the policy before any request leaves the browser.
  const refused = await page.evaluate(
    (url) =>
      fetch(url).then(
        () => 'sent',
        (e: Error) => e.name,
      ),
    'http://192.0.2.1/api',
  );
  expect(refused).toBe('TypeError');
  await expect
    .poll(() => csp.violations)
    .toEqual([expect.stringMatching(/^connect-src blocked http:\/\/192\.0\.2\.1\/api/)]);
});
