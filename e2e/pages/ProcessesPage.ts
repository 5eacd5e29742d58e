import type { Page } from '@playwright/test';
import { E2E_APP_ID } from '../env';

/** `/apps/:appId/processes`: running / stopped processes with a region filter. */
export class ProcessesPage {
  constructor(readonly page: Page) {}

  goto(query = '') {
    return this.page.goto(`/apps/${E2E_APP_ID}/processes${query}`);
  }

  get heading() {
    return this.page.getByRole('heading', { name: 'Processes', level: 1 });
  }

  get region() {
    return this.page.getByRole('combobox', { name: 'Region' });
  }

  tab(name: 'Running' | 'Stopped') {
    return this.page.getByRole('tab', { name });
  }

  /** The running or stopped table (whichever tab is shown). */
  get table() {
    return this.page.getByRole('table', { name: /processes$/ });
  }

  /** The link of a process: its accessible name is the full id, its text the short form. */
  processLink(processId: string) {
    return this.table.getByRole('link', { name: processId, exact: true });
  }

  processRow(processId: string) {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: processId, exact: true }) });
  }

  async goToProcessById(processId: string) {
    await this.page.getByRole('textbox', { name: 'Go to process by id' }).fill(processId);
    await this.page.getByRole('button', { name: 'Open', exact: true }).click();
  }
}
