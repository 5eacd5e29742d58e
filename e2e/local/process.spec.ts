import WebSocket from 'ws';
import { E2E_APP_ID } from '../env';
import { expectNoA11yViolations, uniqueId } from '../fixtures';
import { ProcessPage } from '../pages/ProcessPage';
import { RoomPage } from '../pages/RoomPage';
import { expect, test } from './fixtures';

/**
 * The console against real game processes: the demo game (demo-game/server.mjs, one room per process, see
 * e2e/local/deployment.json) run by the local runtime. Each test makes its own rooms, so its own processes.
 */

const short = (processId: string) => processId.slice(0, 8);

test.describe('process page against the demo game', () => {
  test('a crashed process shows failed, its reason and its last log lines; the room says it died with it', async ({
    page,
    api,
  }) => {
    const roomId = uniqueId('crash');
    const room = await api.createRoom({ roomId, region: 'Sydney', roomConfig: '{"crashAfterMs":1500}' });
    await expect.poll(async () => (await api.processV3(room.processId)).status, { timeout: 20_000 }).toBe('failed');

    const processPage = new ProcessPage(page);
    await processPage.goto(room.processId);
    await expect(page.getByRole('heading', { name: 'Status: failed' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'This process failed' })).toContainText(
      'Exited with code 1',
    );
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByText('crashing on purpose (roomConfig.crashAfterMs)')).toBeVisible();
    // The process has ended: there is nothing to stop.
    await expect(page.getByRole('button', { name: 'Stop process' })).toBeDisabled();
    await expectNoA11yViolations(page);

    const roomPage = new RoomPage(page);
    await roomPage.goto(roomId);
    const died = page.getByRole('alert').filter({ hasText: 'This room died with its process' });
    await expect(died).toContainText(`The process ${short(room.processId)} failed: Exited with code 1`);
    await expect(page.getByLabel('Process status')).toHaveText('failed');
    await expectNoA11yViolations(page);
    await died.getByRole('link', { name: "See the process's logs" }).click();
    await expect(page).toHaveURL(new RegExp(`/processes/${room.processId}#logs$`));
    await expect(logs.getByText('crashing on purpose (roomConfig.crashAfterMs)')).toBeInViewport();
  });

  test('following the logs shows a line the game prints when a player joins', async ({ page, api }) => {
    const roomId = uniqueId('follow');
    const room = await api.createRoom({ roomId, region: 'Tokyo' });
    await api.waitActive(roomId);
    const { exposedPort } = await api.connectionInfo(roomId);
    if (!exposedPort) throw new Error('an active room without an exposed port');

    const processPage = new ProcessPage(page);
    await processPage.goto(room.processId);
    const logs = page.getByRole('region', { name: 'Logs' });
    await expect(logs.getByText(/listening on 0\.0\.0\.0:\d+/)).toBeVisible();

    const name = uniqueId('tester');
    const ws = new WebSocket(
      `ws://${exposedPort.host}:${exposedPort.port}/ws?room=${encodeURIComponent(roomId)}&name=${encodeURIComponent(name)}`,
    );
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      await expect(logs.getByText(`room ${roomId}: player "${name}" joined (1 player)`)).toBeVisible();
    } finally {
      ws.close();
    }
    await expect(logs.getByText(`room ${roomId}: player "${name}" left (0 players)`)).toBeVisible();
  });

  test('the charts show samples of a running process', async ({ page, api }) => {
    const roomId = uniqueId('charts');
    const room = await api.createRoom({ roomId, region: 'Mumbai' });
    await api.waitActive(roomId);
    // Samples every 500 ms (ROOMDECK_METRICS_INTERVAL_MS): wait until the API has some, then open the page.
    await expect
      .poll(
        async () => {
          const end = Math.floor(Date.now() / 1000);
          const { data } = await api.client.GET('/processes/v3/apps/{appId}/processes/process/{processId}/metrics', {
            params: {
              path: { appId: E2E_APP_ID, processId: room.processId },
              query: { metrics: ['memory'], start: end - 900, end, step: 10 },
            },
          });
          return data?.memory?.length ?? 0;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);

    const processPage = new ProcessPage(page);
    await processPage.goto(room.processId);
    const metrics = page.getByRole('region', { name: 'Metrics' });
    for (const chart of ['CPU (%) over time', 'Memory (MiB) over time', 'Active connections (connections) over time']) {
      await expect(metrics.getByRole('img', { name: chart }).locator('canvas')).toBeVisible();
    }
    // Each chart names its latest value; a node process uses some memory.
    await expect(metrics.getByText(/^now /)).toHaveCount(3);
    await expect(metrics.getByText(/^now [1-9][\d.]* MiB$/)).toBeVisible();
  });

  test('stop a process (confirmed, naming its room), then start one in another region', async ({ page, api }) => {
    const roomId = uniqueId('stop');
    const room = await api.createRoom({ roomId, region: 'London' });
    await api.waitActive(roomId);

    const processPage = new ProcessPage(page);
    await processPage.goto(room.processId);
    await expect(page.getByRole('heading', { name: 'Status: running' })).toBeVisible();
    // The dialog names the room the stop destroys (the active rooms list has loaded).
    await expect(processPage.roomLink(roomId)).toBeVisible();
    await page.getByRole('button', { name: 'Stop process' }).click();
    const dialog = page.getByRole('dialog', { name: `Stop process ${short(room.processId)}?` });
    await expect(dialog).toContainText(
      `Stop process ${short(room.processId)}? Its 1 room (${roomId}) is destroyed and its players disconnected.`,
    );
    await dialog.getByRole('button', { name: 'Stop process' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Status: stopped' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Stop process' })).toBeDisabled();
    expect((await api.room(roomId)).status).toBe('destroyed');

    await page.getByRole('button', { name: 'Start a process' }).click();
    const start = page.getByRole('dialog', { name: 'Start a process?' });
    await start.getByRole('combobox', { name: 'Region' }).fill('Singap');
    await start.getByRole('option', { name: /Singapore/ }).click();
    await start.getByRole('button', { name: /^Start in Singapore/ }).click();
    await expect(start).toBeHidden();
    await expect(page).not.toHaveURL(new RegExp(`/processes/${room.processId}`));
    await expect(page).toHaveURL(/\/processes\/[^/]+$/);
    const startedId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    await expect(page.getByRole('heading', { name: 'Status: running' })).toBeVisible({ timeout: 15_000 });
    const started = await api.processV3(startedId);
    expect(started).toMatchObject({ region: 'Singapore', status: 'running' });
  });
});

test.describe('room page against the demo game', () => {
  test('the reachability check says reachable for a live room, refused after its process stopped', async ({
    page,
    api,
  }) => {
    const roomId = uniqueId('reach');
    const room = await api.createRoom({ roomId, region: 'Chicago' });
    await api.waitActive(roomId);

    const roomPage = new RoomPage(page);
    await roomPage.goto(roomId);
    await expect(page.getByLabel('Process status')).toHaveText('running');
    await page.getByRole('button', { name: 'Check from the server' }).click();
    const reachable = page.getByRole('status', { name: /^Reachable in [\d.]+ ms$/ });
    await expect(reachable).toContainText(/Connected to 127\.0\.0\.1:\d+ in [\d.]+ ms from the Roomdeck server/);

    await api.stopProcess(room.processId);
    await expect.poll(async () => (await api.processV3(room.processId)).status, { timeout: 15_000 }).toBe('stopped');
    // The room went with its process: the page says so, and the check (asked again by hand) is refused.
    // The room and its process are asked again every 5 s.
    await expect(page.getByRole('alert').filter({ hasText: 'Its process was stopped' })).toBeVisible({
      timeout: 15_000,
    });
    await page.getByRole('button', { name: 'Check again' }).click();
    const refused = page.getByRole('status', { name: 'Connection refused' });
    await expect(refused).toContainText(/127\.0\.0\.1:\d+ refused the connection: nothing listens there/);
    await expect(reachable).toBeHidden();
  });
});
