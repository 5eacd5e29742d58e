import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '@/config/runtime';
import { ConnectionsProvider } from '@/features/connections/ConnectionsProvider';
import { BUILT_IN_ID, createConnectionStore } from '@/features/connections/connectionStore';
import { theme } from '@/theme';
import { authProblem } from '../authProblem';
import { AppLayout } from './AppLayout';

const APP = 'app-proxy';
const proxy: RuntimeConfig = { apiBaseUrl: '/api', appId: APP, mode: 'proxy', upstream: 'https://api.hathora.dev' };

function renderShell(runtime: RuntimeConfig, path = `/apps/${APP}/processes?region=Tokyo`) {
  const store = createConnectionStore(runtime);
  const router = createMemoryRouter([{ path: '*', element: <AppLayout /> }], { initialEntries: [path] });
  render(
    <MantineProvider theme={theme} env="test">
      <ConnectionsProvider store={store}>
        <RouterProvider router={router} />
      </ConnectionsProvider>
    </MantineProvider>,
  );
  return store;
}

afterEach(() => act(() => authProblem.clear(BUILT_IN_ID)));

describe('AppLayout', () => {
  it('a 401 of a server that asks browsers to sign in links to its sign-in page, back to this page', () => {
    renderShell({ ...proxy, signIn: '/_roomdeck/signin' });
    act(() => authProblem.report(BUILT_IN_ID));
    expect(screen.getByRole('alert')).toHaveTextContent('Sign in to use this Roomdeck');
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      `/_roomdeck/signin?next=${encodeURIComponent(`/apps/${APP}/processes?region=Tokyo`)}`,
    );
    expect(screen.queryByRole('link', { name: 'Open Settings' })).not.toBeInTheDocument();
  });

  it('a 401 of a connection with a dev token leads to Settings', () => {
    renderShell({ apiBaseUrl: '/api', appId: APP, mode: 'local', token: 'local-dev-token' });
    act(() => authProblem.report(BUILT_IN_ID));
    expect(screen.getByRole('alert')).toHaveTextContent('The API refused the token');
    expect(screen.getByRole('link', { name: 'Open Settings' })).toHaveAttribute('href', '/settings');
  });

  it('offers no Create room link on a read-only connection', () => {
    renderShell({ ...proxy, readOnly: true });
    expect(screen.getByRole('link', { name: 'Processes' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Create room' })).not.toBeInTheDocument();
  });

  it('offers Create room otherwise', () => {
    renderShell(proxy);
    expect(screen.getByRole('link', { name: 'Create room' })).toHaveAttribute('href', `/apps/${APP}/rooms/new`);
  });
});
