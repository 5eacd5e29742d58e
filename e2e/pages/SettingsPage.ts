import { expect, type Locator, type Page } from '@playwright/test';
import { paths } from '../../src/config/paths';

/** `/settings`: the connections table and the form to add one. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto(paths.settings.getHref());
    await expect(this.page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Add a connection' });
  }

  /** Fills the add-connection form. */
  async fill(c: { name: string; baseUrl: string; appId: string; token: string; remember?: boolean }) {
    await this.form.getByLabel('Name').fill(c.name);
    await this.form.getByLabel('API base URL').fill(c.baseUrl);
    await this.form.getByLabel('App id').fill(c.appId);
    await this.form.getByLabel('Dev token').fill(c.token);
    await this.form.getByRole('checkbox', { name: /Remember on this device/ }).setChecked(c.remember ?? false);
  }

  /** The result of "Test connection" in the form. */
  get testResult(): Locator {
    return this.form.getByRole('status');
  }

  async testInForm() {
    await this.form.getByRole('button', { name: 'Test connection' }).click();
  }

  async add(c: { name: string; baseUrl: string; appId: string; token: string; remember?: boolean }) {
    await this.fill(c);
    await this.form.getByRole('button', { name: 'Save connection' }).click();
    await expect(this.row(c.name)).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async use(name: string) {
    await this.page.getByRole('button', { name: `Use connection ${name}`, exact: true }).click();
  }

  async test(name: string) {
    await this.page.getByRole('button', { name: `Test connection ${name}`, exact: true }).click();
  }

  async remove(name: string) {
    await this.page.getByRole('button', { name: `Remove connection ${name}`, exact: true }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Remove connection', exact: true }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
