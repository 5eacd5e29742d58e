import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { isApiError } from '@/api/errors';
import type { components } from '@/api/schema';
import { type ApiScope, appKey, processKeyRoots, useApiScope } from '@/api/scope';
import { type Room, roomKeys } from './roomQueries';

export type CreateRoomParams = components['schemas']['CreateRoomParams'];

/**
 * The room calls that change state, as plain functions (bulk actions run many of them) and as mutation hooks
 * (one action at a time). Each success or failure refreshes what it changed (`invalidateRoomChange`), never
 * connection info.
 */
export const roomActions = {
  create: (s: ApiScope, params: CreateRoomParams, roomId?: string) =>
    unwrap(
      s.client.POST('/rooms/v2/{appId}/create', {
        params: { path: { appId: s.appId }, query: roomId ? { roomId } : {} },
        body: params,
      }),
    ),
  suspend: (s: ApiScope, roomId: string) =>
    unwrap(s.client.POST('/rooms/v2/{appId}/suspend/{roomId}', { params: { path: { appId: s.appId, roomId } } })),
  resume: resumeRoom,
  destroy: (s: ApiScope, roomId: string) =>
    unwrap(s.client.POST('/rooms/v2/{appId}/destroy/{roomId}', { params: { path: { appId: s.appId, roomId } } })),
  updateConfig: (s: ApiScope, roomId: string, roomConfig: string) =>
    unwrap(
      s.client.POST('/rooms/v2/{appId}/update/{roomId}', {
        params: { path: { appId: s.appId, roomId } },
        body: { roomConfig },
      }),
    ),
};

/**
 * ResumeRoom. Hathora APIs before Jan 2025 have no resume route and answer 404 for the route itself; there,
 * GetConnectionInfo reschedules a suspended room. A 404 is taken to be about the route (not the room) only when
 * GetRoomInfo still shows the room suspended; otherwise the 404 stands. Roomdeck reschedules through
 * GetConnectionInfo only for a caller with a token, which this call (like every connectioninfo call here) never
 * sends, so there it answers 409 and the room stays suspended.
 */
async function resumeRoom(s: ApiScope, roomId: string) {
  const path = { appId: s.appId, roomId };
  try {
    return await unwrap(s.client.POST('/rooms/v2/{appId}/resume/{roomId}', { params: { path } }));
  } catch (error) {
    if (!(isApiError(error) && error.isNotFound)) throw error;
    const room = await unwrap(s.client.GET('/rooms/v2/{appId}/info/{roomId}', { params: { path } })).catch(
      () => undefined,
    );
    if (room?.status !== 'suspended') throw error;
    return unwrap(s.client.GET('/rooms/v2/{appId}/connectioninfo/{roomId}', { params: { path } }));
  }
}

/** What a room mutation is sent with: the room, and its process when the caller knows it (a process's room list). */
export interface RoomTarget {
  roomId: string;
  processId?: string | undefined;
}

/** The key every room mutation starts with; `useRoomConnection` watches it for actions on its room. */
export const roomMutationKey = (s: ApiScope) => [...appKey(s), 'room'] as const;

/**
 * Refreshes what a change to one room changed, and nothing else: the room's info, the room lists of the processes
 * it was on (`processIds`) or is on now (read from the refreshed room info), those processes' info (their room
 * counts) and the process lists (they embed rooms). Never a connection-info query: asking for the connection info
 * of a room suspended meanwhile schedules it again on Hathora (hathora-api.md sections 6 and 8).
 */
export async function invalidateRoomChange(
  queryClient: QueryClient,
  s: ApiScope,
  roomIds: readonly string[],
  processIds: Iterable<string | undefined>,
) {
  await Promise.all(
    roomIds.map((roomId) => queryClient.invalidateQueries({ queryKey: roomKeys.detail(s, roomId), exact: true })),
  );
  const involved = new Set<string>();
  for (const id of processIds) if (id) involved.add(id);
  for (const roomId of roomIds) {
    const now = queryClient.getQueryData<Room>(roomKeys.detail(s, roomId))?.currentAllocation?.processId;
    if (now) involved.add(now);
  }
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: processKeyRoots.lists(s) }),
    // Not known which processes (nothing in the cache says): every process's room lists, still no connection info.
    ...(involved.size === 0 ? [queryClient.invalidateQueries({ queryKey: roomKeys.processLists(s) })] : []),
    ...[...involved].flatMap((processId) => [
      queryClient.invalidateQueries({ queryKey: roomKeys.processListsOf(s, processId) }),
      queryClient.invalidateQueries({ queryKey: processKeyRoots.detail(s, processId), exact: true }),
    ]),
  ]);
}

/** The process the cache last saw the room on, if any. */
function cachedProcessOf(queryClient: QueryClient, s: ApiScope, roomId: string) {
  return queryClient.getQueryData<Room>(roomKeys.detail(s, roomId))?.currentAllocation?.processId;
}

function useRoomMutation<V extends Partial<RoomTarget>, R>(
  name: string,
  run: (s: ApiScope, vars: V) => Promise<R>,
  {
    endsAllocation = false,
    processOf,
  }: { endsAllocation?: boolean; processOf?: (result: R) => string | undefined } = {},
) {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...roomMutationKey(scope), name],
    onMutate: async (vars: V) => {
      // A connection info request still under way (a slow answer, a retry after a fault) could reach the API after
      // a suspend or destroy and schedule the room again: drop it, with its retries, before the action is sent.
      // `useRoomConnection` asks nothing more while the action is pending (it watches `roomMutationKey`).
      const roomId = vars.roomId ?? '';
      if (endsAllocation) await queryClient.cancelQueries({ queryKey: roomKeys.connectionInfo(scope, roomId) });
      return { processBefore: vars.processId ?? cachedProcessOf(queryClient, scope, roomId) };
    },
    mutationFn: (vars: V) => run(scope, vars),
    // Returned, so the mutation stays pending until the room's info is read again (and says what changed).
    onSettled: (result, _error, vars, context) =>
      invalidateRoomChange(queryClient, scope, vars.roomId ? [vars.roomId] : [], [
        context?.processBefore,
        result === undefined ? undefined : processOf?.(result),
      ]),
  });
}

export const useCreateRoom = () =>
  useRoomMutation(
    'create',
    (s, v: { params: CreateRoomParams; roomId?: string }) => roomActions.create(s, v.params, v.roomId),
    { processOf: (room) => room.processId },
  );
export const useSuspendRoom = () =>
  useRoomMutation('suspend', (s, v: RoomTarget) => roomActions.suspend(s, v.roomId), { endsAllocation: true });
export const useResumeRoom = () => useRoomMutation('resume', (s, v: RoomTarget) => roomActions.resume(s, v.roomId));
export const useDestroyRoom = () =>
  useRoomMutation('destroy', (s, v: RoomTarget) => roomActions.destroy(s, v.roomId), { endsAllocation: true });
export const useUpdateRoomConfig = () =>
  useRoomMutation('update-config', (s, v: RoomTarget & { roomConfig: string }) =>
    roomActions.updateConfig(s, v.roomId, v.roomConfig),
  );
