import type { Locator, Page } from '@playwright/test';
import { E2E_APP_ID } from '../env';

/** The room page, `/apps/:appId/rooms/:roomId`. */
export class RoomPage {
  constructor(readonly page: Page) {}

  async goto(roomId: string) {
    await this.page.goto(`/apps/${E2E_APP_ID}/rooms/${encodeURIComponent(roomId)}`);
  }

  heading(roomId: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `Room ${roomId}` });
  }

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Room status' });
  }

  get history(): Locator {
    return this.page.getByRole('list', { name: 'Allocation history' }).getByRole('listitem');
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  notification(title: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: title });
  }

  get configEditor(): Locator {
    return this.page.getByRole('textbox', { name: 'New config' });
  }

  async clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** Records the page's GetConnectionInfo requests for `roomId` (call before `goto`). */
  recordConnectionInfoRequests(roomId: string): string[] {
    const urls: string[] = [];
    this.page.on('request', (request) => {
      if (request.url().includes(`/connectioninfo/${roomId}`)) urls.push(request.url());
    });
    return urls;
  }
}
