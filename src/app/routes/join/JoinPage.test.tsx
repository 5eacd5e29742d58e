import { screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryClient } from '@/app/queryClient';
import { paths } from '@/config/paths';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { Component as JoinPage } from './JoinPage';

// The join page against the real local server, started in-process: no mocked HTTP.
let server: TestServer;
let asked: string[] = [];
beforeAll(async () => {
  server = await startServer({ ROOMDECK_SEED: '0' });
  asked = server.recordRequests('/connectioninfo/');
});
afterAll(() => server.close());

function renderJoin(roomId: string) {
  // No connection: the join page has none, only the API URL in its link. The app's query client (its retries).
  renderWithProviders(null, {
    routes: [{ path: paths.join.path, element: <JoinPage /> }],
    initialEntries: [paths.join.getHref(server.appId, roomId, `${server.base}/api`)],
    queryClient: createQueryClient(),
  });
}

describe('join page of a suspended room', () => {
  it('says the room is suspended, asks once and leaves it suspended', async () => {
    const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'Chicago' } })).body;
    expect((await server.post(server.rooms('suspend', roomId))).status).toBe(204);

    renderJoin(roomId);
    expect(await screen.findByText('This room is suspended. Ask whoever shared it to resume it.')).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/Could not get the room's connection info/)).toBeNull();
    expect(asked.filter((url) => url.includes(roomId))).toHaveLength(1);

    const room = (await server.get(server.rooms('info', roomId))).body;
    expect(room).toMatchObject({ status: 'suspended', currentAllocation: null });
    expect(room.allocations).toHaveLength(1);
  });
});
