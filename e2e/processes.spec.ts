import { expect, expectNoA11yViolations, type LocalApi, type Region, test, uniqueId } from './fixtures';
import { ProcessesPage } from './pages/ProcessesPage';
import { ProcessPage } from './pages/ProcessPage';

/**
 * Creates rooms with the given ids in one region until `ids.length` of them share one process (other tests'
 * rooms fill processes too, 4 rooms per process), and returns that process with the rooms on it.
 */
async function roomsOnOneProcess(api: LocalApi, region: Region, prefix: string, count: number) {
  const byProcess = new Map<string, string[]>();
  for (let i = 0; i < count * 4; i++) {
    const roomId = `${prefix}-${i}`;
    const room = await api.createRoom({ region, roomId, roomConfig: mapConfig(roomId) });
    const ids = [...(byProcess.get(room.processId) ?? []), room.roomId];
    byProcess.set(room.processId, ids);
    if (ids.length === count) return { processId: room.processId, roomIds: ids };
  }
  throw new Error(`no ${count} rooms landed on one process`);
}

/** CreateProcess (pre-warm) through the typed client: a process with no rooms in `region`. */
async function startProcess(api: LocalApi, region: Region) {
  const { data, response } = await api.client.POST('/processes/v3/apps/{appId}/processes/regions/{region}', {
    params: { path: { appId: api.appId, region } },
  });
  expect(response.status).toBe(201);
  if (!data) throw new Error('CreateProcess answered without a body');
  return data;
}

async function stopProcess(api: LocalApi, processId: string) {
  const { response } = await api.client.POST('/processes/v3/apps/{appId}/processes/{processId}/stop', {
    params: { path: { appId: api.appId, processId } },
  });
  expect(response.status).toBe(204);
}

type Status = 'starting' | 'running' | 'draining' | 'stopping' | 'stopped' | 'failed';

async function countProcesses(api: LocalApi, status?: Status[], region?: Region[]) {
  const { data, response } = await api.client.GET('/processes/v3/apps/{appId}/processes/count', {
    params: { path: { appId: api.appId }, query: { status, region } },
  });
  expect(response.status).toBe(200);
  return data?.count ?? -1;
}

/** The config each room of `roomsOnOneProcess` gets: searchable text that only that room's config contains. */
const mapConfig = (roomId: string) => `{"map":"map-of-${roomId}"}`;

test.describe('processes', () => {
  test('lists processes, filters by region, opens one from its row or by id', async ({ page, api }) => {
    const sydney = await api.createRoom({ region: 'Sydney' });
    const london = await api.createRoom({ region: 'London' });
    const list = new ProcessesPage(page);
    await list.goto();
    await expect(list.heading).toBeVisible();
    await expect(list.overview.getByText('Live processes', { exact: true })).toBeVisible();
    await expect(list.overview.getByRole('table', { name: 'Live processes by region' })).toBeVisible();

    await (await list.region('Sydney (Australia)')).click();
    await expect(page).toHaveURL(/region=Sydney/);
    await expect(list.processLink(sydney.processId)).toBeVisible();
    await expect(list.processLink(sydney.processId)).toHaveText(sydney.processId.slice(0, 8));
    await expect(list.processLink(london.processId)).toHaveCount(0);
    // Region is the third column (Process, Status, Region, ...).
    const regions = await list.rows.locator('td:nth-child(3)').allTextContents();
    expect(new Set(regions)).toEqual(new Set(['Sydney (Australia)']));
    await expect(list.processRow(sydney.processId).getByLabel(/room slots used/)).toBeVisible();

    // Both regions: multi-select.
    await (await list.region('London (UK)')).click();
    await expect(page).toHaveURL(/region=London/);
    await expect(list.processLink(london.processId)).toBeVisible();
    await expect(list.processLink(sydney.processId)).toBeVisible();
    await (await list.region('Sydney (Australia)')).click();
    await expect(list.processLink(sydney.processId)).toHaveCount(0);
    await (await list.region('London (UK)')).click();
    await expect(page).not.toHaveURL(/region=/);

    // A click anywhere on the row opens the process.
    await list.processRow(london.processId).getByRole('cell').nth(2).click();
    await expect(page).toHaveURL(new RegExp(`/processes/${london.processId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(london.processId);

    await list.goto();
    await list.goToProcessById(sydney.processId);
    await expect(page).toHaveURL(new RegExp(`/processes/${sydney.processId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(sydney.processId);
    await expect(page.getByRole('definition').filter({ hasText: 'Sydney (Australia)' })).toBeVisible();
  });

  test('the status filter is in the URL and survives a reload; chips count; a stopped one says why', async ({
    page,
    api,
  }) => {
    const started = await startProcess(api, 'Mumbai');
    await stopProcess(api, started.processId);
    const list = new ProcessesPage(page);
    await list.goto();
    const stoppedCount = await countProcesses(api, ['stopped']);
    await expect(list.status('stopped')).toHaveAccessibleName(`stopped ${stoppedCount}`);
    await expect(list.status('running')).toHaveAccessibleName(`running ${await countProcesses(api, ['running'])}`);

    // Keyboard: the chips are checkboxes.
    await list.status('stopped').focus();
    await page.keyboard.press('Space');
    await expect(page).toHaveURL(/status=stopped/);
    await list.statusChip('failed').click();
    await expect(page).toHaveURL(/status=stopped&status=failed/);
    await page.reload();
    await expect(list.status('stopped')).toBeChecked();
    await expect(list.status('failed')).toBeChecked();
    await expect(list.status('running')).not.toBeChecked();
    await expect(list.processLink(started.processId)).toBeVisible();
    const statuses = await list.rows.locator('td:nth-child(2)').allTextContents();
    expect(
      statuses.every((s) => s === 'stopped' || s === 'failed'),
      statuses.join(),
    ).toBe(true);

    await expect(await list.cell(started.processId, 'Exit reason')).toHaveText(/Stopped by StopProcess/);
    await expect(await list.cell(started.processId, 'Uptime')).toHaveText(/^(ran \d|never started)/);

    // Nothing matches: stopped processes in a region with none, then reset.
    await list.goto('?status=stopping&region=Sao_Paulo');
    await expect(page.getByText('No processes match')).toBeVisible();
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await expect(page).not.toHaveURL(/status=|region=/);
    await expect(list.table).toBeVisible();
  });

  test('pages through every process with "Load older"', async ({ page, api }) => {
    const created: string[] = [];
    for (let i = 0; i < 12; i++) created.push((await startProcess(api, 'Johannesburg')).processId);
    const list = new ProcessesPage(page);
    await list.goto('?region=Johannesburg');
    await expect(list.rows).toHaveCount(10);
    const total = await countProcesses(api, undefined, ['Johannesburg']);
    await expect(page.getByText(`10 of ${total} shown`)).toBeVisible();
    // Newest first: the last one created is on the first page, the first one is not.
    await expect(list.processLink(created.at(-1) as string)).toBeVisible();
    await expect(list.processLink(created[0] as string)).toHaveCount(0);

    for (let shown = 10; shown < total; shown += 10) {
      await list.loadOlder.click();
      await expect(page.getByText(`${Math.min(shown + 10, total)} of ${total} shown`)).toBeVisible();
    }
    await expect(list.rows).toHaveCount(total);
    for (const id of created) await expect(list.processLink(id)).toBeVisible();
  });

  test("shows a process's active and inactive rooms", async ({ page, api }) => {
    const prefix = uniqueId('tabs');
    const { processId, roomIds } = await roomsOnOneProcess(api, 'Chicago', prefix, 3);
    const [kept, suspended, destroyed] = roomIds as [string, string, string];
    await api.post(`suspend/${suspended}`);
    await api.post(`destroy/${destroyed}`);

    const view = new ProcessPage(page);
    await view.goto(processId);
    await expect(view.tab('Active rooms')).toHaveAttribute('aria-selected', 'true');
    await expect(view.row(kept)).toBeVisible();
    await expect(view.row(kept).getByText(mapConfig(kept))).toBeVisible();
    await expect(view.roomLink(kept)).toHaveAttribute('href', new RegExp(`/rooms/${kept}$`));
    await expect(view.roomLink(suspended)).toHaveCount(0);

    await view.tab('Inactive rooms').click();
    await expect(page).toHaveURL(/tab=inactive/);
    await expect(view.row(suspended).getByText('suspended', { exact: true })).toBeVisible();
    await expect(view.row(destroyed).getByText('destroyed', { exact: true })).toBeVisible();
    await expect(view.roomLink(kept)).toHaveCount(0);
    // A destroyed room cannot be acted on; a suspended one can still be destroyed.
    await expect(view.row(destroyed).getByRole('button')).toHaveCount(1); // its copy button
    await expect(view.row(suspended).getByRole('button', { name: `Destroy room ${suspended}` })).toBeVisible();

    await view.roomLink(suspended).click();
    await expect(page).toHaveURL(new RegExp(`/rooms/${suspended}$`));
  });

  test('search and sort live in the URL and survive a reload', async ({ page, api }) => {
    const prefix = uniqueId('find');
    const { processId, roomIds } = await roomsOnOneProcess(api, 'Frankfurt', prefix, 2);
    const [first, second] = roomIds as [string, string];
    const view = new ProcessPage(page);
    await view.goto(processId);

    await view.search.fill(prefix);
    await expect.poll(() => view.roomIds()).toEqual([second, first]); // newest first by default
    await expect(page).toHaveURL(new RegExp(`q=${prefix}`));

    await view.sortBy('Room id');
    await expect(page).toHaveURL(/sort=roomId&dir=asc/);
    await expect.poll(() => view.roomIds()).toEqual([first, second]);
    await view.sortBy('Room id');
    await expect(page).toHaveURL(/sort=roomId&dir=desc/);
    await expect.poll(() => view.roomIds()).toEqual([second, first]);

    // Config text is searched too.
    await view.search.fill(`map-of-${first}`);
    await expect.poll(() => view.roomIds()).toEqual([first]);
    await expect(page).toHaveURL(new RegExp(`q=map-of-${first}`));

    await page.reload();
    await expect(view.search).toHaveValue(`map-of-${first}`);
    await expect(view.columnHeader('Room id')).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => view.roomIds()).toEqual([first]);

    await view.search.fill(`${prefix}-nothing`);
    await expect(page.getByText(`No rooms match “${prefix}-nothing”`)).toBeVisible();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect(view.search).toHaveValue('');
    await expect(page).not.toHaveURL(/q=/);
  });

  test('suspends and destroys a room from its row, after a confirmation naming it', async ({ page, api }) => {
    const prefix = uniqueId('row');
    const { processId, roomIds } = await roomsOnOneProcess(api, 'Tokyo', prefix, 2);
    const [toSuspend, toDestroy] = roomIds as [string, string];
    const view = new ProcessPage(page);
    await view.goto(processId);
    await expect(view.row(toSuspend)).toBeVisible();
    await expectNoA11yViolations(page);

    await page.getByRole('button', { name: `Suspend room ${toSuspend}` }).click();
    await expect(view.dialog.getByRole('heading', { name: `Suspend room ${toSuspend}?` })).toBeVisible();
    await view.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect(page.getByText(`Room ${toSuspend} suspended`)).toBeVisible();
    await expect(view.roomLink(toSuspend)).toHaveCount(0);
    expect((await api.room(toSuspend)).status).toBe('suspended');

    await page.getByRole('button', { name: `Destroy room ${toDestroy}` }).click();
    await expect(view.dialog.getByRole('heading', { name: `Destroy room ${toDestroy}?` })).toBeVisible();
    await view.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(view.dialog).toHaveCount(0);
    expect((await api.room(toDestroy)).status).not.toBe('destroyed');

    await page.getByRole('button', { name: `Destroy room ${toDestroy}` }).click();
    await view.dialog.getByRole('button', { name: 'Destroy room' }).click();
    await expect(page.getByText(`Room ${toDestroy} destroyed`)).toBeVisible();
    await expect(view.roomLink(toDestroy)).toHaveCount(0);
    expect((await api.room(toDestroy)).status).toBe('destroyed');

    await view.tab('Inactive rooms').click();
    await expect(view.row(toSuspend).getByText('suspended', { exact: true })).toBeVisible();
    await expect(view.row(toDestroy).getByText('destroyed', { exact: true })).toBeVisible();
  });

  test('row actions confirmed while another is under way each say how they went', async ({ page, api }) => {
    const { processId, roomIds } = await roomsOnOneProcess(api, 'Tokyo', uniqueId('quick'), 3);
    const [first, second, third] = roomIds as [string, string, string];
    const view = new ProcessPage(page);
    await view.goto(processId);
    await expect(view.row(third)).toBeVisible();

    // Every API answer now takes 3 s: each action is confirmed while the ones before it are still under way.
    await api.setFaults({ rate: 0, latencyMs: 3000 });
    await page.getByRole('button', { name: `Suspend room ${first}` }).click();
    await view.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect(view.dialog).toHaveCount(0);
    await page.getByRole('button', { name: `Suspend room ${second}` }).click();
    await view.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect(view.dialog).toHaveCount(0);
    await page.getByRole('button', { name: `Destroy room ${third}` }).click();
    await view.dialog.getByRole('button', { name: 'Destroy room' }).click();

    await expect(page.getByText(`Room ${first} suspended`)).toBeVisible();
    await expect(page.getByText(`Room ${second} suspended`)).toBeVisible();
    await expect(page.getByText(`Room ${third} destroyed`)).toBeVisible();
    await api.setFaults({ rate: 0, latencyMs: 0 });
    expect((await api.room(first)).status).toBe('suspended');
    expect((await api.room(second)).status).toBe('suspended');
    expect((await api.room(third)).status).toBe('destroyed');
  });

  test('bulk suspend: range selection, per-room results with a failure, retry of the failed one', async ({
    page,
    api,
  }) => {
    const prefix = uniqueId('bulk');
    const { processId, roomIds } = await roomsOnOneProcess(api, 'Seattle', prefix, 3);
    const [a, b, c] = [...roomIds].sort() as [string, string, string];
    const view = new ProcessPage(page);
    await view.goto(processId, `?q=${prefix}&sort=roomId&dir=asc`);
    await expect.poll(() => view.roomIds()).toEqual([a, b, c]);

    await view.checkbox(a).click();
    await view.checkbox(c).click({ modifiers: ['Shift'] });
    await expect(view.checkbox(b)).toBeChecked();
    await expect(view.bulkBar.getByText('3 rooms selected')).toBeVisible();

    await api.setFaults({ rate: 1, match: `/suspend/${b}` });
    await view.bulkBar.getByRole('button', { name: 'Suspend selected' }).click();
    await expect(view.dialog.getByRole('heading', { name: 'Suspend 3 rooms?' })).toBeVisible();
    await expect(view.dialog.getByRole('list', { name: 'Rooms to act on' }).getByRole('listitem')).toHaveText([
      a,
      b,
      c,
    ]);
    await view.dialog.getByRole('button', { name: 'Suspend 3 rooms' }).click();

    await expect(view.dialog.getByText('3 of 3 done: 2 succeeded, 1 failed.')).toBeVisible();
    await expect(view.resultRow(a)).toContainText('OK');
    await expect(view.resultRow(c)).toContainText('OK');
    await expect(view.resultRow(b)).toContainText('Failed');
    await expect(view.resultRow(b)).toContainText('HTTP 500');
    await expect(view.dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect((await api.room(b)).status).not.toBe('suspended');

    await api.setFaults({ rate: 0 });
    await view.dialog.getByRole('button', { name: 'Retry 1 failed' }).click();
    await expect(view.dialog.getByText('3 of 3 done: 3 succeeded.')).toBeVisible();
    await expect(view.resultRow(b)).toContainText('OK');
    await view.dialog.getByRole('button', { name: 'Done' }).click();

    // The list refreshed after the run: the suspended rooms left it.
    for (const id of [a, b, c]) await expect(view.roomLink(id)).toHaveCount(0);
    await expect(view.bulkBar).toHaveCount(0);
    for (const id of [a, b, c]) expect((await api.room(id)).status).toBe('suspended');
  });

  test('select all matching, then bulk destroy', async ({ page, api }) => {
    const prefix = uniqueId('all');
    const { processId, roomIds } = await roomsOnOneProcess(api, 'London', prefix, 2);
    const view = new ProcessPage(page);
    await view.goto(processId, `?q=${prefix}`);
    await view.checkbox(roomIds[0] as string).click();
    await view.bulkBar.getByRole('button', { name: 'Select all 2 matching' }).click();
    await expect(view.bulkBar.getByText('2 rooms selected')).toBeVisible();
    await view.bulkBar.getByRole('button', { name: 'Destroy selected' }).click();
    await view.dialog.getByRole('button', { name: 'Destroy 2 rooms' }).click();
    await expect(view.dialog.getByText('2 of 2 done: 2 succeeded.')).toBeVisible();
    await view.dialog.getByRole('button', { name: 'Done' }).click();
    for (const id of roomIds) expect((await api.room(id)).status).toBe('destroyed');
  });

  test('live refresh says when it fails, backs off, and recovers', async ({ page, api }) => {
    const prefix = uniqueId('live');
    const { processId } = await roomsOnOneProcess(api, 'Sydney', prefix, 1);
    const view = new ProcessPage(page);
    await view.goto(processId);
    await expect(page.getByText(/Updated \d+ s ago/)).toBeVisible();

    await api.setFaults({ rate: 1, match: `/list/${processId}/active` });
    await expect(page.getByText(/Refresh failed: .*Retrying in \d+ s\./)).toBeVisible({ timeout: 20_000 });
    // The rows already loaded stay on screen.
    await expect(view.table).toBeVisible();

    await api.setFaults({ rate: 0 });
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(page.getByText(/Updated \d+ s ago/)).toBeVisible();

    const autoRefresh = page.getByRole('switch', { name: /Auto-refresh/ });
    await autoRefresh.click({ force: true });
    await expect(autoRefresh).not.toBeChecked();
  });

  test('refreshes every 5 s while visible, never while the tab is hidden or paused', async ({ page, api }) => {
    const { processId } = await roomsOnOneProcess(api, 'Tokyo', uniqueId('poll'), 1);
    const listCalls: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(`/list/${processId}/active`)) listCalls.push(Date.now());
    });
    await page.clock.install();
    const view = new ProcessPage(page);
    await view.goto(processId);
    await expect(view.table).toBeVisible();
    const afterLoad = listCalls.length;

    await page.clock.runFor(5_500);
    await expect.poll(() => listCalls.length).toBe(afterLoad + 1);

    // Hidden: the browser says so, and nothing polls however long it stays hidden.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.clock.runFor(60_000);
    expect(listCalls.length).toBe(afterLoad + 1);

    // Visible again: one refresh at once, then the interval again.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      Object.defineProperty(document, 'hidden', { value: false, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => listCalls.length).toBe(afterLoad + 2);

    // Paused: no refresh until it is switched back on.
    const autoRefresh = page.getByRole('switch', { name: /Auto-refresh/ });
    await autoRefresh.click({ force: true });
    await page.clock.runFor(30_000);
    await autoRefresh.click({ force: true });
    await page.clock.runFor(5_500);
    // Exactly one more: had anything polled while hidden or paused, the count would have run past it.
    await expect.poll(() => listCalls.length).toBe(afterLoad + 3);
  });

  test('an unknown process gets a clear not-found state with a way back', async ({ page }) => {
    const view = new ProcessPage(page);
    await view.goto('00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('alert')).toContainText('No such process in this app');
    await expect(view.table).toHaveCount(0);
    await page.getByRole('link', { name: 'Back to processes' }).click();
    await expect(page).toHaveURL(/\/processes$/);
  });
});

test.describe('processes on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('filters, overview and table fit the width; the page does not scroll sideways', async ({ page, api }) => {
    await api.createRoom({ region: 'Singapore' });
    const list = new ProcessesPage(page);
    await list.goto();
    await expect(list.table).toBeVisible();
    await (await list.region('Singapore (Southeast Asia)')).tap();
    await expect(page).toHaveURL(/region=Singapore/);
    await list.statusChip('running').tap();
    await expect(page).toHaveURL(/status=running/);
    const width = page.viewportSize()?.width ?? 0;
    for (const part of [
      list.overview,
      page.getByRole('group', { name: 'Status' }),
      page.getByRole('group', { name: 'Region' }),
      list.table.locator('..'),
    ]) {
      const box = await part.boundingBox();
      expect(box, 'has a box').not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= width, `${part} within ${width}`).toBe(true);
    }
    const { scrollWidth, clientWidth } = await page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
    });
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });
});
