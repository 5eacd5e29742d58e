import { queryOptions } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import type { components } from '@/api/schema';
import { type ApiScope, appKey } from '@/api/scope';

export type Room = components['schemas']['Room'];
export type RoomWithoutAllocations = components['schemas']['RoomWithoutAllocations'];
export type RoomAllocation = components['schemas']['RoomAllocation'];
export type ConnectionInfo = components['schemas']['ConnectionInfoV2'];
export type ExposedPort = components['schemas']['ExposedPort'];
export type RoomStatus = components['schemas']['RoomStatus'];

export const roomKeys = {
  all: (s: ApiScope) => [...appKey(s), 'rooms'] as const,
  details: (s: ApiScope) => [...roomKeys.all(s), 'detail'] as const,
  detail: (s: ApiScope, roomId: string) => [...roomKeys.details(s), roomId] as const,
  /** Per allocation when known: each allocation has its own address, and its own count of answers. */
  connectionInfo: (s: ApiScope, roomId: string, allocationId?: string) =>
    [...roomKeys.all(s), 'connection-info', roomId, ...(allocationId ? [allocationId] : [])] as const,
  processLists: (s: ApiScope) => [...roomKeys.all(s), 'process-list'] as const,
  processList: (s: ApiScope, processId: string, which: 'active' | 'inactive') =>
    [...roomKeys.processLists(s), processId, which] as const,
};

export const roomQueries = {
  detail: (s: ApiScope, roomId: string) =>
    queryOptions({
      queryKey: roomKeys.detail(s, roomId),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/rooms/v2/{appId}/info/{roomId}', { params: { path: { appId: s.appId, roomId } }, signal }),
        ),
    }),
  /** GetConnectionInfo reschedules a suspended room: call it only for a room known to be scheduled. */
  connectionInfo: (s: ApiScope, roomId: string, allocationId?: string) =>
    queryOptions({
      queryKey: roomKeys.connectionInfo(s, roomId, allocationId),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/rooms/v2/{appId}/connectioninfo/{roomId}', {
            params: { path: { appId: s.appId, roomId } },
            signal,
          }),
        ),
    }),
  processList: (s: ApiScope, processId: string, which: 'active' | 'inactive') =>
    queryOptions({
      queryKey: roomKeys.processList(s, processId, which),
      queryFn: ({ signal }) =>
        unwrap(
          which === 'active'
            ? s.client.GET('/rooms/v2/{appId}/list/{processId}/active', {
                params: { path: { appId: s.appId, processId } },
                signal,
              })
            : s.client.GET('/rooms/v2/{appId}/list/{processId}/inactive', {
                params: { path: { appId: s.appId, processId } },
                signal,
              }),
        ),
    }),
};
