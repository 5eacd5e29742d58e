import type { Request } from '@playwright/test';
import { paths } from '../src/config/paths';
import { E2E_UPSTREAM_API, E2E_UPSTREAM_TOKEN } from './env';
import { test as base, E2E_APP_ID, expect, expectNoA11yViolations, LocalApi, uniqueId } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { NewRoomPage } from './pages/NewRoomPage';
import { RoomPage } from './pages/RoomPage';

/**
 * Proxy mode (playwright.proxy.config.ts): the browser talks to a Roomdeck in proxy mode, which holds the
 * upstream token; a local server plays the upstream Hathora and accepts only that token.
 */
const test = base.extend<{ upstream: LocalApi }>({
  upstream: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({
      baseURL: E2E_UPSTREAM_API.replace(/\/api$/, ''),
      extraHTTPHeaders: { Authorization: `Bearer ${E2E_UPSTREAM_TOKEN}` },
    });
    await use(new LocalApi(request));
    await request.dispose();
  },
});

test.describe('proxy mode', () => {
  test('the dashboard works through the proxy with no token in the browser', async ({
    page,
    upstream,
    playwright,
    browser,
  }) => {
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));

    // Processes load through the proxy's /api.
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`/apps/${E2E_APP_ID}/processes$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Processes' })).toBeVisible();
    await expect(page.getByLabel('Connection').locator('option:checked')).toHaveText(
      `This Roomdeck (proxy to ${E2E_UPSTREAM_API})`,
    );
    const running = await upstream.runningProcesses();
    expect(running.length).toBeGreaterThan(0);
    for (const process of running) {
      await expect(page.getByRole('link', { name: process.processId })).toBeVisible();
    }
    await expectNoA11yViolations(page);

    // Create a room; it becomes active on its page.
    const roomId = uniqueId('proxy-room');
    const form = new NewRoomPage(page);
    await form.goto();
    await form.chooseRegion('Frankfurt (Germany)');
    await form.roomId.fill(roomId);
    await form.config.fill('{"via":"proxy"}');
    await form.submit.click();
    await expect(page).toHaveURL(new RegExp(`${paths.room.getHref(E2E_APP_ID, roomId)}$`));
    const heading = page.getByRole('heading', { level: 1, name: new RegExp(roomId) });
    await expect(heading).toBeVisible();
    await expect(new RoomPage(page).status).toHaveText('active', { timeout: 15_000 });

    // The upstream got the room, which it accepts only with its token: the proxy sent it.
    expect(await upstream.room(roomId)).toMatchObject({ roomId, status: 'active', roomConfig: '{"via":"proxy"}' });
    const anonymous = await playwright.request.newContext();
    try {
      const refused = await anonymous.get(`${E2E_UPSTREAM_API}/rooms/v2/${E2E_APP_ID}/info/${roomId}`);
      expect(refused.status()).toBe(401);
    } finally {
      await anonymous.dispose();
    }

    // The token is nowhere in the browser: not in storage, the page, the runtime config or any request.
    const inBrowser = await page.evaluate(() =>
      JSON.stringify([
        { ...localStorage },
        { ...sessionStorage },
        (window as { __ROOMDECK__?: unknown }).__ROOMDECK__,
        document.documentElement.outerHTML,
      ]),
    );
    expect(inBrowser).toContain('"mode":"proxy"');
    expect(inBrowser).not.toContain(E2E_UPSTREAM_TOKEN);
    const apiRequests = requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
    expect(apiRequests.length).toBeGreaterThan(2);
    for (const request of requests) {
      const headers = await request.allHeaders();
      expect(request.url()).not.toContain(E2E_UPSTREAM_TOKEN);
      expect(JSON.stringify(headers)).not.toContain(E2E_UPSTREAM_TOKEN);
      expect(request.postData() ?? '').not.toContain(E2E_UPSTREAM_TOKEN);
      if (apiRequests.includes(request)) expect(headers.authorization).toBeUndefined();
    }

    // QA, in a fresh browser with nothing stored, opens the room's join page: connectioninfo is public.
    const qa = await browser.newContext();
    try {
      const qaPage = await qa.newPage();
      await qaPage.goto(paths.join.getHref(E2E_APP_ID, roomId));
      const join = new JoinPage(qaPage);
      await expect(join.heading(roomId)).toBeVisible();
      const info = await upstream.connectionInfo(roomId);
      await expect(join.address(`${info.exposedPort?.host}:${info.exposedPort?.port}`)).toBeVisible();
    } finally {
      await qa.close();
    }
  });
});
