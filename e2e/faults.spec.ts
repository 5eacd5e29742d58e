import type { Locator, Page, Route } from '@playwright/test';
import { AUTO_RETRY_MS } from '../src/api/errors';
import { paths } from '../src/config/paths';
import { CONNECTION_POLL_DELAYS_MS } from '../src/features/rooms/connectionInfo';
import { E2E_APP_ID, expect, expectNoA11yViolations, type LocalApi, test, uniqueId } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { LoadState } from './pages/LoadState';
import { NewRoomPage } from './pages/NewRoomPage';
import { ProcessesPage } from './pages/ProcessesPage';
import { ProcessPage } from './pages/ProcessPage';
import { RoomPage } from './pages/RoomPage';
import { SettingsPage } from './pages/SettingsPage';

/**
 * The dashboard while the local server's fault injection answers API requests with 500s (before any handler runs,
 * so an injected failure changes nothing). Loads that are made to fail with `rate: 1` and a `match` on their URL
 * must show what failed with a Retry, and come back by themselves once the faults stop, within the page's own
 * retry interval: the page clock is fast-forwarded by exactly that interval. Actions forced to fail must say so and
 * leave the server as it was; at a 20 % rate, whatever the UI claims must match the server.
 */

/** A live list's wait after one failed load: its 5 s interval, doubled (src/lib/useLiveQuery.ts). */
const LIVE_RETRY_MS = 10_000;
/** The longest wait between connection info polls (room page while starting, join page). */
const CONNECTION_POLL_MS = Math.max(...CONNECTION_POLL_DELAYS_MS);

/** Each load's first try and its two retries (1 s and 2 s apart) all fail before the error state shows. */
const FAILED_LOAD_TIMEOUT = 15_000;

/** An active room, and a suspended one (so its process has an inactive room). */
async function arrangeRooms(api: LocalApi, prefix: string) {
  const active = await api.createRoom({ region: 'Chicago', roomId: `${prefix}-a`, roomConfig: '{"mode":"before"}' });
  const suspended = await api.createRoom({ region: 'Chicago', roomId: `${prefix}-s` });
  await api.waitActive(active.roomId);
  await api.waitActive(suspended.roomId);
  await api.post(`suspend/${suspended.roomId}`);
  return { active, suspended };
}

/**
 * Makes the loads whose URL contains `match` fail, opens the page, and checks the failed-load alert: its title,
 * the API's message and a Retry button, under the page's heading. Then stops the faults, lets `retryMs` of page
 * time pass and expects `data` in place of the alert, with no click.
 */
async function failsThenRecovers(
  page: Page,
  api: LocalApi,
  {
    match,
    open,
    title,
    data,
    retryMs,
    whileFailing,
  }: {
    match: string;
    open: () => Promise<unknown>;
    title: string;
    data: Locator;
    retryMs: number;
    whileFailing?: () => Promise<void>;
  },
) {
  const load = new LoadState(page);
  await api.setFaults({ rate: 1, match });
  await open();
  await expect(load.failed(title)).toBeVisible({ timeout: FAILED_LOAD_TIMEOUT });
  await expect(load.failed(title)).toContainText(/Injected fault: GET \S+ \(fault rate 1\) \(HTTP 500\)/);
  await expect(load.retry(title)).toBeEnabled();
  await expect(load.heading).toBeVisible();
  await expect(data).toHaveCount(0);
  await whileFailing?.();
  await expectNoA11yViolations(page);

  await api.setFaults({ rate: 0 });
  await page.clock.runFor(retryMs + 500);
  await expect(data.first()).toBeVisible();
  await expect(load.failed(title)).toHaveCount(0);
}

test.describe('dashboard under API faults', () => {
  test('processes and a process: every failed list says what failed and recovers by itself', async ({ page, api }) => {
    test.slow();
    const { suspended } = await arrangeRooms(api, uniqueId('fault-lists'));
    const processId = suspended.processId;
    await page.clock.install();
    const processes = new ProcessesPage(page);
    const processPage = new ProcessPage(page);

    await failsThenRecovers(page, api, {
      match: '/processes/latest',
      open: () => processes.goto(),
      title: 'Could not load the processes',
      data: processes.table,
      retryMs: LIVE_RETRY_MS,
    });
    await failsThenRecovers(page, api, {
      match: '/processes/latest',
      open: () => processes.goto('?status=stopped'),
      title: 'Could not load the processes',
      data: processes.table.or(page.getByText('No processes match')),
      retryMs: LIVE_RETRY_MS,
    });

    await failsThenRecovers(page, api, {
      match: `/processes/v1/${api.appId}/info/${processId}`,
      open: () => processPage.goto(processId),
      title: 'Could not load the process',
      data: page.getByRole('term').filter({ hasText: 'Uptime' }),
      retryMs: LIVE_RETRY_MS,
    });
    await failsThenRecovers(page, api, {
      match: `/list/${processId}/active`,
      open: () => processPage.goto(processId),
      title: 'Could not load the active rooms',
      data: processPage.table.or(page.getByText('No active rooms on this process')),
      retryMs: LIVE_RETRY_MS,
    });
    await failsThenRecovers(page, api, {
      match: `/list/${processId}/inactive`,
      open: () => processPage.goto(processId, '?tab=inactive'),
      title: 'Could not load the inactive rooms',
      data: processPage.roomLink(suspended.roomId),
      retryMs: LIVE_RETRY_MS,
    });
  });

  test('a room, its join page and the id search: failed loads say what failed, recover by themselves, Retry works', async ({
    page,
    api,
  }) => {
    test.slow();
    const room = await api.createRoom({ region: 'Frankfurt', roomConfig: '{"mode":"ffa"}' });
    await api.waitActive(room.roomId);
    await page.clock.install();
    const roomPage = new RoomPage(page);
    const load = new LoadState(page);

    await failsThenRecovers(page, api, {
      match: `/info/${room.roomId}`,
      open: () => roomPage.goto(room.roomId),
      title: 'Could not load the room',
      data: roomPage.status,
      retryMs: AUTO_RETRY_MS,
    });
    await failsThenRecovers(page, api, {
      match: `/connectioninfo/${room.roomId}`,
      open: () => roomPage.goto(room.roomId),
      title: 'Could not load the connection info',
      data: roomPage.button('Copy host:port'),
      retryMs: AUTO_RETRY_MS,
    });
    await failsThenRecovers(page, api, {
      match: `/connectioninfo/${room.roomId}`,
      open: () => page.goto(paths.join.getHref(E2E_APP_ID, room.roomId)),
      title: "Could not get the room's connection info",
      data: new JoinPage(page).button('Copy hand-off text'),
      retryMs: CONNECTION_POLL_MS,
    });

    // Retry asks at once, without waiting for the next automatic try.
    await api.setFaults({ rate: 1, match: `/info/${room.roomId}` });
    await roomPage.goto(room.roomId);
    const failed = load.failed('Could not load the room');
    await expect(failed).toContainText(`Tries again by itself every ${AUTO_RETRY_MS / 1000} s.`, {
      timeout: FAILED_LOAD_TIMEOUT,
    });
    await expectNoA11yViolations(page);
    await api.setFaults({ rate: 0 });
    await load.retry('Could not load the room').click();
    await expect(roomPage.status).toHaveText('active');
    await expect(failed).toHaveCount(0);

    // The id search: a lookup that failed is not "no such id".
    const other = await api.createRoom({ region: 'Frankfurt' });
    await api.setFaults({ rate: 1, match: `/info/${other.roomId}` });
    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Room or process id' }).fill(other.roomId);
    const lookupFailed = page.getByRole('alert').filter({ hasText: 'Could not look up the id' });
    await expect(lookupFailed).toContainText('Injected fault');
    await expect(page.getByText('No room or process with that id in this app.')).toHaveCount(0);
    await api.setFaults({ rate: 0 });
    await lookupFailed.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('button', { name: new RegExp(`Room ${other.roomId}`) })).toBeVisible();
  });

  test('a suspend whose follow-up read fails never asks for connection info, which would schedule the room again', async ({
    page,
    api,
  }) => {
    const room = await api.createRoom({ region: 'Frankfurt' });
    await api.waitActive(room.roomId);
    const roomPage = new RoomPage(page);
    const asked = roomPage.recordConnectionInfoRequests(room.roomId);
    await page.clock.install();
    await roomPage.goto(room.roomId);
    await expect(roomPage.button('Copy host:port')).toBeVisible();
    const before = asked.length;

    await api.setFaults({ rate: 1, match: `/info/${room.roomId}` });
    await roomPage.button('Suspend').click();
    await roomPage.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect(roomPage.notification('Room suspended')).toBeVisible();
    // The page cannot read the room now, so it does not know it is suspended; it says so.
    await expect(
      new LoadState(page).failed(/^Could not refresh the room: what is shown may be out of date/),
    ).toBeVisible({
      timeout: FAILED_LOAD_TIMEOUT,
    });
    // A connection info request would come within the longest poll interval; a marker request then orders the
    // events, so any request sent before it has been seen.
    await page.clock.runFor(CONNECTION_POLL_MS + 500);
    const marker = page.waitForRequest('**/_roomdeck/health');
    await page.evaluate(() => fetch('/_roomdeck/health'));
    await marker;
    expect(asked).toHaveLength(before);

    await api.setFaults({ rate: 0 });
    const onServer = await api.room(room.roomId);
    expect(onServer.status).toBe('suspended');
    expect(onServer.allocations).toHaveLength(1);
    await page.clock.runFor(AUTO_RETRY_MS + 500);
    await expect(roomPage.status).toHaveText('suspended');
    expect(asked).toHaveLength(before);
  });

  test('a connection info request still pending when a suspend starts is dropped, so it cannot schedule the room again', async ({
    page,
    api,
  }) => {
    const room = await api.createRoom({ region: 'Frankfurt' });
    await api.waitActive(room.roomId);
    const roomPage = new RoomPage(page);
    // A slow API: the page's connection info request is held, then let through after the suspend, before the
    // page has read the room again (which would have made it stop asking).
    const hold = () => {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      return { release, released, routes: [] as Route[] };
    };
    const connectionInfo = hold();
    const reread = hold();
    let suspended = false;
    await page.route(`**/connectioninfo/${room.roomId}`, async (route) => {
      connectionInfo.routes.push(route);
      await connectionInfo.released;
      await route.continue().catch(() => undefined);
    });
    await page.route(`**/suspend/${room.roomId}`, async (route) => {
      const response = await route.fetch();
      suspended = true;
      await route.fulfill({ response });
    });
    await page.route(`**/info/${room.roomId}`, async (route) => {
      if (suspended) {
        reread.routes.push(route);
        await reread.released;
      }
      await route.continue();
    });
    await roomPage.goto(room.roomId);
    await expect(roomPage.status).toHaveText('active');
    await expect.poll(() => connectionInfo.routes.length).toBe(1);

    await roomPage.button('Suspend').click();
    await roomPage.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect.poll(() => reread.routes.length).toBe(1);
    connectionInfo.release();
    // Answered (it reached the API, after the suspend) or failed (the page dropped it): either way it is over.
    const answer = await connectionInfo.routes[0]?.request().response();
    expect(answer ?? null, 'a connection info request that reached the API after the suspend').toBeNull();
    reread.release();
    await expect(roomPage.notification('Room suspended')).toBeVisible();
    await expect(roomPage.status).toHaveText('suspended');
    const onServer = await api.room(room.roomId);
    expect(onServer.status).toBe('suspended');
    expect(onServer.allocations).toHaveLength(1);
  });

  test('failed actions say so, keep what was typed, and change nothing on the server', async ({ page, api }) => {
    test.slow();
    const prefix = uniqueId('fault-act');
    const { active, suspended } = await arrangeRooms(api, prefix);
    const roomPage = new RoomPage(page);
    /** The failure notification says what failed and why; then it is closed, so it covers nothing. */
    const saysFailed = async (title: string) => {
      const notification = roomPage.notification(title);
      await expect(notification).toContainText('Injected fault');
      await notification.getByRole('button', { name: 'Close notification' }).click();
      await expect(notification).toHaveCount(0);
    };

    // Suspend, resume and destroy on the room page.
    await roomPage.goto(active.roomId);
    await expect(roomPage.status).toHaveText('active');
    await api.setFaults({ rate: 1, match: `/suspend/${active.roomId}` });
    await roomPage.button('Suspend').click();
    await roomPage.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await saysFailed(`Could not suspend room ${active.roomId}`);
    await expect(roomPage.notification('Room suspended')).toHaveCount(0);
    await expect(roomPage.status).toHaveText('active');
    await expect(roomPage.button('Suspend')).toBeEnabled();
    expect((await api.room(active.roomId)).status).toBe('active');

    await api.setFaults({ rate: 1, match: `/destroy/${active.roomId}` });
    await roomPage.button('Destroy').click();
    await roomPage.dialog.getByRole('textbox', { name: 'Type the room id to confirm' }).fill(active.roomId);
    await roomPage.dialog.getByRole('button', { name: 'Destroy room' }).click();
    await saysFailed(`Could not destroy room ${active.roomId}`);
    await expect(roomPage.status).toHaveText('active');
    expect((await api.room(active.roomId)).status).toBe('active');

    await api.setFaults({ rate: 1, match: `/resume/${suspended.roomId}` });
    await roomPage.goto(suspended.roomId);
    await expect(roomPage.status).toHaveText('suspended');
    await roomPage.button('Resume').click();
    await saysFailed(`Could not resume room ${suspended.roomId}`);
    await expect(roomPage.status).toHaveText('suspended');
    expect((await api.room(suspended.roomId)).status).toBe('suspended');

    // A config update: the edit stays open with the draft, and saving again after the fault works.
    await roomPage.goto(active.roomId);
    await api.setFaults({ rate: 1, match: `/update/${active.roomId}` });
    await roomPage.button('Edit config').click();
    await roomPage.configEditor.fill('{"mode":"after"}');
    await roomPage.button('Review changes').click();
    await roomPage.button('Save config').click();
    await expect(page.getByRole('alert').filter({ hasText: 'The config was not saved' })).toContainText(
      'Injected fault',
    );
    await expect(roomPage.notification('Config saved')).toHaveCount(0);
    await expectNoA11yViolations(page);
    const current = page.getByRole('region', { name: 'Current config' });
    await expect(page.getByRole('region', { name: 'Changes to the config' })).toContainText('+ {"mode":"after"}');
    expect((await api.room(active.roomId)).roomConfig).toBe('{"mode":"before"}');
    await api.setFaults({ rate: 0 });
    await roomPage.button('Save config').click();
    await expect(roomPage.notification('Config saved')).toBeVisible();
    await expect(current).toContainText('"mode": "after"');
    expect((await api.room(active.roomId)).roomConfig).toBe('{"mode":"after"}');

    // Suspend from a row of the process's room list.
    const processPage = new ProcessPage(page);
    await processPage.goto(active.processId);
    await expect(processPage.roomLink(active.roomId)).toBeVisible();
    await api.setFaults({ rate: 1, match: `/suspend/${active.roomId}` });
    await processPage
      .row(active.roomId)
      .getByRole('button', { name: `Suspend room ${active.roomId}` })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Suspend room' }).click();
    await saysFailed(`Could not suspend room ${active.roomId}`);
    await expect(processPage.roomLink(active.roomId)).toBeVisible();
    expect((await api.room(active.roomId)).status).toBe('active');

    // Create: the form keeps its values and says the room was not created; no room with that id exists.
    const form = new NewRoomPage(page);
    const roomId = `${prefix}-new`;
    await form.goto();
    await form.chooseRegion('Chicago (US Central)');
    await form.roomId.fill(roomId);
    await form.config.fill('{"created":"under faults"}');
    await api.setFaults({ rate: 1, match: '/create' });
    await form.submit.click();
    const notCreated = page.getByRole('alert').filter({ hasText: 'The room was not created' });
    await expect(notCreated).toContainText('Injected fault');
    await expect(page).toHaveURL(new RegExp(`${paths.newRoom.getHref(E2E_APP_ID)}$`));
    await expect(form.roomId).toHaveValue(roomId);
    await expect(form.config).toHaveValue('{"created":"under faults"}');
    expect(await api.findRoom(roomId)).toBeNull();
    await api.setFaults({ rate: 0 });
    await form.submit.click();
    await expect(roomPage.heading(roomId)).toBeVisible();
    expect((await api.findRoom(roomId))?.roomConfig).toBe('{"created":"under faults"}');

    // Testing a connection under faults says it failed and why.
    const settings = new SettingsPage(page);
    await settings.goto();
    await api.setFaults({ rate: 1, match: '/list/running' });
    await settings.test('Local server');
    await expect(settings.row('Local server').getByRole('status')).toHaveText(/^Connection failed: Injected fault/);
  });

  test('at a 20 % fault rate every page shows its heading and its data or what failed, and every claim is true', async ({
    page,
    api,
  }) => {
    test.slow();
    const prefix = uniqueId('fault-walk');
    const { active, suspended } = await arrangeRooms(api, prefix);
    const processId = suspended.processId;
    const load = new LoadState(page);
    const roomPage = new RoomPage(page);
    const processPage = new ProcessPage(page);
    const processes = new ProcessesPage(page);
    const join = new JoinPage(page);
    /** What the server says, asked with the faults off (the test's own calls go through them too). */
    const serverRoom = async (roomId: string) => {
      await api.setFaults({ rate: 0 });
      const room = await api.findRoom(roomId);
      await api.setFaults({ rate: 0.2 });
      return room;
    };
    const dataOrFailure = (data: Locator) => expect(data.or(load.failed()).first()).toBeVisible({ timeout: 15_000 });

    await api.setFaults({ rate: 0.2 });
    const visits: { path: string; shows: Locator[] }[] = [
      { path: paths.processes.getHref(E2E_APP_ID), shows: [processes.table] },
      {
        path: `${paths.processes.getHref(E2E_APP_ID)}?status=stopped`,
        shows: [processes.table.or(page.getByText('No processes match'))],
      },
      {
        path: paths.process.getHref(E2E_APP_ID, processId),
        shows: [
          page.getByRole('term').filter({ hasText: 'Uptime' }),
          processPage.table.or(page.getByText('No active rooms on this process')),
        ],
      },
      {
        path: `${paths.process.getHref(E2E_APP_ID, processId)}?tab=inactive`,
        shows: [page.getByRole('term').filter({ hasText: 'Uptime' }), processPage.roomLink(suspended.roomId)],
      },
      {
        path: paths.room.getHref(E2E_APP_ID, active.roomId),
        shows: [roomPage.status, roomPage.button('Copy host:port')],
      },
      { path: paths.room.getHref(E2E_APP_ID, suspended.roomId), shows: [roomPage.status] },
      { path: paths.newRoom.getHref(E2E_APP_ID), shows: [new NewRoomPage(page).form] },
      { path: paths.settings.getHref(), shows: [page.getByRole('table')] },
      { path: paths.join.getHref(E2E_APP_ID, active.roomId), shows: [join.button('Copy hand-off text')] },
      { path: '/no/such/page', shows: [page.getByRole('link', { name: 'Go to processes' })] },
    ];
    for (const visit of visits) {
      await page.goto(visit.path);
      await expect(load.heading, visit.path).toBeVisible();
      for (const data of visit.shows) await dataOrFailure(data);
    }

    // Actions whose outcome is left to chance: whatever the page says happened must be what the server has.
    /** Waits for the page to show `data`, pressing Retry while it shows a failed load instead. */
    const loaded = (data: Locator) =>
      expect(async () => {
        const failed = load.failed().first();
        if (await failed.isVisible()) await failed.getByRole('button', { name: 'Retry' }).click();
        await expect(data).toBeVisible({ timeout: 5_000 });
      }).toPass({ timeout: 40_000 });

    await roomPage.goto(active.roomId);
    await loaded(roomPage.status);
    await expect(roomPage.status).toHaveText('active');
    await roomPage.button('Edit config').click();
    await roomPage.configEditor.fill('{"mode":"maybe"}');
    await roomPage.button('Review changes').click();
    await roomPage.button('Save config').click();
    const saved = roomPage.notification('Config saved');
    const notSaved = page.getByRole('alert').filter({ hasText: 'The config was not saved' });
    await expect(saved.or(notSaved).first()).toBeVisible();
    const configSaved = await saved.isVisible();
    expect((await serverRoom(active.roomId))?.roomConfig).toBe(configSaved ? '{"mode":"maybe"}' : '{"mode":"before"}');

    await roomPage.goto(active.roomId);
    await loaded(roomPage.status);
    await roomPage.button('Suspend').click();
    await roomPage.dialog.getByRole('button', { name: 'Suspend room' }).click();
    const suspendedNote = roomPage.notification(/^Room suspended/);
    const notSuspended = roomPage.notification(`Could not suspend room ${active.roomId}`);
    await expect(suspendedNote.or(notSuspended).first()).toBeVisible();
    const wasSuspended = await suspendedNote.isVisible();
    expect((await serverRoom(active.roomId))?.status).toBe(wasSuspended ? 'suspended' : 'active');
    // The page comes to show the same, even where its refresh after the action failed.
    await expect(roomPage.status).toHaveText(wasSuspended ? 'suspended' : 'active', { timeout: 20_000 });

    const form = new NewRoomPage(page);
    const roomId = `${prefix}-new`;
    await form.goto();
    await form.chooseRegion('Chicago (US Central)');
    await form.roomId.fill(roomId);
    await form.submit.click();
    const created = roomPage.heading(roomId);
    const notCreated = page.getByRole('alert').filter({ hasText: 'The room was not created' });
    await expect(created.or(notCreated).first()).toBeVisible();
    const wasCreated = await created.isVisible();
    expect((await serverRoom(roomId)) !== null).toBe(wasCreated);
  });
});
