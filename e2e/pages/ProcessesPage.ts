import type { Page } from '@playwright/test';
import { E2E_APP_ID } from '../env';

export type ProcessStatusName = 'starting' | 'running' | 'draining' | 'stopping' | 'stopped' | 'failed';

/** `/apps/:appId/processes`: every process (ProcessesV3) with status and region filters and the app at a glance. */
export class ProcessesPage {
  constructor(readonly page: Page) {}

  goto(query = '') {
    return this.page.goto(`/apps/${E2E_APP_ID}/processes${query}`);
  }

  get heading() {
    return this.page.getByRole('heading', { name: 'Processes', level: 1 });
  }

  get overview() {
    return this.page.getByRole('region', { name: 'App at a glance' });
  }

  /** A status chip's checkbox: its name is the status and its count ("running 3"). */
  status(name: ProcessStatusName) {
    return this.page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: new RegExp(`^${name} `) });
  }

  /** What a pointer clicks or taps to toggle a status (the chip's label; its checkbox is visually hidden). */
  statusChip(name: ProcessStatusName) {
    return this.page
      .getByRole('group', { name: 'Status' })
      .locator('label')
      .filter({ hasText: new RegExp(`^${name} `) });
  }

  /** Opens the region disclosure (when closed) and gives the chip (its label) of the region, by its name. */
  async region(label: string) {
    const chips = this.page.getByRole('group', { name: 'Region' });
    if (!(await chips.isVisible())) await this.page.getByText(/^Region: /).click();
    return chips.locator('label').filter({ hasText: label });
  }

  get table() {
    return this.page.getByRole('table', { name: 'Processes', exact: true });
  }

  get rows() {
    return this.table.locator('tbody tr');
  }

  get loadOlder() {
    return this.page.getByRole('button', { name: 'Load older' });
  }

  /** The link of a process: its accessible name is the full id, its text the short form. */
  processLink(processId: string) {
    return this.table.getByRole('link', { name: processId, exact: true });
  }

  processRow(processId: string) {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: processId, exact: true }) });
  }

  /** A cell of a process's row by its column's heading. */
  async cell(processId: string, column: string) {
    const headings = await this.table.locator('thead th').allTextContents();
    return this.processRow(processId).getByRole('cell').nth(headings.indexOf(column));
  }

  async goToProcessById(processId: string) {
    await this.page.getByRole('textbox', { name: 'Go to process by id' }).fill(processId);
    await this.page.getByRole('button', { name: 'Open', exact: true }).click();
  }
}
