import type { Page } from '@playwright/test';
import { E2E_APP_ID, expect, test } from './fixtures';

// A phone: 390 px wide (an iPhone 12 to 15), touch.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

async function expectNoSidewaysScroll(page: Page, { soft = false } = {}) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  (soft ? expect.soft : expect)(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

/** Fully inside the screen's width (not cut off at the right edge, not pushed out of it). */
async function expectWithinWidth(page: Page, locator: ReturnType<Page['locator']>) {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box, 'has a box').not.toBeNull();
  expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
}

test.describe('phones (390 px)', () => {
  test('no page scrolls sideways; its heading and actions stay on screen', async ({ page, api }, testInfo) => {
    const room = await api.createRoom({ region: 'Frankfurt', roomConfig: '{"mode":"phone","map":"harbour"}' });
    await api.waitActive(room.roomId);
    const pages = [
      { name: 'processes', path: `/apps/${E2E_APP_ID}/processes` },
      { name: 'process', path: `/apps/${E2E_APP_ID}/processes/${room.processId}` },
      { name: 'room', path: `/apps/${E2E_APP_ID}/rooms/${room.roomId}` },
      { name: 'new-room', path: `/apps/${E2E_APP_ID}/rooms/new` },
      { name: 'settings', path: '/settings' },
      { name: 'join', path: `/join/${E2E_APP_ID}/${room.roomId}` },
    ];
    for (const { name, path } of pages) {
      await page.goto(path);
      const heading = page.getByRole('heading', { level: 1 });
      await expect(heading).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: testInfo.outputPath(`phone-${name}.png`), fullPage: true });
      // Every page is checked, whichever fails.
      await expectNoSidewaysScroll(page, { soft: true });
      await expectWithinWidth(page, heading);
    }
  });

  test('the room page keeps its status badge and actions on screen', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Tokyo' });
    await api.waitActive(room.roomId);
    await page.goto(`/apps/${E2E_APP_ID}/rooms/${room.roomId}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectWithinWidth(page, page.getByText('active', { exact: true }).first());
    for (const name of ['Suspend', 'Destroy']) {
      await expectWithinWidth(page, page.getByRole('button', { name, exact: true }).first());
    }
  });

  test('the processes table keeps the state badges on screen', async ({ page, api }) => {
    await api.createRoom({ region: 'Sydney' });
    await page.goto(`/apps/${E2E_APP_ID}/processes`);
    const table = page.getByRole('table', { name: 'Processes', exact: true });
    await expect(table).toBeVisible();
    await expectNoSidewaysScroll(page);
    // The first row's state (the second column), badge and all.
    const state = table.getByRole('row').nth(1).getByRole('cell').nth(1);
    await expect(state).toHaveText(/starting|running|draining|stopping|stopped|failed/);
    await expectWithinWidth(page, state);
  });

  test('the connection switcher is in the menu', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
    // The header has no room for it on a phone.
    await expect(page.getByRole('banner').getByRole('combobox', { name: 'Connection' })).toBeHidden();
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    const menu = page.getByRole('navigation', { name: 'Main' });
    const switcher = menu.getByRole('combobox', { name: 'Connection' });
    await expectWithinWidth(page, switcher);
    await expect(switcher.locator('option:checked')).toHaveText('Local server');
    await expectWithinWidth(page, page.getByRole('button', { name: 'Search by room or process id' }));
    await expectNoSidewaysScroll(page);
  });
});
