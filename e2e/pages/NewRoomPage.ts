import { expect, type Page } from '@playwright/test';
import { paths } from '../../src/config/paths';
import { E2E_APP_ID } from '../env';

/** `/apps/:appId/rooms/new`: the create-room form and its config presets. */
export class NewRoomPage {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.getByRole('form', { name: 'Create room' });
  }
  get region() {
    return this.form.getByRole('combobox', { name: 'Region' });
  }
  get roomId() {
    return this.form.getByRole('textbox', { name: 'Room id' });
  }
  get config() {
    return this.form.getByRole('textbox', { name: 'Config', exact: true });
  }
  get preset() {
    return this.form.getByRole('combobox', { name: 'Config preset' });
  }
  get submit() {
    return this.form.getByRole('button', { name: 'Create room' });
  }
  get presetDialog() {
    return this.page.getByRole('dialog');
  }

  async goto() {
    await this.page.goto(paths.newRoom.getHref(E2E_APP_ID));
    await expect(this.page.getByRole('heading', { level: 1, name: 'Create room' })).toBeVisible();
  }

  async chooseRegion(label: string) {
    await this.region.click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
    await expect(this.region).toHaveValue(label);
  }

  async savePreset(name: string) {
    await this.form.getByRole('button', { name: 'Save as preset…' }).click();
    await this.presetDialog.getByRole('textbox', { name: 'Preset name' }).fill(name);
    await this.presetDialog.getByRole('button', { name: /^(Save|Replace) preset$/ }).click();
    await expect(this.presetDialog).toBeHidden();
    await expect(this.preset).toHaveValue(name);
  }

  async applyPreset(name: string) {
    await this.preset.click();
    await this.page.getByRole('option', { name, exact: true }).click();
    await expect(this.preset).toHaveValue(name);
  }

  async renamePreset(newName: string) {
    await this.form.getByRole('button', { name: 'Rename…' }).click();
    await this.presetDialog.getByRole('textbox', { name: 'Preset name' }).fill(newName);
    await this.presetDialog.getByRole('button', { name: 'Rename preset' }).click();
    await expect(this.presetDialog).toBeHidden();
    await expect(this.preset).toHaveValue(newName);
  }

  async deletePreset() {
    await this.form.getByRole('button', { name: 'Delete' }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Delete preset' }).click();
    await expect(this.preset).toHaveValue('');
  }
}
