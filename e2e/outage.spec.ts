import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The server is "down" for the screens' code: requests for the JavaScript chunks fail at the network (the API is
 * left alone). The page must say what did not load, and recover by itself once the chunks come back, with no reload.
 */
async function chunkOutage(page: Page) {
  let down = false;
  await page.route(/\/assets\/.+\.js(\?.*)?$/, (route) => (down ? route.abort('connectionrefused') : route.continue()));
  // A mark that a full reload would wipe.
  await page.evaluate(() => {
    (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
  });
  return {
    down: () => {
      down = true;
    },
    up: () => {
      down = false;
    },
    notReloaded: () => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true),
  };
}

test.describe('code outage', () => {
  test('a screen whose code cannot load says so, then recovers without a reload', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
    const outage = await chunkOutage(page);
    outage.down();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('alert')).toContainText('Could not load this screen — retrying');
    outage.up();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText('Could not load this screen')).toBeHidden();
    expect(await outage.notReloaded()).toBe(true);
  });

  test('Retry loads the screen at once when the server is back', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
    const outage = await chunkOutage(page);
    outage.down();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Create room' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load this screen' });
    await expect(alert).toBeVisible();
    outage.up();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create room' })).toBeVisible();
    expect(await outage.notReloaded()).toBe(true);
  });

  test('the id search opened during an outage loads once the server is back', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
    const outage = await chunkOutage(page);
    outage.down();
    await page.keyboard.press('Control+K');
    await expect(page.getByRole('alert')).toContainText('Could not load the id search — retrying');
    outage.up();
    await expect(page.getByRole('textbox', { name: 'Room or process id' })).toBeVisible({ timeout: 20_000 });
    expect(await outage.notReloaded()).toBe(true);
  });
});

test.describe('an action during an outage', () => {
  test('a suspend confirmed while the server is down reports its own outcome once it can be shown', async ({
    page,
    api,
  }) => {
    const { roomId } = await api.createRoom({ region: 'Sydney' });
    await api.waitActive(roomId);
    await page.goto(`/apps/${api.appId}/rooms/${roomId}`);
    await expect(page.getByRole('heading', { level: 1, name: roomId })).toBeVisible();

    // The server goes down for everything: the API and the code of the notifications (not loaded yet).
    const outage = await chunkOutage(page);
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    outage.down();
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Suspend room' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not load notifications' })).toBeVisible();

    await page.unroute('**/api/**');
    outage.up();
    // The outcome of that very suspend, not a generic error: it failed, and the room was left as it was.
    await expect(page.getByText(`Could not suspend room ${roomId}`)).toBeVisible({ timeout: 20_000 });
    expect((await api.room(roomId)).status).toBe('active');
    expect(await outage.notReloaded()).toBe(true);
  });
});
