import { screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryClient } from '@/app/queryClient';
import { paths } from '@/config/paths';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { cleanUp, nodeGame, startLocal } from '../../../../server/test/runtime.ts';
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

describe('join page of an active room', () => {
  async function activeRoom(): Promise<string> {
    const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'Chicago' } })).body;
    // The simulated runtime makes a room active in about 100 ms here; the page polls until then.
    return roomId;
  }

  it('says a simulated address has nothing behind it, and its QR holds the join URL', async () => {
    const roomId = await activeRoom();
    renderJoin(roomId);
    expect(
      await screen.findByText(
        /This is a simulated address \(ROOMDECK_RUNTIME=simulated\): nothing listens there/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    const apiParam = encodeURIComponent(`${server.base}/api`);
    const expected = `${window.location.origin}/join/${server.appId}/${roomId}?api=${apiParam}`;
    expect(screen.getByTestId('join-qr')).toHaveAttribute('data-qr-value', expected);
    // jsdom's page is at localhost and no public URL is set: the warning stands beside the QR.
    expect(
      screen.getByText('This link works on this machine only — set ROOMDECK_PUBLIC_URL so others can open it'),
    ).toBeVisible();
    expect(screen.queryByRole('link', { name: /\?room=/ })).toBeNull();
  });

  it('puts the join URL in the QR on ROOMDECK_PUBLIC_URL when the server sets one', async () => {
    window.__ROOMDECK__ = {
      apiBaseUrl: '/api',
      appId: server.appId,
      mode: 'local',
      publicUrl: 'http://192.168.1.20:8080',
    };
    try {
      const roomId = await activeRoom();
      renderJoin(roomId);
      const qr = await screen.findByTestId('join-qr', {}, { timeout: 10_000 });
      expect(qr.getAttribute('data-qr-value')).toMatch(
        new RegExp(`^http://192\\.168\\.1\\.20:8080/join/${server.appId}/${roomId}\\?api=`),
      );
      expect(screen.queryByText(/works on this machine only/)).toBeNull();
    } finally {
      delete window.__ROOMDECK__;
    }
  });
});

describe('join page of a room on a real game process', () => {
  afterAll(() => cleanUp());

  it('shows how to connect, with the http link a game like the demo game answers, and no simulated note', async () => {
    const local = await startLocal(nodeGame('tcp.mjs', { transportType: 'tcp' }));
    const { roomId } = (await local.post(local.rooms('create'), { json: { region: 'London' } })).body;
    renderWithProviders(null, {
      routes: [{ path: paths.join.path, element: <JoinPage /> }],
      initialEntries: [paths.join.getHref(local.appId, roomId, `${local.base}/api`)],
      queryClient: createQueryClient(),
    });
    const link = await screen.findByRole('link', { name: /\?room=/ }, { timeout: 20_000 });
    const info = (await local.get(local.rooms('connectioninfo', roomId))).body;
    expect(link).toHaveAttribute(
      'href',
      `http://${info.exposedPort.host}:${info.exposedPort.port}/?room=${encodeURIComponent(roomId)}`,
    );
    expect(screen.queryByText(/simulated address/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy host:port' })).toBeVisible();
  });
});
