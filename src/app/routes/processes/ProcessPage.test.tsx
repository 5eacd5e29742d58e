import { screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHathoraClient } from '@/api/client';
import { type ApiScope, ApiScopeContext } from '@/api/scope';
import { paths } from '@/config/paths';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer, waitFor } from '../../../../server/test/harness.ts';
import { Component as ProcessPage } from './ProcessPage';

// The simulated runtime is enough here: what the page offers, not what a game does (e2e/local covers that).
let server: TestServer;
let processId: string;
let roomId: string;
beforeAll(async () => {
  server = await startServer({ ROOMDECK_SEED: '0', ROOMDECK_PROCESS_START_MS: '0', ROOMDECK_ROOM_START_MS: '0' });
  const created = await server.post(server.rooms('create'), { json: { region: 'Tokyo' } });
  roomId = created.body.roomId;
  processId = (await server.get(server.rooms('info', created.body.roomId))).body.currentAllocation.processId;
  await waitFor(
    () => server.get(`/api/processes/v3/apps/${server.appId}/processes/${processId}`),
    (r) => r.body.status === 'running',
    'the process to run',
  );
});
afterAll(() => server.close());

function renderPage(readOnly: boolean) {
  const baseUrl = `${server.base}/api`;
  const scope: ApiScope = {
    connectionId: 'test',
    appId: server.appId,
    baseUrl,
    client: createHathoraClient({ baseUrl, token: server.token }),
    readOnly,
  };
  return renderWithProviders(null, {
    routes: [
      {
        path: paths.process.path,
        element: (
          <ApiScopeContext.Provider value={scope}>
            <ProcessPage />
          </ApiScopeContext.Provider>
        ),
      },
    ],
    initialEntries: [paths.process.getHref(server.appId, processId)],
  });
}

describe('ProcessPage', () => {
  it('offers Stop process and Start a process, naming the rooms a stop destroys', async () => {
    const { user } = renderPage(false);
    expect(await screen.findByRole('heading', { name: 'Status: running' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Logs' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start a process' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Stop process' }));
    const dialog = await screen.findByRole('dialog');
    // It names the rooms once the process's active list has come.
    await waitFor(
      async () => dialog.textContent,
      (text) =>
        text?.includes(
          `Stop process ${processId.slice(0, 8)}? Its 1 room (${roomId}) is destroyed and its players disconnected.`,
        ) ?? false,
      'the dialog to name the room',
    );
  });

  it('hides both on a read-only connection, and still shows the status and logs', async () => {
    renderPage(true);
    expect(await screen.findByRole('heading', { name: 'Status: running' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Logs' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop process' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Start a process' })).toBeNull();
  });
});
