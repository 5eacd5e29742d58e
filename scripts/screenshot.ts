// Takes the README's screenshot of a running Roomdeck: `npm start`, then `npx tsx scripts/screenshot.ts`.
// ROOMDECK_URL (default http://127.0.0.1:8080) picks the server; the picture is written to docs/screenshot.png.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const url = process.env.ROOMDECK_URL ?? 'http://127.0.0.1:8080';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Processes', level: 1 }).waitFor();
  await page.getByRole('table').first().waitFor();
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
}
