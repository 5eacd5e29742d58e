import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHathoraClient } from '@/api/client';
import { type ApiScope, ApiScopeContext, processKeyRoots } from '@/api/scope';
import { createQueryClient } from '@/app/queryClient';
import { startServer, type TestServer } from '../../../server/test/harness.ts';
import { configLength } from './configText';
import { roomActions, useSuspendRoom } from './roomActions';
import { ROOM_CONFIG_MAX_LENGTH } from './roomConfig';
import { connectionInfoStaleTime, type Room, roomKeys, roomQueries } from './roomQueries';

// Room mutations against the real local server, started in-process: what they refresh, and what they never ask.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ ROOMDECK_SEED: '0' });
});
afterAll(() => server.close());

async function activeRoom(): Promise<Room> {
  const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'London' } })).body;
  let room: Room;
  do room = (await server.get<Room>(server.rooms('info', roomId))).body;
  while (room.status !== 'active');
  return room;
}

describe('a room mutation', () => {
  it('refreshes the room and its process, and never asks for connection info (it would reschedule)', async () => {
    const room = await activeRoom();
    const processId = room.currentAllocation?.processId ?? '';
    const scope: ApiScope = {
      connectionId: 'c',
      appId: server.appId,
      baseUrl: `${server.base}/api`,
      client: createHathoraClient({ baseUrl: `${server.base}/api`, token: server.token }),
      readOnly: false,
    };
    const client = createQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>
        <ApiScopeContext.Provider value={scope}>{children}</ApiScopeContext.Provider>
      </QueryClientProvider>
    );
    // What the room page has open: the room, its connection info (shown), and the process's room list.
    const { result, unmount } = renderHook(
      () => ({
        suspend: useSuspendRoom(),
        detail: useQuery(roomQueries.detail(scope, room.roomId)),
        info: useQuery({
          ...roomQueries.connectionInfo(scope, room.roomId, room.currentAllocation?.roomAllocationId),
          staleTime: connectionInfoStaleTime,
        }),
        list: useQuery(roomQueries.processList(scope, processId, 'active')),
      }),
      { wrapper },
    );
    try {
      await waitFor(() => expect(result.current.info.data?.status).toBe('active'));
      await waitFor(() => expect(result.current.list.data?.map((r) => r.roomId)).toContain(room.roomId));
      const asked = server.recordRequests('/connectioninfo/');
      const unrelated = ['hathora', 'c', server.appId, 'something-else'];
      client.setQueryData(unrelated, 1);

      await act(() => result.current.suspend.mutateAsync({ roomId: room.roomId }));

      // Read again, not merely marked stale: the mutation stays pending until they are.
      expect(client.getQueryData<Room>(roomKeys.detail(scope, room.roomId))?.status).toBe('suspended');
      expect(client.getQueryData<Room[]>(roomKeys.processList(scope, processId, 'active'))).toEqual([]);
      expect(client.getQueryState(processKeyRoots.detail(scope, processId))).toBeUndefined();
      expect(client.getQueryState(unrelated)?.isInvalidated).toBe(false);
      expect(
        client.getQueryState(roomKeys.connectionInfo(scope, room.roomId, room.currentAllocation?.roomAllocationId))
          ?.isInvalidated,
      ).toBe(false);
      expect(asked).toEqual([]);
      const after = (await server.get<Room>(server.rooms('info', room.roomId))).body;
      expect(after).toMatchObject({ status: 'suspended', currentAllocation: null });
      expect(after.allocations).toHaveLength(1);
    } finally {
      unmount();
      client.clear();
    }
  });
});

describe('the config length limit, as the server counts it', () => {
  it('is 10,000 code points: an emoji counts once, as the editors count it', async () => {
    const scope: ApiScope = {
      connectionId: 'c',
      appId: server.appId,
      baseUrl: `${server.base}/api`,
      client: createHathoraClient({ baseUrl: `${server.base}/api`, token: server.token }),
      readOnly: false,
    };
    const atLimit = '😀'.repeat(ROOM_CONFIG_MAX_LENGTH);
    expect(atLimit.length).toBe(2 * ROOM_CONFIG_MAX_LENGTH);
    expect(configLength(atLimit)).toBe(ROOM_CONFIG_MAX_LENGTH);

    const created = await roomActions.create(scope, { region: 'London', roomConfig: atLimit });
    expect((await server.get<Room>(server.rooms('info', created.roomId))).body.roomConfig).toBe(atLimit);
    await expect(roomActions.create(scope, { region: 'London', roomConfig: `${atLimit}😀` })).rejects.toMatchObject({
      status: 400,
    });
    await expect(roomActions.updateConfig(scope, created.roomId, `x${atLimit}`)).rejects.toMatchObject({ status: 400 });
    await roomActions.updateConfig(scope, created.roomId, `${atLimit.slice(2)}x`);
  });
});
