import type { Request } from '@playwright/test';
import { paths } from '../src/config/paths';
import { E2E_APP_ID, expect, expectNoA11yViolations, test, uniqueId } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { NewRoomPage } from './pages/NewRoomPage';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const endsWith = (path: string) => new RegExp(`${escapeRegExp(path)}$`);

test.describe('create a room and hand it to QA', () => {
  test('a custom id and JSON config land on the room page; QA opens the share link with no token', async ({
    page,
    api,
    browser,
    baseURL,
  }) => {
    const roomId = uniqueId('qa-create');
    const config = '{"mode":"ranked","players":4}';
    const form = new NewRoomPage(page);
    await form.goto();
    await form.chooseRegion('Tokyo (Japan)');
    await form.roomId.fill(roomId);
    await form.config.fill(config);
    await expect(form.form.getByText(`${config.length} / 10,000 characters`)).toBeVisible();
    await form.submit.click();

    await expect(page).toHaveURL(endsWith(paths.room.getHref(E2E_APP_ID, roomId)));
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(roomId) })).toBeVisible();
    expect((await api.room(roomId)).roomConfig).toBe(config);

    await page.getByRole('button', { name: 'Copy share link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${baseURL}${paths.join.getHref(E2E_APP_ID, roomId)}`);

    // QA: another browser profile with no stored connection, no token and no base URL, only the link.
    const qa = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const qaPage = await qa.newPage();
      const errors: string[] = [];
      qaPage.on('pageerror', (error) => errors.push(error.message));
      const requests: Request[] = [];
      qaPage.on('request', (request) => requests.push(request));

      await qaPage.goto(link);
      const join = new JoinPage(qaPage);
      await expect(join.heading(roomId)).toBeVisible();
      // The room may still be starting: the page polls until it is active.
      await expect(qaPage.getByRole('img', { name: /^QR code of / })).toBeVisible();

      const info = await api.connectionInfo(roomId);
      expect(info.status).toBe('active');
      const hostPort = `${info.exposedPort?.host}:${info.exposedPort?.port}`;
      await expect(join.address(hostPort)).toBeVisible();
      // The QR holds the join URL (a phone opens this page), not host:port; the e2e server is on 127.0.0.1 with no
      // ROOMDECK_PUBLIC_URL, and its simulated runtime listens nowhere: both are said plainly.
      await expect(join.qrCode(link)).toBeVisible();
      await expect(join.qrFrame).toHaveAttribute('data-qr-value', link);
      await expect(join.thisMachineOnly).toBeVisible();
      await expect(join.simulatedAddress).toBeVisible();
      await expect(qaPage.getByRole('link', { name: /\?room=/ })).toHaveCount(0);
      await join.button('Hide QR').click();
      await expect(join.qrFrame).toHaveCount(0);
      await join.button('Show QR').click();
      await expect(join.qrCode(link)).toBeVisible();

      await join.button('Copy hand-off text').click();
      const handOff = await qaPage.evaluate(() => navigator.clipboard.readText());
      expect(handOff).toContain(`Room: ${roomId}`);
      expect(handOff).toContain(`Connect: ${hostPort} (TCP)`);
      expect(handOff).toMatch(/Config: not known here/);

      const apiRequests = requests.filter((r) => r.url().includes('/api/'));
      expect(apiRequests.map((r) => new URL(r.url()).pathname)).toContainEqual(
        `/api/rooms/v2/${E2E_APP_ID}/connectioninfo/${roomId}`,
      );
      for (const request of requests) {
        expect(request.headers().authorization, request.url()).toBeUndefined();
        expect((await request.allHeaders()).authorization, request.url()).toBeUndefined();
      }
      await expectNoA11yViolations(qaPage);
      expect(errors).toEqual([]);
    } finally {
      await qa.close();
    }
  });

  test('a taken room id shows its error under the field and the form keeps what was typed', async ({ page, api }) => {
    const roomId = uniqueId('qa-dup');
    await api.createRoom({ roomId, region: 'London' });
    const form = new NewRoomPage(page);
    await form.goto();
    await form.chooseRegion('Frankfurt (Germany)');
    await form.roomId.fill(roomId);
    await form.config.fill('{"keep":"me"}');
    await form.submit.click();

    await expect(form.roomId).toHaveAccessibleDescription(new RegExp(`${roomId}.*already taken`));
    await expect(form.form.getByRole('alert')).toHaveCount(0);
    await expect(page).toHaveURL(endsWith(paths.newRoom.getHref(E2E_APP_ID)));
    await expect(form.region).toHaveValue('Frankfurt (Germany)');
    await expect(form.config).toHaveValue('{"keep":"me"}');

    const other = `${roomId}-b`;
    await form.roomId.fill(other);
    await expect(form.roomId).not.toHaveAccessibleDescription(/already taken/);
    await form.submit.click();
    await expect(page).toHaveURL(endsWith(paths.room.getHref(E2E_APP_ID, other)));
    expect((await api.room(other)).roomConfig).toBe('{"keep":"me"}');
  });

  test('room id and config are checked as typed, before anything is sent', async ({ page }) => {
    const form = new NewRoomPage(page);
    await form.goto();
    await form.roomId.fill('qa room!');
    await expect(form.roomId).toHaveAccessibleDescription(/Only letters, digits, _ and - are allowed/);
    await form.roomId.fill('');
    await form.chooseRegion('Washington, D.C. (US East)');
    await form.config.fill('{"players": 4,}');
    await form.submit.click();
    await expect(form.config).toHaveAccessibleDescription(/Not valid JSON/);
    await expect(page).toHaveURL(endsWith(paths.newRoom.getHref(E2E_APP_ID)));

    await form.config.fill('x'.repeat(10_001));
    await expect(form.form.getByText('10,001 / 10,000 characters')).toBeVisible();
    await expect(form.config).toHaveAccessibleDescription(/1 character over the limit/);
  });

  test('a config is counted as the server counts it: 10,000 emoji are created, 10,001 are not', async ({
    page,
    api,
  }) => {
    const form = new NewRoomPage(page);
    await form.goto();
    const roomId = uniqueId('qa-emoji');
    await form.chooseRegion('Washington, D.C. (US East)');
    await form.roomId.fill(roomId);
    // A JSON string of 9,998 emoji: 10,000 code points (20,000 UTF-16 units), the server's maxLength.
    const atLimit = `"${'😀'.repeat(9_998)}"`;
    await form.config.fill(atLimit.replace(/"$/, '😀"'));
    await expect(form.form.getByText('10,001 / 10,000 characters')).toBeVisible();
    await expect(form.config).toHaveAccessibleDescription(/1 character over the limit/);
    await form.submit.click();
    await expect(page).toHaveURL(endsWith(paths.newRoom.getHref(E2E_APP_ID)));

    await form.config.fill(atLimit);
    await expect(form.form.getByText('10,000 / 10,000 characters')).toBeVisible();
    await expect(form.config).not.toHaveAccessibleDescription(/over the limit/);
    await form.submit.click();
    await expect(page).toHaveURL(endsWith(paths.room.getHref(E2E_APP_ID, roomId)));
    expect((await api.room(roomId)).roomConfig).toBe(atLimit);
  });

  test('config presets are saved, survive a reload, and can be renamed and deleted', async ({ page }) => {
    const form = new NewRoomPage(page);
    // Corrupt stored presets must not break the page.
    await page.goto(paths.newRoom.getHref(E2E_APP_ID));
    await page.evaluate(() => localStorage.setItem('roomdeck:room-config-presets', '{broken'));
    await form.goto();

    const name = `QA: 4-player ranked ${uniqueId('p')}`;
    const config = '{"players":4,"ranked":true}';
    await form.config.fill(config);
    await form.savePreset(name);

    await page.reload();
    await expect(form.config).toHaveValue('');
    await form.applyPreset(name);
    await expect(form.config).toHaveValue(config);

    const renamed = `${name} (EU)`;
    await form.renamePreset(renamed);
    await page.reload();
    await form.applyPreset(renamed);
    await expect(form.config).toHaveValue(config);

    await form.deletePreset();
    await page.reload();
    await expect(form.preset).toBeDisabled();
  });

  test('the join page says plainly when a room is gone, unknown, or the link is damaged', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Sydney' });
    await api.post(`destroy/${room.roomId}`);
    const join = new JoinPage(page);

    await page.goto(paths.join.getHref(E2E_APP_ID, room.roomId));
    await expect(join.gone).toBeVisible();
    await page.goto(paths.join.getHref(E2E_APP_ID, uniqueId('never-was')));
    await expect(join.gone).toBeVisible();
    await page.goto(`${paths.join.getHref(E2E_APP_ID, room.roomId)}?api=${encodeURIComponent('javascript:alert(1)')}`);
    await expect(page.getByRole('alert').filter({ hasText: 'This link is damaged' })).toBeVisible();
  });
});
