import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { Region } from '../processV3Queries';
import { StartProcessButton } from './StartProcessButton';

const options: { group: string; items: { value: Region; label: string }[] }[] = [
  { group: 'Europe', items: [{ value: 'London', label: 'London (UK)' }] },
  { group: 'Asia Pacific', items: [{ value: 'Singapore', label: 'Singapore (Southeast Asia)' }] },
];
const label = (r: string) => options.flatMap((g) => g.items).find((i) => i.value === r)?.label ?? r;

beforeAll(() => {
  // The region select scrolls the option it highlights into view; jsdom does no layout.
  Element.prototype.scrollIntoView ??= () => {};
});

describe('StartProcessButton', () => {
  it('starts a process in the picked region once confirmed', async () => {
    const onStart = vi.fn();
    const { user } = renderWithProviders(
      <StartProcessButton regionOptions={options} defaultRegion="London" regionLabel={label} onStart={onStart} />,
    );
    await user.click(screen.getByRole('button', { name: 'Start a process' }));
    const dialog = await screen.findByRole('dialog', { name: 'Start a process?' });
    expect(within(dialog).getByRole('button', { name: 'Start in London (UK)' })).toBeEnabled();
    await user.click(within(dialog).getByRole('combobox', { name: 'Region' }));
    await user.click(await within(dialog).findByRole('option', { name: 'Singapore (Southeast Asia)' }));
    expect(onStart).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Start in Singapore (Southeast Asia)' }));
    expect(onStart).toHaveBeenCalledWith('Singapore');
  });
});
