import type { Page, Route } from '@playwright/test';
import { paths } from '../src/config/paths';
import { E2E_APP_ID, E2E_TOKEN, expect, type LocalApi, test, uniqueId } from './fixtures';
import { JoinPage } from './pages/JoinPage';
import { LoadState } from './pages/LoadState';
import { NewRoomPage } from './pages/NewRoomPage';
import { ProcessPage } from './pages/ProcessPage';
import { RoomPage } from './pages/RoomPage';
import { SettingsPage } from './pages/SettingsPage';

/**
 * Text from the API (configs, error messages) and from people (connection names and URLs, preset names, links)
 * that contains markup is shown as text. The pages run with their Content-Security-Policy bypassed, so that markup
 * rendered as HTML would really run: each payload records itself in `window.__pwned` or opens a dialog, and the
 * test fails on either, or on any element a payload would have created.
 */
test.use({ bypassCSP: true });

const PAYLOADS = [
  `<img src=x onerror="window.__pwned.push('img')">`,
  `</script><script>window.__pwned.push('script')</script>`,
  `"><svg onload="window.__pwned.push('svg')">`,
  `<img src=x onerror=alert(1)>`,
  `<iframe srcdoc="<script>parent.__pwned.push('iframe')</script>"></iframe>`,
  `<a href="javascript:alert(2)">click</a><b onmouseover=alert(3)>bold</b>`,
] as const;
const [IMG, SCRIPT, SVG, ALERT] = PAYLOADS;

declare global {
  interface Window {
    __pwned: string[];
  }
}

/** Watches the page for anything a payload would do; call the result after each page to check it stayed inert. */
async function watchForInjection(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    window.__pwned = [];
  });
  return async function expectInert() {
    expect(dialogs, 'dialogs opened by injected markup').toEqual([]);
    expect(await page.evaluate(() => window.__pwned), 'injected scripts that ran').toEqual([]);
    await expect(
      page.locator(
        'script:not([src]), img[src="x"], svg[onload], iframe, b[onmouseover], a[href^="javascript:"], [onerror], [onload]',
      ),
      'elements created from text',
    ).toHaveCount(0);
  };
}

/** A JSON error answer whose message is all the payloads. */
const markupMessage = (status: number) => (route: Route) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ message: PAYLOADS.join(' ') }) });

/** Rooms whose plain-text configs are the payloads, and one whose JSON config holds them all. */
async function markupRooms(api: LocalApi) {
  const text = [];
  for (const payload of PAYLOADS) text.push(await api.createRoom({ region: 'Sydney', roomConfig: payload }));
  const json = await api.createRoom({
    region: 'Sydney',
    roomConfig: JSON.stringify({ name: IMG, note: SCRIPT, title: SVG }),
  });
  return { text, json };
}

test.describe('untrusted text', () => {
  test('configs with markup are text in the room lists, on the room page, in its editor, diff and conflict view', async ({
    page,
    api,
  }) => {
    test.slow();
    const expectInert = await watchForInjection(page);
    const { text, json } = await markupRooms(api);
    const processPage = new ProcessPage(page);
    const roomPage = new RoomPage(page);

    // The config column of each process's room list.
    const byProcess = new Map<string, { roomId: string; payload: string }[]>();
    text.forEach((room, i) => {
      const rooms = byProcess.get(room.processId) ?? [];
      byProcess.set(room.processId, [...rooms, { roomId: room.roomId, payload: PAYLOADS[i] ?? '' }]);
    });
    for (const [processId, rooms] of byProcess) {
      await processPage.goto(processId);
      for (const room of rooms) await expect(processPage.row(room.roomId)).toContainText(room.payload);
      await expectInert();
    }
    // Searching for markup finds the room by its config, and a search that matches nothing is quoted as text.
    const first = text[0];
    if (!first) throw new Error('no rooms');
    await processPage.goto(first.processId);
    await processPage.search.fill(IMG);
    await expect(processPage.roomLink(first.roomId)).toBeVisible();
    await processPage.search.fill(ALERT.replace('1', '9'));
    await expect(page.getByText(`No rooms match “${ALERT.replace('1', '9')}”`)).toBeVisible();
    await expectInert();

    // The room page: a JSON config, pretty-printed with its markup as text.
    await roomPage.goto(json.roomId);
    const current = page.getByRole('region', { name: 'Current config' });
    for (const payload of [IMG, SCRIPT, SVG]) await expect(current).toContainText(JSON.stringify(payload));
    await expectInert();

    // A plain-text config: shown exactly, edited, reviewed as a diff, and overwritten after a conflict.
    const room = text[1];
    if (!room) throw new Error('no rooms');
    await roomPage.goto(room.roomId);
    await expect(current).toHaveText(SCRIPT);
    await roomPage.button('Edit config').click();
    await expect(roomPage.configEditor).toHaveValue(SCRIPT);
    const draft = `${SVG}\n${ALERT}`;
    await roomPage.configEditor.fill(draft);
    await api.updateRoomConfig(room.roomId, IMG);
    await roomPage.button('Review changes').click();
    await roomPage.button('Save config').click();
    const onServer = page.getByRole('region', { name: 'Changes made on the server' });
    await expect(onServer).toContainText(`- ${SCRIPT}`);
    await expect(onServer).toContainText(`+ ${IMG}`);
    const diff = page.getByRole('region', { name: 'Changes to the config' });
    await expect(diff).toContainText(`- ${IMG}`);
    await expect(diff).toContainText(`+ ${SVG}`);
    await expect(diff).toContainText(`+ ${ALERT}`);
    await expectInert();
    await roomPage.button('Overwrite with my version').click();
    await expect(roomPage.notification('Config saved')).toBeVisible();
    await expect(current).toHaveText(draft);
    expect((await api.room(room.roomId)).roomConfig).toBe(draft);
    await expectInert();
  });

  test('config presets and the create form: names and configs with markup are text', async ({ page, api }) => {
    const expectInert = await watchForInjection(page);
    const form = new NewRoomPage(page);
    await form.goto();
    const config = JSON.stringify({ banner: SVG, motd: SCRIPT });
    await form.config.fill(config);
    await form.savePreset(IMG);
    await expect(page.getByRole('alert').filter({ hasText: `Preset “${IMG}” saved in this browser` })).toBeVisible();
    await expectInert();

    await page.reload();
    await expect(form.config).toHaveValue('');
    await form.applyPreset(IMG);
    await expect(form.config).toHaveValue(config);
    await form.form.getByRole('button', { name: 'Rename…' }).click();
    await expect(form.presetDialog.getByRole('heading', { name: `Rename preset “${IMG}”` })).toBeVisible();
    await form.presetDialog.getByRole('button', { name: 'Cancel' }).click();
    await form.renamePreset(ALERT);
    await expectInert();

    const roomId = uniqueId('markup-create');
    await form.chooseRegion('Sydney (Australia)');
    await form.roomId.fill(roomId);
    await form.submit.click();
    await expect(new RoomPage(page).heading(roomId)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Current config' })).toContainText(JSON.stringify(SVG));
    expect((await api.room(roomId)).roomConfig).toBe(config);
    await expectInert();

    await form.goto();
    await form.applyPreset(ALERT);
    await form.form.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('dialog')).toContainText(`“${ALERT}” is deleted from this browser`);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete preset' }).click();
    await expect(form.preset).toHaveValue('');
    await expectInert();
  });

  test('connection names, URLs and app ids with markup are text in Settings, and so are the errors they lead to', async ({
    page,
  }) => {
    const expectInert = await watchForInjection(page);
    const settings = new SettingsPage(page);
    const name = `${IMG} ${ALERT}`;
    const baseUrl = `/api/${SVG}`;
    await settings.goto();
    await settings.add({ name, baseUrl, appId: E2E_APP_ID, token: E2E_TOKEN });
    await expect(settings.row(name)).toContainText(baseUrl);
    await expect(page.getByLabel('Connection').getByRole('option', { name })).toHaveCount(1);
    await settings.test(name);
    // The API quotes the (percent-encoded) path it has no route for.
    await expect(settings.row(name).getByRole('status')).toContainText('Connection failed: No API route GET /api/');
    await expectInert();

    await settings.use(name);
    const load = new LoadState(page);
    await expect(load.failed('Could not load the processes')).toContainText('HTTP 404');
    await expect(page.getByLabel('Connection').locator('option:checked')).toHaveText(name);
    await expectInert();

    await settings.goto();
    await page.getByRole('button', { name: `Remove connection ${name}`, exact: true }).click();
    await expect(page.getByRole('dialog', { name: `Remove the connection “${name}”?` })).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove connection', exact: true }).click();
    await expect(settings.row(name)).toHaveCount(0);
    await expectInert();

    // An app id from a link: quoted in the page, and refused by the form it leads to.
    await page.goto(paths.processes.getHref(SVG));
    const noConnection = page.getByRole('alert').filter({ hasText: 'No connection for this app' });
    await expect(noConnection).toContainText(`This link is for the app ${SVG}`);
    await noConnection.getByRole('link', { name: 'Add a connection for this app' }).click();
    await expect(settings.form.getByLabel('App id')).toHaveValue(SVG);
    await settings.form.getByRole('button', { name: 'Save connection' }).click();
    await expect(settings.form.getByLabel('App id')).toHaveAccessibleDescription(/An app id is 1 to 100 letters/);
    await expectInert();
  });

  test('API error messages and ids in links with markup are text on every page that shows them', async ({
    page,
    api,
  }) => {
    test.slow();
    const expectInert = await watchForInjection(page);
    const load = new LoadState(page);
    const roomPage = new RoomPage(page);
    const room = await api.createRoom({ region: 'Sydney' });
    await api.waitActive(room.roomId);
    const message = PAYLOADS.join(' ');

    await page.route(`**/api/processes/v3/apps/${E2E_APP_ID}/processes/latest**`, markupMessage(503));
    await page.goto(paths.processes.getHref(E2E_APP_ID));
    await expect(load.failed('Could not load the processes')).toContainText(`${message} (HTTP 503)`, {
      timeout: 15_000,
    });
    await expectInert();

    await page.route(`**/api/rooms/v2/${E2E_APP_ID}/info/${room.roomId}`, markupMessage(404));
    await roomPage.goto(room.roomId);
    await expect(page.getByRole('alert').filter({ hasText: 'Room not found' })).toContainText(message);
    await expectInert();
    await page.unroute(`**/api/rooms/v2/${E2E_APP_ID}/info/${room.roomId}`);

    await page.route(`**/api/rooms/v2/${E2E_APP_ID}/suspend/${room.roomId}`, markupMessage(500));
    await roomPage.goto(room.roomId);
    await roomPage.button('Suspend').click();
    await roomPage.dialog.getByRole('button', { name: 'Suspend room' }).click();
    await expect(roomPage.notification(`Could not suspend room ${room.roomId}`)).toContainText(message);
    expect((await api.room(room.roomId)).status).toBe('active');
    await expectInert();

    await page.route(`**/api/rooms/v2/${E2E_APP_ID}/create**`, markupMessage(400));
    const form = new NewRoomPage(page);
    await form.goto();
    await form.chooseRegion('Sydney (Australia)');
    await form.submit.click();
    await expect(page.getByRole('alert').filter({ hasText: 'The room was not created' })).toContainText(message);
    await expectInert();

    // A web page where the API should be (a proxy's error page, a wrong base URL): said plainly, never shown.
    const webPage = `<!doctype html><title>502</title><h1>Bad gateway</h1><script>window.__pwned.push('page')</script>`;
    await page.route(`**/api/processes/v3/apps/${E2E_APP_ID}/processes/latest**`, (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: webPage }),
    );
    await page.goto(paths.processes.getHref(E2E_APP_ID));
    const notTheApi = load.failed('Could not load the processes');
    await expect(notTheApi).toContainText('A web page answered instead of the API', { timeout: 15_000 });
    await expect(notTheApi).not.toContainText('Bad gateway');
    await page.route(`**/api/processes/v3/apps/${E2E_APP_ID}/processes/latest**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: webPage }),
    );
    await page.reload();
    await expect(notTheApi).toContainText(/A web page answered instead of the API .*\(HTTP 200\)/, { timeout: 15_000 });
    await expectInert();

    // The join page: its API from the link, and that API's answer.
    const join = new JoinPage(page);
    const joinApi = `/api/${IMG}`;
    await page.goto(paths.join.getHref(E2E_APP_ID, room.roomId, joinApi));
    await expect(join.heading(room.roomId)).toBeVisible();
    await expect(page.getByRole('main')).toContainText(`API ${joinApi}`);
    await expect(join.gone).toContainText('No API route GET /api/');
    await expectInert();
    await page.route(`**/api/rooms/v2/${E2E_APP_ID}/connectioninfo/${room.roomId}`, markupMessage(404));
    await page.goto(paths.join.getHref(E2E_APP_ID, room.roomId));
    await expect(join.gone).toContainText(message);
    await page.goto(`${paths.join.getHref(E2E_APP_ID, room.roomId)}?api=${encodeURIComponent(ALERT)}`);
    await expect(page.getByRole('alert').filter({ hasText: 'This link is damaged' })).toContainText(ALERT);
    await expectInert();

    // Ids in links are checked by the API, but the page quotes them first.
    await page.goto(paths.join.getHref(E2E_APP_ID, SVG));
    await expect(join.heading(SVG)).toBeVisible();
    await expect(load.failed("Could not get the room's connection info")).toContainText('params.roomId');
    await roomPage.goto(IMG);
    await expect(roomPage.heading(IMG)).toBeVisible();
    await expect(load.failed('Could not load the room')).toContainText('params.roomId');
    await page.goto(paths.process.getHref(E2E_APP_ID, ALERT));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(ALERT);
    // The process and its ProcessesV3 status each say why they failed to load.
    await expect(page.getByRole('alert', { name: 'Could not load the process', exact: true })).toContainText(
      'params.processId',
    );
    await expectInert();
  });
});
