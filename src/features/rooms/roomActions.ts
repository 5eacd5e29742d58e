import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { isApiError } from '@/api/errors';
import type { components } from '@/api/schema';
import { type ApiScope, appKey, useApiScope } from '@/api/scope';

export type CreateRoomParams = components['schemas']['CreateRoomParams'];

/**
 * The room calls that change state, as plain functions (bulk actions run many of them) and as mutation hooks
 * (one action at a time). Every success or failure invalidates the app's whole cache prefix: process lists
 * embed rooms, so a room change is visible everywhere it shows.
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

function useRoomMutation<V, R>(name: string, run: (s: ApiScope, vars: V) => Promise<R>) {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...appKey(scope), 'room', name],
    mutationFn: (vars: V) => run(scope, vars),
    onSettled: () => queryClient.invalidateQueries({ queryKey: appKey(scope) }),
  });
}

export const useCreateRoom = () =>
  useRoomMutation('create', (s, v: { params: CreateRoomParams; roomId?: string }) =>
    roomActions.create(s, v.params, v.roomId),
  );
export const useSuspendRoom = () => useRoomMutation('suspend', (s, roomId: string) => roomActions.suspend(s, roomId));
export const useResumeRoom = () => useRoomMutation('resume', (s, roomId: string) => roomActions.resume(s, roomId));
export const useDestroyRoom = () => useRoomMutation('destroy', (s, roomId: string) => roomActions.destroy(s, roomId));
export const useUpdateRoomConfig = () =>
  useRoomMutation('update-config', (s, v: { roomId: string; roomConfig: string }) =>
    roomActions.updateConfig(s, v.roomId, v.roomConfig),
  );

/** Also used to invalidate after a bulk run of `roomActions`. */
export function useInvalidateApp() {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: appKey(scope) });
}
