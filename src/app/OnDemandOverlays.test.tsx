import { cleanNotifications, notifications } from '@mantine/notifications';
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { OnDemandOverlays } from './OnDemandOverlays';

function renderOverlays() {
  renderWithProviders(
    <>
      <OnDemandOverlays />
    </>,
    { notifications: false },
  );
}

afterEach(() => {
  act(() => {
    cleanNotifications();
  });
});

describe('OnDemandOverlays', () => {
  it('shows a notification sent before the notifications code was loaded', async () => {
    renderOverlays();
    act(() => {
      notifications.show({ color: 'teal', message: 'Room r1 suspended' });
    });
    expect(await screen.findByText('Room r1 suspended')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Close notification' })).toBeInTheDocument();
  });
});
