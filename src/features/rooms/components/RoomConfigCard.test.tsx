import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { type ConfigSaveResult, RoomConfigCard } from './RoomConfigCard';

// Mantine's autosizing textarea listens to `document.fonts`, which jsdom lacks.
if (!document.fonts) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} } });
}

type OnSave = (draft: string, base: string | null) => Promise<ConfigSaveResult>;

/** The card with a config the test can change, as a refetch would. */
function Card({
  initial,
  onSave,
  expose,
}: {
  initial: string | null;
  onSave: OnSave;
  expose: (set: (next: string | null) => void) => void;
}) {
  const [config, setConfig] = useState(initial);
  expose(setConfig);
  return <RoomConfigCard config={config} readOnly={false} editBlocked={null} onSave={onSave} />;
}

function renderCard(config: string | null, onSave: OnSave) {
  let setConfig: (next: string | null) => void = () => {};
  const view = renderWithProviders(<Card initial={config} onSave={onSave} expose={(set) => (setConfig = set)} />);
  return { ...view, rerenderWith: (next: string | null) => act(() => setConfig(next)) };
}

describe('RoomConfigCard', () => {
  it('shows JSON pretty-printed and text as it is', () => {
    const { rerenderWith } = renderCard('{"a":1}', vi.fn());
    expect(screen.getByRole('region', { name: 'Current config' })).toHaveTextContent('{ "a": 1 }');
    rerenderWith('plain words');
    expect(screen.getByRole('region', { name: 'Current config' })).toHaveTextContent('plain words');
    expect(screen.getByText('Text')).toBeInTheDocument();
  });

  it('counts characters live, refuses invalid JSON, and saves after a review', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async (): Promise<ConfigSaveResult> => ({ outcome: 'saved' }));
    renderCard('{"a":1}', onSave);

    await user.click(screen.getByRole('button', { name: 'Edit config' }));
    const editor = screen.getByRole('textbox', { name: 'New config' });
    expect(screen.getByText('7 / 10,000 characters')).toBeInTheDocument();
    await user.clear(editor);
    await user.type(editor, '{{"a":');
    expect(screen.getByText('5 / 10,000 characters')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    expect(screen.getAllByText(/Not valid JSON/).length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Save config' })).not.toBeInTheDocument();

    await user.type(editor, '2}');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    const diff = screen.getByRole('region', { name: 'Changes to the config' });
    expect(diff).toHaveTextContent('- {"a":1}');
    expect(diff).toHaveTextContent('+ {"a":2}');
    await user.click(screen.getByRole('button', { name: 'Save config' }));
    expect(onSave).toHaveBeenCalledWith('{"a":2}', '{"a":1}');
    expect(screen.queryByRole('textbox', { name: 'New config' })).not.toBeInTheDocument();
  });

  it('counts an emoji once, as the API and the create form do', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async (): Promise<ConfigSaveResult> => ({ outcome: 'saved' }));
    renderCard(null, onSave);
    await user.click(screen.getByRole('button', { name: 'Edit config' }));
    await user.click(screen.getByRole('switch', { name: 'Plain text (not JSON)' }));
    const editor = screen.getByRole('textbox', { name: 'New config' });
    await user.click(editor);
    await user.paste('😀'.repeat(10_000));
    expect(screen.getByText('10,000 / 10,000 characters')).toBeInTheDocument();
    expect(editor).not.toHaveAccessibleDescription(/over the limit/);
    await user.paste('😀');
    expect(screen.getByText('10,001 / 10,000 characters')).toBeInTheDocument();
    expect(editor).toHaveAccessibleDescription(/1 character over the limit/);
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    expect(screen.queryByRole('button', { name: 'Save config' })).not.toBeInTheDocument();
  });

  it('shows a change made on the server and overwrites it only when asked', async () => {
    const user = userEvent.setup();
    const onSave = vi
      .fn<(draft: string, base: string | null) => Promise<ConfigSaveResult>>()
      .mockResolvedValueOnce({ outcome: 'conflict', serverConfig: 'theirs' })
      .mockResolvedValueOnce({ outcome: 'saved' });
    renderCard('original', onSave);

    await user.click(screen.getByRole('button', { name: 'Edit config' }));
    expect(screen.getByRole('switch', { name: 'Plain text (not JSON)' })).toBeChecked();
    const editor = screen.getByRole('textbox', { name: 'New config' });
    await user.clear(editor);
    await user.type(editor, 'mine');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    await user.click(screen.getByRole('button', { name: 'Save config' }));

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('changed on the server since you started editing');
    expect(within(alert).getByRole('region', { name: 'Changes made on the server' })).toHaveTextContent('+ theirs');
    expect(screen.getByRole('region', { name: 'Changes to the config' })).toHaveTextContent('- theirs');
    await user.click(screen.getByRole('button', { name: 'Overwrite with my version' }));
    expect(onSave).toHaveBeenLastCalledWith('mine', 'theirs');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says beside the save button why a save failed, keeps the draft, and saves on the next try', async () => {
    const user = userEvent.setup();
    const onSave = vi
      .fn<(draft: string, base: string | null) => Promise<ConfigSaveResult>>()
      .mockResolvedValueOnce({ outcome: 'failed', message: '<b>Injected fault</b> (HTTP 500)' })
      .mockResolvedValueOnce({ outcome: 'saved' });
    renderCard('before', onSave);

    await user.click(screen.getByRole('button', { name: 'Edit config' }));
    const editor = screen.getByRole('textbox', { name: 'New config' });
    await user.clear(editor);
    await user.type(editor, 'after');
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    await user.click(screen.getByRole('button', { name: 'Save config' }));

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The config was not saved<b>Injected fault</b> (HTTP 500)');
    expect(screen.getByRole('region', { name: 'Changes to the config' })).toHaveTextContent('+ after');
    await user.click(screen.getByRole('button', { name: 'Save config' }));
    expect(onSave).toHaveBeenLastCalledWith('after', 'before');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'New config' })).not.toBeInTheDocument();
  });

  it('warns as soon as a refetch shows the config changed while editing', async () => {
    const user = userEvent.setup();
    const { rerenderWith } = renderCard('v1', vi.fn());
    await user.click(screen.getByRole('button', { name: 'Edit config' }));
    expect(screen.queryByText(/changed on the server/)).not.toBeInTheDocument();
    rerenderWith('v2');
    expect(screen.getByText('The config changed on the server since you started editing')).toBeInTheDocument();
  });

  it('offers no editing when read-only', () => {
    renderWithProviders(<RoomConfigCard config="x" readOnly editBlocked={null} onSave={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Edit config' })).not.toBeInTheDocument();
  });
});
