import { useIsMutating, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { autoRetryDelay, isApiError, isTransient } from '@/api/errors';
import type { ApiScope } from '@/api/scope';
import { nextConnectionPoll } from './connectionInfo';
import { type RoomTarget, roomMutationKey } from './roomActions';
import { isScheduled, recordSighting, type Sightings } from './roomLifecycle';
import { connectionInfoStaleTime, type Room, roomKeys, roomQueries } from './roomQueries';

/**
 * The room's connection info, polled while it is `starting` (0.5, 1, 2, then every 3 s; never in a hidden tab)
 * until it is `active` or the user stops waiting; asked again every 10 s while the first ask fails.
 * GetConnectionInfo is called only for a room the dashboard knows to be scheduled (it would reschedule a suspended
 * one): not while `statusUnknown` (the room's last read failed, so the status shown may be from before someone's
 * suspend), and not while an action on this room is being sent (a poll that reached the API just after a suspend
 * would schedule the room again); no mutation invalidates connection info (see `invalidateRoomChange`).
 *
 * Also records what this dashboard saw of each allocation (when it first saw it starting, then active).
 */
export function useRoomConnection(
  scope: ApiScope,
  room: Room | undefined,
  { statusUnknown }: { statusUnknown: boolean },
) {
  const queryClient = useQueryClient();
  const roomId = room?.roomId ?? '';
  const acting =
    useIsMutating({
      mutationKey: roomMutationKey(scope),
      predicate: (m) => (m.state.variables as Partial<RoomTarget> | undefined)?.roomId === roomId,
    }) > 0;
  const allocation = room?.currentAllocation ?? null;
  const allocationKey = allocation?.roomAllocationId ?? 'none';
  const [stoppedFor, setStoppedFor] = useState<string | null>(null);
  const stopped = stoppedFor === allocationKey;

  const query = useQuery({
    ...roomQueries.connectionInfo(scope, roomId, allocation?.roomAllocationId),
    enabled: isScheduled(room?.status) && !statusUnknown && !acting,
    staleTime: connectionInfoStaleTime,
    refetchInterval: (q) => {
      const { data, error, status } = q.state;
      // Suspended meanwhile (409): only a resume schedules it again, so asking again is pointless.
      if (isApiError(error) && error.isSuspendedRoom) return false;
      // Not asked yet because the first ask failed (the API had a fault): ask again, as every failed load does.
      if (data === undefined && status === 'error' && isTransient(error)) return autoRetryDelay(error);
      const next = nextConnectionPoll({ status: data?.status, answers: q.state.dataUpdateCount, stopped });
      // A rate-limited answer (Retry-After) is not asked again sooner than it says.
      return next === false ? false : Math.max(next, autoRetryDelay(error, 0));
    },
    refetchIntervalInBackground: false,
  });

  const status = query.data?.status;
  // The API says the room is suspended (someone suspended it since the room was read): not an error to show; the
  // room is read again, and its status says suspended.
  const suspended = isApiError(query.error) && query.error.isSuspendedRoom;
  useEffect(() => {
    if (suspended) void queryClient.invalidateQueries({ queryKey: roomKeys.detail(scope, roomId) });
  }, [suspended, queryClient, scope, roomId]);
  const [sightings, setSightings] = useState<Sightings>({});
  useEffect(() => {
    if (allocation && status) {
      setSightings((prev) => recordSighting(prev, allocation.roomAllocationId, status, query.dataUpdatedAt));
    }
  }, [allocation, status, query.dataUpdatedAt]);

  // The room info says `scheduling` until asked again: ask once when the connection info turns active.
  const roomStatus = room?.status;
  useEffect(() => {
    if (status === 'active' && roomStatus === 'scheduling') {
      void queryClient.invalidateQueries({ queryKey: roomKeys.detail(scope, roomId) });
    }
  }, [status, roomStatus, queryClient, scope, roomId]);

  const waiting = isScheduled(roomStatus) && (status === 'starting' || (!status && roomStatus === 'scheduling'));
  const now = useNow(waiting && !stopped);
  const scheduledAt = allocation ? Date.parse(allocation.scheduledAt) : Number.NaN;
  const since = Number.isFinite(scheduledAt) ? scheduledAt : (sightings[allocationKey]?.sawStartingAt ?? now);

  return {
    query,
    /** GetConnectionInfo answered 409: the room is suspended (its room info may not say so yet). */
    suspended,
    sightings,
    waiting,
    stopped,
    /** How long the current allocation has been waiting to turn active (since it was scheduled). */
    waitedMs: Math.max(0, now - since),
    stopWaiting: () => setStoppedFor(allocationKey),
    keepWaiting: () => {
      setStoppedFor(null);
      void query.refetch();
    },
  };
}

/** The current time, updated every second while `ticking`. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(id);
  }, [ticking]);
  return now;
}
