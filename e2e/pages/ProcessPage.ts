import type { Page } from '@playwright/test';
import { E2E_APP_ID } from '../env';

/** `/apps/:appId/processes/:processId`: the process's facts and its active / inactive rooms. */
export class ProcessPage {
  constructor(readonly page: Page) {}

  goto(processId: string, query = '') {
    return this.page.goto(`/apps/${E2E_APP_ID}/processes/${processId}${query}`);
  }

  tab(name: 'Active rooms' | 'Inactive rooms') {
    return this.page.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  get search() {
    return this.page.getByRole('searchbox', { name: 'Search rooms' });
  }

  get table() {
    return this.page.getByRole('table', { name: 'Rooms' });
  }

  roomLink(roomId: string) {
    return this.table.getByRole('link', { name: roomId, exact: true });
  }

  row(roomId: string) {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: roomId, exact: true }) });
  }

  /** The room ids of the rows shown, top to bottom. */
  roomIds() {
    return this.table
      .getByRole('row')
      .getByRole('link', { name: /^(?!moved)/ })
      .allTextContents();
  }

  columnHeader(name: string) {
    return this.table.getByRole('columnheader', { name: new RegExp(`^${name}`) });
  }

  sortBy(column: string) {
    return this.table.getByRole('button', { name: column, exact: true }).click();
  }

  checkbox(roomId: string) {
    return this.page.getByRole('checkbox', { name: `Select room ${roomId}` });
  }

  get bulkBar() {
    return this.page.getByRole('region', { name: 'Selected rooms' });
  }

  get dialog() {
    return this.page.getByRole('dialog');
  }

  /** A room's line in the bulk results. */
  resultRow(roomId: string) {
    return this.dialog.getByRole('table', { name: 'Results' }).getByRole('row', { name: new RegExp(`^${roomId}\\b`) });
  }
}
