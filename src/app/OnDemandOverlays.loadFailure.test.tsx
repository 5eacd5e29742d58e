import { MantineProvider } from '@mantine/core';
import { cleanNotifications, notifications } from '@mantine/notifications';
import { act, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { theme } from '@/theme';
import { OnDemandOverlays } from './OnDemandOverlays';

// The notifications' code cannot be fetched (say the server was updated and its old files are gone).
vi.mock('./NotificationsHost', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

afterEach(() => act(() => cleanNotifications()));

it('says what did not load, keeps the page and retries when an overlay cannot be loaded', async () => {
  render(
    <MantineProvider theme={theme} env="test">
      <p>The page</p>
      <OnDemandOverlays />
    </MantineProvider>,
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
