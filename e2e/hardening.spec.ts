import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from '@playwright/test';
import { paths } from '../src/config/paths';
import { E2E_BASE_URL } from './env';
import { E2E_APP_ID, E2E_TOKEN, expect, test } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { LoadState } from './pages/LoadState';
import { RoomPage } from './pages/RoomPage';

/**
 * The security hardening, seen from a real browser: a join link cannot resume a suspended room, a page of another
 * origin on this host cannot use the dashboard's authority, and a rate-limited load waits as long as it was told.
 */

/** Each load's first try and its two retries (1 s and 2 s apart) before a failure shows. */
const FAILED_LOAD_TIMEOUT = 15_000;

test.describe('hardening', () => {
  test('the join link of a suspended room says so and leaves the room suspended', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Tokyo' });
    await api.waitActive(room.roomId);
    await api.post(`suspend/${room.roomId}`);
    const before = await api.room(room.roomId);
    expect(before.status).toBe('suspended');
    const asked = new RoomPage(page).recordConnectionInfoRequests(room.roomId);

    const join = new JoinPage(page);
    await page.goto(paths.join.getHref(E2E_APP_ID, room.roomId));
    await expect(join.heading(room.roomId)).toBeVisible();
    await expect(join.suspended).toBeVisible();
    await expect(join.suspended).toContainText('Ask whoever shared it to resume it.');
    expect(asked.length).toBeGreaterThan(0);

    // The page's token-less connectioninfo call did not schedule the room again.
    const after = await api.room(room.roomId);
    expect(after.status).toBe('suspended');
    expect(after.currentAllocation).toBeNull();
    expect(after.allocations).toHaveLength(before.allocations.length);
  });

  test('a page on another port of this host cannot destroy a room through the browser that uses the dashboard', async ({
    page,
    api,
  }) => {
    const room = await api.createRoom({ region: 'Tokyo' });
    await api.waitActive(room.roomId);
    const roomPage = new RoomPage(page);
    // The dashboard works in this browser context first (its token comes with /roomdeck-config.js).
    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');

    const destroyUrl = `${E2E_BASE_URL}/api/rooms/v2/${E2E_APP_ID}/destroy/${room.roomId}`;
    const html = `<!doctype html>
<html><head><title>Elsewhere</title></head><body>
<p>with token: <output id="with-token">pending</output></p>
<p>with credentials: <output id="with-credentials">pending</output></p>
<p>no-cors: <output id="no-cors">pending</output></p>
<iframe name="sink" title="sink"></iframe>
<form id="form" method="post" action="${destroyUrl}" target="sink"></form>
<script>
  const url = ${JSON.stringify(destroyUrl)};
  const out = (id, value) => { document.getElementById(id).textContent = String(value); };
  fetch(url, { method: 'POST', credentials: 'include', headers: { authorization: ${JSON.stringify(`Bearer ${E2E_TOKEN}`)} } })
    .then((r) => out('with-token', r.status), () => out('with-token', 'blocked'));
  fetch(url, { method: 'POST', credentials: 'include' })
    .then((r) => out('with-credentials', r.status), () => out('with-credentials', 'blocked'));
  // An opaque request: the page can never read the answer, but the request is sent all the same.
  fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors' })
    .then((r) => out('no-cors', 'opaque ' + r.type), () => out('no-cors', 'blocked'));
  document.getElementById('form').submit();
</script>
</body></html>`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const isDestroy = (r: Request) => r.url() === destroyUrl;
      const reached: Response[] = [];
      const failed: Request[] = [];
      page.on('response', (r) => {
        if (isDestroy(r.request())) reached.push(r);
      });
      page.on('requestfailed', (r) => {
        if (isDestroy(r)) failed.push(r);
      });
      // The form's navigation (a document in the frame) always reaches the server; the answer must be a 403.
      const formAnswer = page.waitForResponse(
        (r) => isDestroy(r.request()) && r.request().resourceType() === 'document',
      );
      await page.goto(`http://127.0.0.1:${port}/`);
      expect((await formAnswer).status()).toBe(403);

      // Neither CORS fetch may read an answer: the one with the header fails its preflight (refused with a 403), the
      // other gets a 403 without a CORS header. Chromium reports both as failed requests, not as responses.
      await expect(page.locator('#with-token')).toHaveText('blocked');
      await expect(page.locator('#with-credentials')).toHaveText('blocked');
      await expect(page.locator('#no-cors')).toHaveText('opaque opaque');
      await expect.poll(() => failed.filter((r) => r.failure()?.errorText === 'net::ERR_FAILED').length).toBe(2);
      // The opaque fetch's answer is seen here though the page cannot read it (Chromium then drops its body): the
      // server refused it, as it refused the form.
      await expect.poll(() => reached.length).toBe(2);
      expect(reached.map((r) => `${r.request().resourceType()} ${r.status()}`).sort()).toEqual([
        'document 403',
        'fetch 403',
      ]);

      const after = await api.room(room.roomId);
      expect(after.status).toBe('active');
      expect(after.currentAllocation).not.toBeNull();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    // And the dashboard still works in that context.
    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
  });

  test('a room load answered 429 with Retry-After says so and asks again no sooner than it was told', async ({
    page,
    api,
  }) => {
    const retryAfterS = 4;
    const room = await api.createRoom({ region: 'Tokyo' });
    await api.waitActive(room.roomId);
    const match = `/rooms/v2/${E2E_APP_ID}/info/${room.roomId}`;
    const requests: { at: number; request: Request }[] = [];
    const responses: { at: number; response: Response }[] = [];
    page.on('request', (request) => {
      if (request.url().includes(match)) requests.push({ at: Date.now(), request });
    });
    page.on('response', (response) => {
      if (response.url().includes(match)) responses.push({ at: Date.now(), response });
    });

    await api.setFaultAnswer({ rate: 1, latencyMs: 0, match, status: 429, retryAfterS });
    const roomPage = new RoomPage(page);
    const failed = new LoadState(page).failed('Could not load the room');
    await roomPage.goto(room.roomId);
    await expect(failed).toContainText(`Rate limited: trying again in`, { timeout: FAILED_LOAD_TIMEOUT });
    await expect(failed).toContainText(/Injected fault: GET \S+ \(fault rate 1\) \(HTTP 429\)/);
    // The rate-limited answer is not retried at once (React Query's own retries would come 1 s later).
    expect(requests).toHaveLength(1);
    expect(responses.map(({ response }) => response.status())).toEqual([429]);

    await api.setFaults({ rate: 0 });
    await expect(roomPage.status).toHaveText('active', { timeout: FAILED_LOAD_TIMEOUT });
    await expect(failed).toHaveCount(0);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    const [limited] = responses;
    const retry = requests[1];
    if (!limited || !retry) throw new Error('no 429 answer or no retry was seen');
    // A little slack for the event timestamps (taken in this process, not in the browser).
    expect(retry.at - limited.at).toBeGreaterThanOrEqual(retryAfterS * 1000 - 250);
    expect((await retry.request.response())?.status()).toBe(200);
  });
});
