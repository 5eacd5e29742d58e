import { cleanNotifications, notifications } from '@mantine/notifications';
import { act, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { OnDemandOverlays } from './OnDemandOverlays';

// The notifications' code cannot be fetched (say the server was updated and its old files are gone).
vi.mock('./NotificationsHost', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

afterEach(() => act(() => cleanNotifications()));

it('says what did not load, keeps the page and retries when an overlay cannot be loaded', async () => {
  renderWithProviders(
    <>
      <p>The page</p>
      <OnDemandOverlays />
    </>,
    { notifications: false },
  );
  vi.spyOn(console, 'error').mockImplementation(() => {});
  act(() => {
    notifications.show({ message: 'Room r1 suspended' });
  });
  expect(await screen.findByRole('alert')).toHaveTextContent('Part of Roomdeck did not load');
  expect(screen.getByRole('alert')).toHaveTextContent('Could not load notifications — retrying');
  expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  expect(screen.getByText('The page')).toBeInTheDocument();
});
