import { act, screen, within } from '@testing-library/react';
import { Link } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '@/config/runtime';
import { BUILT_IN_ID } from '@/features/connections/connectionStore';
import { renderWithProviders } from '@/test/render';
import { authProblem } from '../authProblem';
import { AppLayout } from './AppLayout';

const APP = 'app-proxy';
const proxy: RuntimeConfig = { apiBaseUrl: '/api', appId: APP, mode: 'proxy', upstream: 'https://api.hathora.dev' };

function renderShell(runtime: RuntimeConfig, path = `/apps/${APP}/processes?region=Tokyo`) {
  return renderWithProviders(null, {
    runtime,
    routes: [{ path: '*', element: <AppLayout /> }],
    initialEntries: [path],
  });
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

// No request leaves the shell by itself: an API address nobody answers at is enough.
const idleApi = { base: 'http://127.0.0.1:9', appId: APP, token: 'unused' };

function renderPages() {
  return renderWithProviders(null, {
    api: idleApi,
    routes: [
      {
        element: <AppLayout />,
        children: [
          {
            path: '/',
            element: (
              <>
                <h1>First page</h1>
                <Link to="/second">Second</Link>
              </>
            ),
          },
          { path: '/second', element: <h1>Second page</h1> },
        ],
      },
    ],
  });
}

describe('AppLayout navigation aids', () => {
  it('a skip link to the content is the first thing Tab reaches', async () => {
    const { user } = renderPages();
    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(skip).toHaveFocus();
    expect(skip).toHaveAttribute('href', '#main-content');
    expect(document.getElementById('main-content')).toBe(screen.getByRole('main'));
  });

  it('moves the focus to the heading after a navigation, not on the first page', async () => {
    const { user } = renderPages();
    expect(screen.getByRole('heading', { name: 'First page' })).not.toHaveFocus();
    await user.click(screen.getByRole('link', { name: 'Second' }));
    expect(await screen.findByRole('heading', { name: 'Second page' })).toHaveFocus();
  });

  it('has the connection switcher in the menu (phones have no room for it in the header)', async () => {
    const { user } = renderPages();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('combobox', { name: 'Connection' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Toggle navigation' }));
    expect(within(nav).getByRole('combobox', { name: 'Connection' })).toHaveDisplayValue('Local server');
  });
});
