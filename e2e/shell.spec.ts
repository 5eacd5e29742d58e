import { E2E_APP_ID, E2E_TOKEN, expect, expectNoA11yViolations, test } from './fixtures';

test.describe('dashboard shell', () => {
  test('first start lands on the demo app processes with no setup', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`/apps/${E2E_APP_ID}/processes$`));
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
    await expect(page.getByRole('link', { name: /^[0-9a-f-]{36}/ }).first()).toBeVisible();
    await expect(page.getByLabel('Connection').locator('option:checked')).toHaveText('Local server');
    await expect(page.getByLabel('Current app id')).toHaveText(E2E_APP_ID);
  });

  test('theme toggle switches and persists', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.reload();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  });

  test('search goes to a room and to a process by id', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Tokyo' });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Room or process id' }).fill(room.roomId);
    await page.getByRole('button', { name: new RegExp(`Room ${room.roomId}`) }).click();
    await expect(page).toHaveURL(new RegExp(`/rooms/${room.roomId}$`));
    await expect(page.getByRole('heading', { name: new RegExp(room.roomId) })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Room or process id' })).toBeHidden();

    await page.keyboard.press('/');
    await page.getByRole('textbox', { name: 'Room or process id' }).fill(room.processId);
    await page.getByRole('button', { name: new RegExp(`Process ${room.processId}`) }).click();
    await expect(page).toHaveURL(new RegExp(`/processes/${room.processId}$`));
    await expect(page.getByRole('textbox', { name: 'Room or process id' })).toBeHidden();

    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Room or process id' }).fill('no-such-id-anywhere');
    await expect(page.getByText('No room or process with that id in this app.')).toBeVisible();
  });

  test('unknown routes and apps get real pages', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to processes' }).click();
    await expect(page).toHaveURL(/\/processes$/);

    await page.goto('/apps/app-someone-else/processes');
    await expect(page.getByText('No connection for this app')).toBeVisible();
    await page.getByRole('link', { name: 'Add a connection for this app' }).click();
    await expect(page.getByRole('textbox', { name: 'App id' })).toHaveValue('app-someone-else');
  });

  test('settings: add, test, switch and remove a connection; tokens stay in session storage', async ({ page }) => {
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Name').fill('Wrong token');
    await form.getByLabel('API base URL').fill('/api');
    await form.getByLabel('App id').fill(E2E_APP_ID);
    await form.getByLabel('Dev token').fill('not-the-token');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByText('Connection failed')).toBeVisible();
    await expect(form.getByRole('status')).toContainText('401');
    await form.getByLabel('Dev token').fill(E2E_TOKEN);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByText(/Connected: the API lists \d+ running process/)).toBeVisible();
    await form.getByLabel('Name').fill('Second view');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(page.getByRole('cell', { name: 'Second view', exact: true })).toBeVisible();

    const stored = await page.evaluate(() => ({
      local: JSON.stringify(localStorage),
      session: JSON.stringify(sessionStorage),
    }));
    expect(stored.local).not.toContain(E2E_TOKEN);
    expect(stored.session).toContain(E2E_TOKEN);

    await page.getByRole('button', { name: 'Test connection Second view' }).click();
    await expect(page.getByRole('row', { name: /Second view/ }).getByRole('status')).toContainText('Connected');
    await page.getByRole('button', { name: 'Remove connection Second view' }).click();
    await page.getByRole('button', { name: 'Remove connection', exact: true }).click();
    await expect(page.getByRole('cell', { name: 'Second view', exact: true })).toHaveCount(0);
  });

  test('a 401 shows a banner that leads to Settings', async ({ page }) => {
    await page.goto('/settings');
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Name').fill('Stale');
    await form.getByLabel('API base URL').fill('/api');
    await form.getByLabel('App id').fill(E2E_APP_ID);
    await form.getByLabel('Dev token').fill('expired-token');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('button', { name: 'Use connection Stale' }).click();
    await expect(page.getByLabel('Connection').locator('option:checked')).toHaveText('Stale');
    await expect(page.getByText('The API refused the token')).toBeVisible();
    await page.getByRole('link', { name: 'Open Settings' }).click();
    await expect(page).toHaveURL(/\/settings$/);
  });

  test('every page passes an accessibility scan', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Frankfurt', roomConfig: '{"mode":"a11y"}' });
    const pages = [
      `/apps/${E2E_APP_ID}/processes`,
      `/apps/${E2E_APP_ID}/processes/${room.processId}`,
      `/apps/${E2E_APP_ID}/rooms/${room.roomId}`,
      `/apps/${E2E_APP_ID}/rooms/new`,
      `/join/${E2E_APP_ID}/${room.roomId}`,
      '/settings',
      '/no/such/page',
    ];
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoA11yViolations(page);
    }
  });
});
