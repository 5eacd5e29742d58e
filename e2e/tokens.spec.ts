import type { Page, Request } from '@playwright/test';
import { paths } from '../src/config/paths';
import { E2E_APP_ID, E2E_TOKEN, expect, test, uniqueId } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { NewRoomPage } from './pages/NewRoomPage';
import { ProcessPage } from './pages/ProcessPage';
import { RoomPage } from './pages/RoomPage';
import { SettingsPage } from './pages/SettingsPage';

/**
 * Where a dev token may go: the Authorization header of API calls other than connectioninfo, and the browser
 * storage the user chose for it. Never a URL, the console, or (for the built-in local connection, whose token
 * comes from /roomdeck-config.js) any storage.
 */

/** Everything a page sends (with the page's URL at the time) and logs. */
function record(page: Page) {
  const requests: Request[] = [];
  const sentFrom = new Map<Request, string>();
  const console: string[] = [];
  page.on('request', (request) => {
    requests.push(request);
    sentFrom.set(request, page.url());
  });
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  return { requests, sentFrom, console };
}

async function storage(page: Page) {
  return page.evaluate(() => {
    const dump = (s: Storage) => Object.entries({ ...s }).map(([key, value]) => `${key}=${value}`);
    return { local: dump(localStorage), session: dump(sessionStorage), cookies: document.cookie };
  });
}

/** The request URLs, console lines, storage entries and cookies that contain `token`. */
async function leaks(page: Page, seen: ReturnType<typeof record>, token: string) {
  const stored = await storage(page);
  return {
    urls: seen.requests.map((r) => r.url()).filter((url) => url.includes(token)),
    console: seen.console.filter((line) => line.includes(token)),
    localStorage: stored.local.filter((entry) => entry.includes(token)),
    sessionStorage: stored.session.filter((entry) => entry.includes(token)),
    cookies: stored.cookies.includes(token) ? [stored.cookies] : [],
  };
}
const NO_LEAKS = { urls: [], console: [], localStorage: [], sessionStorage: [], cookies: [] };

const isApi = (r: Request) => new URL(r.url()).pathname.startsWith('/api/');
const isConnectionInfo = (r: Request) => isApi(r) && r.url().includes('/connectioninfo/');

test.describe('dev tokens', () => {
  test('the built-in connection sends its token only as a header, and never to connectioninfo', async ({
    page,
    api,
  }) => {
    test.slow();
    const seen = record(page);
    const room = await api.createRoom({ region: 'London', roomConfig: '{"token":"not here"}' });
    const suspended = await api.createRoom({ region: 'London' });
    await api.waitActive(room.roomId);
    await api.waitActive(suspended.roomId);
    await api.post(`suspend/${suspended.roomId}`);
    const roomPage = new RoomPage(page);

    await page.goto(paths.processes.getHref(E2E_APP_ID));
    await expect(page.getByRole('table', { name: 'Processes', exact: true })).toBeVisible();
    await page
      .getByRole('group', { name: 'Status' })
      .locator('label')
      .filter({ hasText: /^stopped / })
      .click();
    await expect(page).toHaveURL(/status=stopped/);
    const processPage = new ProcessPage(page);
    await processPage.goto(room.processId);
    await expect(processPage.roomLink(room.roomId)).toBeVisible();
    await processPage.tab('Inactive rooms').click();
    await expect(page).toHaveURL(/tab=inactive/);

    // The room page, with its connection info, and a failed load (its error must not carry the token either).
    await api.setFaults({ rate: 1, match: `/processes/v1/${E2E_APP_ID}/info/` });
    await roomPage.goto(room.roomId);
    await expect(roomPage.button('Copy host:port')).toBeVisible();
    await api.setFaults({ rate: 0 });

    // Resume on an API without the resume route falls back to connectioninfo: that call carries no token either,
    // so this server (which reschedules only for who may resume) refuses it with 409 and the room stays suspended.
    await page.route(`**/rooms/v2/${E2E_APP_ID}/resume/${suspended.roomId}`, (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"message":"No such route"}' }),
    );
    await roomPage.goto(suspended.roomId);
    const fallback = page.waitForResponse((r) => r.url().endsWith(`/connectioninfo/${suspended.roomId}`));
    await roomPage.button('Resume').click();
    expect((await fallback).status()).toBe(409);
    await expect(page.getByText(`Room ${suspended.roomId} is suspended`).first()).toBeVisible();
    expect((await api.room(suspended.roomId)).status).toBe('suspended');

    const form = new NewRoomPage(page);
    await form.goto();
    await form.chooseRegion('London (UK)');
    const roomId = uniqueId('token-create');
    await form.roomId.fill(roomId);
    await form.submit.click();
    await expect(roomPage.heading(roomId)).toBeVisible();

    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Room or process id' }).fill(room.roomId);
    await expect(page.getByRole('button', { name: new RegExp(`Room ${room.roomId}`) })).toBeVisible();
    await page.keyboard.press('Escape');

    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.test('Local server');
    await expect(settings.row('Local server').getByRole('status')).toContainText('Connected');
    await expect(settings.row('Local server')).toContainText('served by this server');
    expect(await page.content()).not.toContain(E2E_TOKEN);

    // QA's join page (this page has the token loaded, but the join page's client has none).
    await page.goto(paths.join.getHref(E2E_APP_ID, room.roomId));
    await expect(new JoinPage(page).button('Copy hand-off text')).toBeVisible();
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

    expect(await leaks(page, seen, E2E_TOKEN)).toEqual(NO_LEAKS);

    // The watch sees headers: every API call but connectioninfo carries the token, connectioninfo none.
    const calls = seen.requests.filter(isApi);
    const authorization = async (r: Request) => (await r.allHeaders()).authorization;
    const connectionInfo = calls.filter(isConnectionInfo);
    const joinCalls = connectionInfo.filter((r) => seen.sentFrom.get(r)?.includes('/join/'));
    expect(connectionInfo.some((r) => r.url().endsWith(`/connectioninfo/${suspended.roomId}`))).toBe(true);
    expect(joinCalls.length).toBeGreaterThan(0);
    expect(connectionInfo.length).toBeGreaterThan(joinCalls.length);
    for (const r of connectionInfo) expect(await authorization(r), r.url()).toBeUndefined();
    const others = calls.filter((r) => !isConnectionInfo(r) && r.method() !== 'OPTIONS');
    expect(others.length).toBeGreaterThan(10);
    for (const r of others) expect(await authorization(r), r.url()).toBe(`Bearer ${E2E_TOKEN}`);
  });

  test('a connection added in Settings keeps its token for the browser session, or remembered on this device', async ({
    page,
    context,
  }) => {
    const seen = record(page);
    const sessionToken = `session-${uniqueId('tok')}`;
    const rememberedToken = `remembered-${uniqueId('tok')}`;
    const settings = new SettingsPage(page);
    await settings.goto();

    await settings.add({ name: 'Tab only', baseUrl: '/api', appId: E2E_APP_ID, token: sessionToken });
    await expect(settings.row('Tab only')).toContainText('this session only');
    let stored = await storage(page);
    expect(stored.session.filter((e) => e.includes(sessionToken))).toHaveLength(1);
    expect(stored.local.filter((e) => e.includes(sessionToken))).toEqual([]);
    // The list itself (name, URL, app id) is remembered; the token is not part of it.
    expect(stored.local.some((e) => e.includes('Tab only'))).toBe(true);

    await settings.add({
      name: 'This device',
      baseUrl: '/api',
      appId: E2E_APP_ID,
      token: rememberedToken,
      remember: true,
    });
    await expect(settings.row('This device')).toContainText('remembered on this device');
    stored = await storage(page);
    expect(stored.local.filter((e) => e.includes(rememberedToken))).toHaveLength(1);
    expect(stored.session.filter((e) => e.includes(rememberedToken))).toEqual([]);

    // In use (the API refuses these made-up tokens): the token goes in the header, nowhere else.
    await settings.use('Tab only');
    await expect(page.getByText('The API refused the token')).toBeVisible();
    await settings.goto();
    await settings.test('This device');
    await expect(settings.row('This device').getByRole('status')).toContainText('Connection failed');
    const sentWith = async (token: string) => {
      const headers = await Promise.all(seen.requests.filter(isApi).map((r) => r.allHeaders()));
      return headers.filter((h) => h.authorization === `Bearer ${token}`).length;
    };
    expect(await sentWith(sessionToken)).toBeGreaterThan(0);
    expect(await sentWith(rememberedToken)).toBeGreaterThan(0);
    for (const token of [sessionToken, rememberedToken, E2E_TOKEN]) {
      const found = await leaks(page, seen, token);
      expect({ ...found, localStorage: [], sessionStorage: [] }, token).toEqual(NO_LEAKS);
    }

    // Another tab of this browser session: both tokens are there, each in the storage the user chose.
    const other = await context.newPage();
    const otherSeen = record(other);
    const otherSettings = new SettingsPage(other);
    await otherSettings.goto();
    await expect(otherSettings.row('This device')).toContainText('remembered on this device');
    await expect(otherSettings.row('Tab only')).toContainText('this session only');
    expect((await leaks(other, otherSeen, sessionToken)).sessionStorage).toHaveLength(1);
    expect((await leaks(other, otherSeen, sessionToken)).localStorage).toEqual([]);

    // Removing a connection deletes its token.
    await otherSettings.remove('This device');
    expect(await leaks(other, otherSeen, rememberedToken)).toEqual(NO_LEAKS);
    // The built-in connection's token was never written anywhere, in either tab.
    expect(await leaks(page, seen, E2E_TOKEN)).toEqual(NO_LEAKS);
    expect(await leaks(other, otherSeen, E2E_TOKEN)).toEqual(NO_LEAKS);
  });

  test('a room link opened in a new tab opens with the connection and token of this tab, without asking', async ({
    page,
    context,
    api,
  }) => {
    const room = await api.createRoom({ region: 'London' });
    await api.waitActive(room.roomId);
    const chosen = (p: Page) => p.getByLabel('Connection').locator('option:checked');
    const authorized = (seen: ReturnType<typeof record>) =>
      Promise.all(seen.requests.filter((r) => isApi(r) && !isConnectionInfo(r)).map((r) => r.allHeaders()));

    // A second connection to the same app, with a token kept for the session, in use in this tab.
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.add({ name: 'Second', baseUrl: '/api', appId: E2E_APP_ID, token: E2E_TOKEN });
    await settings.use('Second');
    await expect(chosen(page)).toHaveText('Second');
    // Two connections share the app id, so the URL names the one shown.
    await expect(page).toHaveURL(/[?&]c=c-/);
    const processPage = new ProcessPage(page);
    await processPage.goto(room.processId);
    const href = await processPage.roomLink(room.roomId).getAttribute('href');
    expect(href).toBeTruthy();

    // The room link, opened in a new tab: same connection, its token there, no Settings, no refused token.
    const second = await context.newPage();
    const secondSeen = record(second);
    await second.goto(href ?? '');
    await expect(new RoomPage(second).heading(room.roomId)).toBeVisible();
    await expect(chosen(second)).toHaveText('Second');
    await expect(second).toHaveURL(/[?&]c=c-/);
    await expect(second.getByText('The API refused the token')).toHaveCount(0);
    const headers = await authorized(secondSeen);
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h.authorization).toBe(`Bearer ${E2E_TOKEN}`);
    const secondId = new URL(second.url()).searchParams.get('c');

    // Switching in the new tab does not switch the first one; a link naming a connection opens that one, even
    // though the last one chosen (where a new tab starts) is now another.
    await second.getByLabel('Connection').selectOption({ label: 'Local server' });
    await expect(chosen(second)).toHaveText('Local server');
    await page.goto(paths.room.getHref({ appId: E2E_APP_ID, connectionId: secondId ?? '' }, room.roomId));
    await expect(new RoomPage(page).heading(room.roomId)).toBeVisible();
    await expect(chosen(page)).toHaveText('Second');
    const third = await context.newPage();
    await third.goto(page.url());
    await expect(new RoomPage(third).heading(room.roomId)).toBeVisible();
    await expect(chosen(third)).toHaveText('Second');
    await expect(third.getByText('The API refused the token')).toHaveCount(0);
    await expect(chosen(second)).toHaveText('Local server');
  });
});
