import { MantineProvider, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { cleanNotifications, notifications } from '@mantine/notifications';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { theme } from '@/theme';
import { OnDemandOverlays } from './OnDemandOverlays';

function renderOverlays() {
  render(
    <MantineProvider theme={theme} env="test">
      <OnDemandOverlays />
    </MantineProvider>,
  );
}

afterEach(() => {
  act(() => {
    modals.closeAll();
    cleanNotifications();
  });
});

describe('OnDemandOverlays', () => {
  it('opens a confirmation asked for before the modals code was loaded, and only once', async () => {
    renderOverlays();
    const onConfirm = vi.fn();
    act(() => {
      modals.openConfirmModal({
        title: 'Destroy room r1?',
        children: <Text size="sm">This cannot be undone.</Text>,
        labels: { confirm: 'Destroy room', cancel: 'Cancel' },
        onConfirm,
      });
    });
    const dialog = await screen.findByRole('dialog', { name: 'Destroy room r1?' });
    expect(dialog).toHaveTextContent('This cannot be undone.');
    expect(screen.getAllByRole('dialog')).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: 'Destroy room' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);

    // Once loaded, the provider hears modal requests itself: nothing is queued or sent twice.
    act(() => {
      modals.openConfirmModal({ title: 'Suspend room r2?', labels: { confirm: 'Suspend room', cancel: 'Cancel' } });
    });
    expect(await screen.findByRole('dialog', { name: 'Suspend room r2?' })).toBeInTheDocument();
    expect(screen.getAllByRole('dialog')).toHaveLength(1);
  });

  it('shows a notification sent before the notifications code was loaded', async () => {
    renderOverlays();
    act(() => {
      notifications.show({ color: 'teal', message: 'Room r1 suspended' });
    });
    expect(await screen.findByText('Room r1 suspended')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Close notification' })).toBeInTheDocument();
  });
});
