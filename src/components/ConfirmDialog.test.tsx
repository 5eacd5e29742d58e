import { Button, Text } from '@mantine/core';
import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ConfirmDialog } from './ConfirmDialog';

function Harness({ onConfirm }: { onConfirm: () => void }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button onClick={() => setOpened(true)}>Destroy…</Button>
      <ConfirmDialog
        opened={opened}
        title="Destroy room r1?"
        confirmLabel="Destroy room"
        confirmColor="red"
        onConfirm={onConfirm}
        onClose={() => setOpened(false)}
      >
        <Text size="sm">Room r1 cannot be resumed.</Text>
      </ConfirmDialog>
    </>
  );
}

describe('ConfirmDialog', () => {
  it('names what it confirms, confirms once for a double click, and gives focus back', async () => {
    const onConfirm = vi.fn();
    const { user } = renderWithProviders(<Harness onConfirm={onConfirm} />);
    const opener = screen.getByRole('button', { name: 'Destroy…' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Destroy room r1?' });
    expect(dialog).toHaveTextContent('Room r1 cannot be resumed.');
    await user.dblClick(screen.getByRole('button', { name: 'Destroy room' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(opener).toHaveFocus());
  });

  it('is used from the keyboard: Escape cancels, Enter on the confirm confirms', async () => {
    const onConfirm = vi.fn();
    const { user } = renderWithProviders(<Harness onConfirm={onConfirm} />);
    const opener = screen.getByRole('button', { name: 'Destroy…' });
    opener.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: 'Destroy room r1?' });
    // Focus is in the dialog, not on the destructive button.
    expect(screen.getByRole('button', { name: 'Destroy room' })).not.toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConfirm).not.toHaveBeenCalled();
    await waitFor(() => expect(opener).toHaveFocus());

    await user.keyboard('{Enter}');
    const confirm = await screen.findByRole('button', { name: 'Destroy room' });
    confirm.focus();
    await user.keyboard('{Enter}');
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
