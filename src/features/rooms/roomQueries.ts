import { type Query, queryOptions } from '@tanstack/react-query';
import { getRoomdeckJson, type HathoraClient, unwrap } from '@/api/client';
import { autoRetryDelay, isApiError } from '@/api/errors';
import type { components } from '@/api/schema';
import { type ApiScope, appKey } from '@/api/scope';
import { connectionPollDelay } from './connectionInfo';

export type Room = components['schemas']['Room'];
export type RoomWithoutAllocations = components['schemas']['RoomWithoutAllocations'];
export type RoomAllocation = components['schemas']['RoomAllocation'];
export type ConnectionInfo = components['schemas']['ConnectionInfoV2'];
export type ExposedPort = components['schemas']['ExposedPort'];
export type RoomStatus = components['schemas']['RoomStatus'];

/** The Roomdeck server's check of a room's address (server/reachability.ts), not part of the Hathora API. */
export interface Reachability {
  roomId: string;
  status: 'reachable' | 'refused' | 'timeout' | 'unreachable' | 'not-tested';
  message: string;
  host?: string;
  port?: number;
  transportType?: string;
  latencyMs?: number;
}

export const roomKeys = {
  all: (s: ApiScope) => [...appKey(s), 'rooms'] as const,
  details: (s: ApiScope) => [...roomKeys.all(s), 'detail'] as const,
  detail: (s: ApiScope, roomId: string) => [...roomKeys.details(s), roomId] as const,
  /** Per allocation when known: each allocation has its own address, and its own count of answers. */
  connectionInfo: (s: ApiScope, roomId: string, allocationId?: string) =>
    [...roomKeys.all(s), 'connection-info', roomId, ...(allocationId ? [allocationId] : [])] as const,
  processLists: (s: ApiScope) => [...roomKeys.all(s), 'process-list'] as const,
  processListsOf: (s: ApiScope, processId: string) => [...roomKeys.processLists(s), processId] as const,
  processList: (s: ApiScope, processId: string, which: 'active' | 'inactive') =>
    [...roomKeys.processListsOf(s, processId), which] as const,
  reachability: (s: ApiScope, roomId: string) => [...roomKeys.all(s), 'reachability', roomId] as const,
  /** Connection info asked without a connection or token (the join page); keyed by the API it comes from. */
  publicConnectionInfo: (apiBaseUrl: string, appId: string, roomId: string) =>
    ['public', apiBaseUrl, appId, 'connection-info', roomId] as const,
};

/**
 * How often to ask for a room's connection info: 0.5 s, 1 s, 2 s, then every 3 s until it is active (the
 * backoff of Hathora's own SDKs), then never again: an active room has nothing more to say, and asking about a room
 * that was suspended meanwhile would reschedule it (Hathora reschedules a suspended room on connectioninfo).
 * Never again after a 404 or a 409 (a suspended room, which only a resume schedules again) either. React Query does not run intervals while the tab is hidden.
 */
export function connectionInfoPollInterval(query: Query<ConnectionInfo, Error, ConnectionInfo, readonly unknown[]>) {
  const { data, error, dataUpdateCount, errorUpdateCount } = query.state;
  if (isApiError(error) && (error.isNotFound || error.isSuspendedRoom)) return false;
  if (data?.status === 'active' && !error) return false;
  // A rate-limited answer (429 with Retry-After) waits as long as it asks.
  return Math.max(connectionPollDelay(dataUpdateCount + errorUpdateCount), autoRetryDelay(error, 0));
}

/**
 * Connection info is fresh until the allocation is active, then for good: one allocation's address never changes,
 * so nothing asks again on focus or remount. Asking again could also schedule the room anew, had it been suspended
 * meanwhile (a join page left open in a tab while live-ops suspends the room).
 */
export function connectionInfoStaleTime(query: { state: { data?: ConnectionInfo } }) {
  return query.state.data?.status === 'active' ? Number.POSITIVE_INFINITY : 0;
}

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
  /** The join page's call: a client with no token, for an app and API named only by the link. */
  publicConnectionInfo: (api: { client: HathoraClient; baseUrl: string }, appId: string, roomId: string) =>
    queryOptions({
      queryKey: roomKeys.publicConnectionInfo(api.baseUrl, appId, roomId),
      queryFn: ({ signal }) =>
        unwrap(
          api.client.GET('/rooms/v2/{appId}/connectioninfo/{roomId}', { params: { path: { appId, roomId } }, signal }),
        ),
      staleTime: connectionInfoStaleTime,
      refetchInterval: connectionInfoPollInterval,
      refetchIntervalInBackground: false,
    }),
  /**
   * The Roomdeck server tries a TCP connection to the room's host:port. Asked only on request (`enabled: false`,
   * the page calls `refetch`): never polled, and never retried (a refused answer is the answer).
   */
  reachability: (s: ApiScope, roomId: string) =>
    queryOptions({
      queryKey: roomKeys.reachability(s, roomId),
      queryFn: ({ signal }) =>
        getRoomdeckJson<Reachability>(
          s,
          `/_roomdeck/apps/${encodeURIComponent(s.appId)}/rooms/${encodeURIComponent(roomId)}/reachability`,
          signal,
        ),
      enabled: false,
      retry: false,
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 0,
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
