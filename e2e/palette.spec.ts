import { E2E_APP_ID, expect, test } from './fixtures';

// The id search (Ctrl+K) in a real browser: its code is fetched on first use, so the keys that follow the
// shortcut at once arrive before it can show its input.
test.describe('id palette', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Processes' })).toBeVisible();
  });

  test('a pasted room id and Enter right after Ctrl+K go to the room', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Tokyo' });
    await page.evaluate((text) => navigator.clipboard.writeText(text), room.roomId);
    // No wait between the keys: the search's code is still on its way when they arrive.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/apps/${E2E_APP_ID}/rooms/${room.roomId}$`));
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(room.roomId) })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Room or process id' })).toBeHidden();
  });

  test('a typed short process id, upper case, and Enter go to the process', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Frankfurt' });
    await page.keyboard.press('Control+K');
    await page.keyboard.type(room.processId.slice(0, 8).toUpperCase());
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/processes/${room.processId}$`));
  });

  test('a pasted Roomdeck link of a room goes to the room', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Seattle' });
    const link = `https://roomdeck.example.com/apps/${E2E_APP_ID}/rooms/${room.roomId}`;
    await page.evaluate((text) => navigator.clipboard.writeText(text), `Can you look at ${link} please?`);
    await page.getByRole('button', { name: 'Search by room or process id' }).click();
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/rooms/${room.roomId}$`));
  });

  test('after a navigation the page heading has the focus', async ({ page, api }) => {
    const room = await api.createRoom({ region: 'Tokyo' });
    await page.keyboard.press('Control+K');
    await page.keyboard.type(room.roomId);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/rooms/${room.roomId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  });

  test('a skip link is the first thing Tab reaches and leads to the content', async ({ page }) => {
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
});
