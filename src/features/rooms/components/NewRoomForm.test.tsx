import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/errors';
import { renderWithProviders } from '@/test/render';
import { type ConfigPreset, createConfigPresetStore } from '../configPresets';
import { NewRoomForm } from './NewRoomForm';

beforeAll(() => {
  // Mantine's autosize textareas listen to document.fonts, which jsdom lacks.
  if (!document.fonts) {
    Object.defineProperty(document, 'fonts', {
      value: { addEventListener: () => {}, removeEventListener: () => {} },
      configurable: true,
    });
  }
  // The region select scrolls the option it highlights into view; jsdom does no layout.
  Element.prototype.scrollIntoView ??= () => {};
});

type FormProps = Parameters<typeof NewRoomForm>[0];

/** The form with props the test can change later, as its page would. */
function Form({ initial, expose }: { initial: FormProps; expose: (set: (extra: Partial<FormProps>) => void) => void }) {
  const [props, setProps] = useState(initial);
  expose((extra) => setProps((p) => ({ ...p, ...extra })));
  return <NewRoomForm {...props} />;
}

function setup(props: Partial<FormProps> = {}) {
  const store = createConfigPresetStore();
  const presets = { presets: store.getPresets(), save: store.save, rename: store.rename, remove: store.remove };
  const onSubmit = vi.fn();
  const onDismissError = vi.fn();
  let update: (extra: Partial<FormProps>) => void = () => {};
  renderWithProviders(
    <Form
      initial={{ onSubmit, onDismissError, pending: false, error: null, presets, ...props }}
      expose={(set) => {
        update = set;
      }}
    />,
  );
  return { onSubmit, onDismissError, rerender: (extra: Partial<FormProps>) => act(() => update(extra)) };
}

async function chooseRegion(user: ReturnType<typeof userEvent.setup>, label: string) {
  await user.click(screen.getByRole('combobox', { name: 'Region' }));
  await user.click(await screen.findByRole('option', { name: label }));
}

describe('NewRoomForm', () => {
  it('checks the room id as it is typed', async () => {
    const user = userEvent.setup();
    setup();
    const roomId = screen.getByRole('textbox', { name: 'Room id' });
    await user.type(roomId, 'qa room');
    expect(roomId).toHaveAccessibleDescription(/Only letters, digits, _ and - are allowed; remove spaces/);
    await user.clear(roomId);
    await user.type(roomId, 'qa-room');
    expect(roomId).not.toHaveAccessibleDescription(/Only letters/);
  });

  it('sends region, id and config as typed, and leaves out what is empty', async () => {
    const user = userEvent.setup();
    const { onSubmit } = setup();
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(screen.getByRole('combobox', { name: 'Region' })).toHaveAccessibleDescription(/Choose the region/);
    expect(onSubmit).not.toHaveBeenCalled();

    await chooseRegion(user, 'Washington, D.C. (US East)');
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ region: 'Washington_DC' });

    await user.type(screen.getByRole('textbox', { name: 'Room id' }), 'qa-1');
    await user.type(screen.getByRole('textbox', { name: 'Config' }), '{{"players":4}');
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ region: 'Washington_DC', roomId: 'qa-1', roomConfig: '{"players":4}' });
  });

  it('picks the first matching region with Enter as the region is typed, and Tab keeps it', async () => {
    const user = userEvent.setup();
    const { onSubmit } = setup();
    const region = screen.getByRole('combobox', { name: 'Region' });
    await user.click(region);
    await user.keyboard('Tok');
    expect(await screen.findByRole('option', { name: 'Tokyo (Japan)' })).toHaveAttribute('data-combobox-selected');
    await user.keyboard('{Enter}');
    expect(region).toHaveValue('Tokyo (Japan)');
    await user.tab();
    expect(region).toHaveValue('Tokyo (Japan)');
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ region: 'Tokyo' });
  });

  it('counts an emoji once, as the API does: 10,000 emoji fit, 10,001 do not', async () => {
    const user = userEvent.setup();
    const { onSubmit } = setup();
    await chooseRegion(user, 'Tokyo (Japan)');
    await user.click(screen.getByRole('switch', { name: 'Plain text, not JSON' }));
    const config = screen.getByRole('textbox', { name: 'Config' });
    await user.click(config);
    await user.paste('😀'.repeat(10_000));
    expect(screen.getByText('10,000 / 10,000 characters')).toBeInTheDocument();
    expect(config).not.toHaveAccessibleDescription(/over the limit/);
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ roomConfig: '😀'.repeat(10_000) }));

    onSubmit.mockClear();
    await user.click(config);
    await user.paste('😀');
    expect(screen.getByText('10,001 / 10,000 characters')).toBeInTheDocument();
    expect(config).toHaveAccessibleDescription(/1 character over the limit/);
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses broken JSON unless switched to plain text, and formats JSON', async () => {
    const user = userEvent.setup();
    const { onSubmit } = setup();
    await chooseRegion(user, 'Tokyo (Japan)');
    const config = screen.getByRole('textbox', { name: 'Config' });
    await user.type(config, 'mode=ranked');
    expect(screen.getByText('11 / 10,000 characters')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'Config' })).toHaveAccessibleDescription(/Not valid JSON/);

    await user.click(screen.getByRole('switch', { name: 'Plain text, not JSON' }));
    await user.click(screen.getByRole('button', { name: 'Create room' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ region: 'Tokyo', roomConfig: 'mode=ranked' });

    await user.click(screen.getByRole('switch', { name: 'Plain text, not JSON' }));
    const json = screen.getByRole('textbox', { name: 'Config' });
    await user.clear(json);
    await user.type(json, '{{"a":1}');
    await user.click(screen.getByRole('button', { name: 'Format JSON' }));
    expect(json).toHaveValue('{\n  "a": 1\n}');
  });

  it('shows a taken room id under the field and other API errors above the buttons, keeping the input', async () => {
    const user = userEvent.setup();
    const { rerender, onDismissError } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Room id' }), 'qa-1');
    await user.type(screen.getByRole('textbox', { name: 'Config' }), '{{}');

    rerender({ error: new ApiError(400, "Room ID 'qa-1' is already taken: room IDs are globally unique") });
    const roomId = screen.getByRole('textbox', { name: 'Room id' });
    expect(roomId).toHaveAccessibleDescription(/Room ID 'qa-1' is already taken/);
    expect(roomId).toHaveValue('qa-1');
    expect(screen.getByRole('textbox', { name: 'Config' })).toHaveValue('{}');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.type(roomId, 'x');
    expect(onDismissError).toHaveBeenCalled();

    rerender({ error: new ApiError(400, 'roomConfig must be at most 10000 characters') });
    expect(within(screen.getByRole('alert')).getByText(/roomConfig must be at most/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Room id' })).not.toHaveAccessibleDescription(/roomConfig/);
    expect(within(screen.getByRole('alert')).getByText('The room was not created')).toBeInTheDocument();

    // Without an answer in time the room may exist: the form does not claim otherwise.
    rerender({ error: new ApiError(0, 'No answer from http://127.0.0.1:8080 within 15 s', 'timeout') });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('No answer in time')).toBeInTheDocument();
    expect(within(alert).getByText(/The change may have been made all the same/)).toBeInTheDocument();
    expect(within(alert).queryByText('The room was not created')).not.toBeInTheDocument();
  });

  it('does not submit again while a create is pending', async () => {
    const user = userEvent.setup();
    const { onSubmit, rerender } = setup();
    await chooseRegion(user, 'Sydney (Australia)');
    rerender({ pending: true });
    await user.click(screen.getByRole('button', { name: /Create room/ }));
    await user.type(screen.getByRole('textbox', { name: 'Room id' }), 'x{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('applies a saved preset to the config', async () => {
    const user = userEvent.setup();
    const preset: ConfigPreset = {
      id: 'p1',
      name: 'QA: 4-player ranked',
      roomConfig: '{"players":4}',
      plainText: false,
    };
    setup({ presets: { presets: [preset], save: vi.fn(), rename: vi.fn(), remove: vi.fn() } });
    await user.click(screen.getByRole('combobox', { name: 'Config preset' }));
    await user.click(await screen.findByRole('option', { name: 'QA: 4-player ranked' }));
    expect(screen.getByRole('textbox', { name: 'Config' })).toHaveValue('{"players":4}');
    expect(screen.getByRole('button', { name: 'Rename…' })).toBeEnabled();
  });
});
