import { paths } from '../src/config/paths';
import { E2E_APP_ID, expect, expectNoA11yViolations, type LocalApi, test, uniqueId } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { RoomPage } from './pages/RoomPage';

/**
 * A room on a process that is still starting stays `starting` for the process's start-up time (1.5 s in the e2e
 * server), long enough for the page to see it. A room placed on a running process is ready in 0.3 s, so rooms are
 * created until one lands on a new process (each process holds 4).
 */
async function createStartingRoom(api: LocalApi) {
  for (let attempt = 0; attempt < 6; attempt++) {
    const room = await api.createRoom({ region: 'Sydney' });
    if ((await api.process(room.processId)).startedAt === null) return room;
  }
  throw new Error('No room landed on a new process');
}

test.describe('room page', () => {
  test('a new room polls until active, then stops polling', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    // A fake clock that runs in real time, so that afterwards a minute can pass in an instant.
    await page.clock.install();
    const room = await createStartingRoom(api);
    const requests = roomPage.recordConnectionInfoRequests(room.roomId);
    const answers: string[] = [];
    page.on('response', async (response) => {
      if (response.url().includes(`/connectioninfo/${room.roomId}`)) {
        answers.push(((await response.json()) as { status: string }).status);
      }
    });

    await roomPage.goto(room.roomId);
    await expect(roomPage.heading(room.roomId)).toBeVisible();
    await expect(page.getByText(/^Waiting for the room to become active: \d+ s since/)).toBeVisible();
    await expect(page.getByRole('progressbar', { name: /Time waited/ })).toBeVisible();
    await expect(roomPage.status).toHaveText('active', { timeout: 15_000 });
    await expect(roomPage.button('Copy host:port')).toBeVisible();
    await expect(roomPage.history.first()).toContainText(/Became active \d+\.\d s after this dashboard first saw it/);
    await expect.poll(() => answers.at(-1)).toBe('active');
    expect(answers[0]).toBe('starting');
    expect(answers.slice(0, -1).every((s) => s === 'starting')).toBe(true);
    const polled = requests.length;
    expect(polled).toBeGreaterThanOrEqual(2);

    // Let a minute of page time pass at once: a poll timer still running would fire in it. Then a marker request:
    // request events arrive in the order the page sent them, so once the marker's has arrived, any connection info
    // request sent before it has been counted.
    await page.clock.runFor(60_000);
    const marker = page.waitForRequest('**/_roomdeck/health');
    await page.evaluate(() => fetch('/_roomdeck/health'));
    await marker;
    expect(requests).toHaveLength(polled);
  });

  test('shows the connection details and copies them', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'Seattle' });
    await api.waitActive(room.roomId);
    const info = await api.connectionInfo(room.roomId);
    const port = info.exposedPort;
    if (!port) throw new Error('an active room has an exposed port');
    const address = `${port.host}:${port.port}`;

    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
    await expect(page.getByText(address, { exact: true })).toBeVisible();
    await expect(page.getByText(port.transportType.toUpperCase(), { exact: true })).toBeVisible();
    await expect(page.getByText(port.name, { exact: true })).toBeVisible();
    for (const extra of info.additionalExposedPorts) {
      await expect(page.getByRole('row', { name: new RegExp(`^${extra.name} `) })).toContainText(
        `${extra.host}:${extra.port}`,
      );
    }

    await roomPage.button('Copy host:port').click();
    await expect.poll(() => roomPage.clipboard()).toBe(address);
    await roomPage.button('Copy connection details').click();
    await expect(roomPage.button('Copied')).toBeVisible();
    const details = await roomPage.clipboard();
    expect(details).toContain(`Room: ${room.roomId} (app ${E2E_APP_ID})`);
    expect(details).toContain(`Connect: ${address} (${port.transportType.toUpperCase()})`);
    expect(details).toContain('Region: Seattle');
    expect(details).toContain(`/join/${E2E_APP_ID}/${room.roomId}`);

    await roomPage.button('Copy room id').click();
    await expect.poll(() => roomPage.clipboard()).toBe(room.roomId);
    await expectNoA11yViolations(page);
  });

  test('hands the room over from its own page: a share link and a QR of the join URL', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'Tokyo' });
    await api.waitActive(room.roomId);
    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
    const joinUrl = new URL(`/join/${E2E_APP_ID}/${room.roomId}`, page.url()).toString();

    await roomPage.button('Show QR').click();
    const qr = page.locator('[data-qr-value]');
    await expect(qr).toHaveAttribute('data-qr-value', joinUrl);
    await expect(page.getByRole('img', { name: `QR code of ${joinUrl}` })).toBeVisible();
    // The e2e server is on 127.0.0.1 with no ROOMDECK_PUBLIC_URL: the page says the link is for this machine.
    await expect(page.getByText('This link works on this machine only').first()).toBeVisible();
    await roomPage.button('Copy share link').click();
    await expect.poll(() => roomPage.clipboard()).toBe(joinUrl);
    await roomPage.button('Hide QR').click();
    await expect(qr).toBeHidden();
  });

  test('suspend, then resume: a second allocation in the history', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'Frankfurt' });
    await api.waitActive(room.roomId);
    const requests = roomPage.recordConnectionInfoRequests(room.roomId);

    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
    await expect(roomPage.history).toHaveCount(1);
    await expect(roomPage.history.first()).toContainText('Current');
    await expect(roomPage.button('Resume')).toBeDisabled();

    await roomPage.button('Suspend').click();
    await expect(roomPage.dialog).toContainText('can be resumed later');
    await roomPage.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect(roomPage.status).toHaveText('suspended');
    await expect(roomPage.notification('Room suspended')).toBeVisible();
    await expect(page.getByText('The room is suspended: it has no process')).toBeVisible();
    await expect(roomPage.history.first()).toContainText('(room suspended)');
    await expect(roomPage.button('Suspend')).toBeDisabled();
    const beforeResume = requests.length;
    // Asking a suspended room for its connection info would have rescheduled it.
    expect((await api.room(room.roomId)).status).toBe('suspended');

    await roomPage.button('Resume').click();
    await expect(roomPage.notification('Room resumed')).toBeVisible();
    await expect(roomPage.status).toHaveText('active', { timeout: 15_000 });
    await expect(roomPage.history).toHaveCount(2);
    await expect(roomPage.history.nth(1)).toContainText('Current');
    await expect(roomPage.history.nth(0)).not.toContainText('Current');
    await expect(roomPage.button('Copy host:port')).toBeVisible();
    expect(requests.length).toBeGreaterThan(beforeResume);
    const after = await api.room(room.roomId);
    expect(after.status).toBe('active');
    expect(after.allocations).toHaveLength(2);
  });

  test('on an API without the resume route, the connection info fallback cannot resume without a token', async ({
    page,
    api,
  }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'Tokyo' });
    await api.waitActive(room.roomId);
    await api.post(`suspend/${room.roomId}`);
    // An older Hathora API: the route itself does not exist.
    let resumeCalls = 0;
    await page.route(`**/rooms/v2/${E2E_APP_ID}/resume/${room.roomId}`, (route) => {
      resumeCalls++;
      return route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ message: `Route POST:/rooms/v2/${E2E_APP_ID}/resume/${room.roomId} not found` }),
      });
    });
    const requests = roomPage.recordConnectionInfoRequests(room.roomId);

    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('suspended');
    await expect(page.getByText('The room is suspended: it has no process')).toBeVisible();
    expect(requests).toHaveLength(0);

    // Older Hathora APIs rescheduled a suspended room on any GetConnectionInfo; this server does so only for who
    // may resume it, and the fallback (like every connectioninfo call of the dashboard) carries no token.
    const fallback = page.waitForResponse((r) => r.url().endsWith(`/connectioninfo/${room.roomId}`));
    await roomPage.button('Resume').click();
    expect((await fallback).status()).toBe(409);
    await expect(page.getByText(`Room ${room.roomId} is suspended`).first()).toBeVisible();
    await expect(roomPage.status).toHaveText('suspended');
    expect(resumeCalls).toBe(1);
    const after = await api.room(room.roomId);
    expect(after.status).toBe('suspended');
    expect(after.allocations).toHaveLength(1);
  });

  test('edits the config with a diff, saves it and reads it back', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'London', roomConfig: '{"mode":"ffa","maxPlayers":8}' });

    await roomPage.goto(room.roomId);
    const current = page.getByRole('region', { name: 'Current config' });
    await expect(current).toContainText('"mode": "ffa"');
    await roomPage.button('Copy config').click();
    await expect.poll(() => roomPage.clipboard()).toBe('{"mode":"ffa","maxPlayers":8}');

    await roomPage.button('Edit config').click();
    await expect(roomPage.configEditor).toHaveValue('{"mode":"ffa","maxPlayers":8}');
    await expect(page.getByText('29 / 10,000 characters')).toBeVisible();

    await roomPage.configEditor.fill('{"mode":"teams",');
    await roomPage.button('Review changes').click();
    await expect(page.getByText(/Not valid JSON/).first()).toBeVisible();

    await roomPage.configEditor.fill('{"mode":"teams","maxPlayers":8,"teams":2}');
    await expect(page.getByText('41 / 10,000 characters')).toBeVisible();
    await roomPage.button('Format JSON').click();
    const saved = '{\n  "mode": "teams",\n  "maxPlayers": 8,\n  "teams": 2\n}';
    await expect(roomPage.configEditor).toHaveValue(saved);
    await roomPage.button('Review changes').click();
    const diff = page.getByRole('region', { name: 'Changes to the config' });
    await expect(diff).toContainText('- {"mode":"ffa","maxPlayers":8}');
    await expect(diff).toContainText('+   "mode": "teams",');
    await expect(page.getByText('1 line removed, 5 added.')).toBeVisible();
    await expectNoA11yViolations(page);

    await roomPage.button('Save config').click();
    await expect(roomPage.notification('Config saved')).toBeVisible();
    await expect(current).toContainText('"teams": 2');
    expect((await api.room(room.roomId)).roomConfig).toBe(saved);
  });

  test('plain-text config, the live limit, and a change made on the server meanwhile', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'London', roomConfig: 'map=dust; players=4' });

    await roomPage.goto(room.roomId);
    await expect(page.getByRole('region', { name: 'Current config' })).toHaveText('map=dust; players=4');
    await roomPage.button('Edit config').click();
    await expect(page.getByRole('switch', { name: 'Plain text (not JSON)' })).toBeChecked();
    await roomPage.configEditor.fill('x'.repeat(10_001));
    await expect(page.getByText('10,001 / 10,000 characters')).toBeVisible();
    await expect(page.getByText('1 character over the limit')).toBeVisible();

    await roomPage.configEditor.fill('map=mirage; players=4');
    // Someone else changes the config while this edit is open.
    await api.updateRoomConfig(room.roomId, 'map=inferno; players=4');
    await roomPage.button('Review changes').click();
    await roomPage.button('Save config').click();
    const conflict = page.getByRole('alert').filter({ hasText: 'changed on the server since you started editing' });
    await expect(conflict).toBeVisible();
    await expect(conflict.getByRole('region', { name: 'Changes made on the server' })).toContainText(
      '+ map=inferno; players=4',
    );
    expect((await api.room(room.roomId)).roomConfig).toBe('map=inferno; players=4');

    await roomPage.button('Overwrite with my version').click();
    await expect(roomPage.notification('Config saved')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Current config' })).toHaveText('map=mirage; players=4');
    expect((await api.room(room.roomId)).roomConfig).toBe('map=mirage; players=4');
  });

  test('destroys a room after the id is typed, once, and keeps it readable', async ({ page, api }) => {
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'Chicago', roomConfig: '{"keep":"me"}' });
    await api.waitActive(room.roomId);
    let destroyCalls = 0;
    page.on('request', (request) => {
      if (request.url().includes(`/destroy/${room.roomId}`)) destroyCalls++;
    });

    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
    await roomPage.button('Destroy').click();
    const confirm = roomPage.dialog.getByRole('button', { name: 'Destroy room' });
    await expect(confirm).toBeDisabled();
    const typed = roomPage.dialog.getByRole('textbox', { name: 'Type the room id to confirm' });
    await typed.fill(`${room.roomId}x`);
    await expect(confirm).toBeDisabled();
    await typed.fill(room.roomId);
    await expect(confirm).toBeEnabled();
    await confirm.dblclick();

    await expect(roomPage.notification('Room destroyed')).toBeVisible();
    await expect(roomPage.status).toHaveText('destroyed');
    expect(destroyCalls).toBe(1);
    await expect(roomPage.dialog).toBeHidden();
    await expect(page.getByText('The room is destroyed: it has no address')).toBeVisible();
    await expect(roomPage.history).toHaveCount(1);
    await expect(roomPage.history.first()).toContainText('(room destroyed)');
    await expect(page.getByRole('region', { name: 'Current config' })).toContainText('"keep": "me"');
    for (const name of ['Suspend', 'Resume', 'Destroy', 'Edit config']) {
      await expect(roomPage.button(name)).toBeDisabled();
    }
    expect((await api.room(room.roomId)).status).toBe('destroyed');
    await expectNoA11yViolations(page);
  });

  test('an unknown room id gets a not-found state with a way forward', async ({ page }) => {
    const roomPage = new RoomPage(page);
    const roomId = uniqueId('no-such-room');
    const requests = roomPage.recordConnectionInfoRequests(roomId);
    await roomPage.goto(roomId);
    await expect(roomPage.heading(roomId)).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Room not found' })).toContainText(roomId);
    expect(requests).toHaveLength(0);
    await expectNoA11yViolations(page);
    await page.getByRole('link', { name: 'Browse processes and their rooms' }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${E2E_APP_ID}/processes$`));
  });
  test('an open room page shows a suspend made elsewhere, without scheduling the room again', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Frankfurt' });
    await api.waitActive(room.roomId);
    const roomPage = new RoomPage(page);
    const asked = roomPage.recordConnectionInfoRequests(room.roomId);
    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
    await expect(page.getByText(/Updated \d+ s ago/)).toBeVisible();
    await expect(roomPage.button('Copy share link')).toBeVisible();
    const before = asked.length;

    // Live-ops suspends the room from somewhere else: the page refreshes it by itself (every 5 s).
    await api.post(`suspend/${room.roomId}`);
    await expect(roomPage.status).toHaveText('suspended');
    // A join link would ask for connection info, which schedules a suspended room again: none is offered.
    await expect(roomPage.button('Copy share link')).toHaveCount(0);
    expect(asked).toHaveLength(before);
    const onServer = await api.room(room.roomId);
    expect(onServer.status).toBe('suspended');
    expect(onServer.allocations).toHaveLength(1);
  });

  test('a join page left open does not schedule the room again when its tab regains focus', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Frankfurt' });
    await api.waitActive(room.roomId);
    const join = new JoinPage(page);
    const asked = new RoomPage(page).recordConnectionInfoRequests(room.roomId);
    await page.clock.install();
    await page.goto(paths.join.getHref(E2E_APP_ID, room.roomId));
    await expect(page.getByRole('img', { name: /^QR code of / })).toBeVisible();
    await expect(join.heading(room.roomId)).toBeVisible();
    const before = asked.length;

    await api.post(`suspend/${room.roomId}`);
    // A while later (any answer older than the default 2 s stale time would be asked again), the tab is hidden,
    // then shown again: React Query refetches stale queries on that.
    await page.clock.runFor(60_000);
    for (const state of ['hidden', 'visible']) {
      await page.evaluate((visibility) => {
        Object.defineProperty(document, 'visibilityState', { value: visibility, configurable: true });
        Object.defineProperty(document, 'hidden', { value: visibility === 'hidden', configurable: true });
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      }, state);
    }
    // React Query reacts to focus through timers: let them run, then a marker request orders the events, so any
    // request the page sent before it has been seen.
    await page.clock.runFor(1_000);
    const marker = page.waitForRequest('**/_roomdeck/health');
    await page.evaluate(() => fetch('/_roomdeck/health'));
    await marker;
    expect(asked).toHaveLength(before);
    const onServer = await api.room(room.roomId);
    expect(onServer.status).toBe('suspended');
    expect(onServer.allocations).toHaveLength(1);
  });
});
