import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHathoraClient } from '@/api/client';
import type { ApiScope } from '@/api/scope';
import { createQueryClient } from '@/app/queryClient';
import { startServer, type TestServer } from '../../../server/test/harness.ts';
import type { Room } from './roomQueries';
import { useRoomConnection } from './useRoomConnection';

// The room page's connection info against the real local server, started in-process: no mocked HTTP.
let server: TestServer;
let asked: string[] = [];
beforeAll(async () => {
  server = await startServer({ ROOMDECK_SEED: '0' });
  asked = server.recordRequests('/connectioninfo/');
});
afterAll(() => server.close());

describe('useRoomConnection of a room suspended since it was read', () => {
  it('reports it suspended (no error to show) and leaves it suspended', async () => {
    const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'London' } })).body;
    // What the room page read before someone suspended the room elsewhere.
    const stale = (await server.get<Room>(server.rooms('info', roomId))).body;
    expect(['scheduling', 'active']).toContain(stale.status);
    expect((await server.post(server.rooms('suspend', roomId))).status).toBe(204);

    const scope: ApiScope = {
      connectionId: 'c',
      appId: server.appId,
      baseUrl: `${server.base}/api`,
      client: createHathoraClient({ baseUrl: `${server.base}/api`, token: server.token }),
      readOnly: false,
    };
    const client = createQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    );
    const { result, unmount } = renderHook(() => useRoomConnection(scope, stale, { statusUnknown: false }), {
      wrapper,
    });
    try {
      await waitFor(() => expect(result.current.suspended).toBe(true));
      expect(result.current.query.error).toMatchObject({ status: 409 });
      expect(asked.filter((url) => url.includes(roomId))).toHaveLength(1);
      const room = (await server.get<Room>(server.rooms('info', roomId))).body;
      expect(room).toMatchObject({ status: 'suspended', currentAllocation: null });
      expect(room.allocations).toHaveLength(1);
    } finally {
      unmount();
      client.clear();
    }
  });
});
