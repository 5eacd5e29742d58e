import type { ConnectionInfo, RoomStatus } from './roomQueries';

/**
 * A room with an allocation (`scheduling` or `active`). Only for these may the dashboard call GetConnectionInfo:
 * for a suspended room that call reschedules it, and for a destroyed one it answers 404.
 */
export function isScheduled(status: RoomStatus | undefined): boolean {
  return status === 'scheduling' || status === 'active';
}

export type RoomActionName = 'suspend' | 'resume' | 'destroy' | 'editConfig';

/** Why an action is not possible for a room in `status`, or null when it is. */
export function actionBlockedReason(action: RoomActionName, status: RoomStatus): string | null {
  if (status === 'destroyed') return 'The room is destroyed';
  switch (action) {
    case 'suspend':
      return isScheduled(status) ? null : 'Only a scheduled room can be suspended';
    case 'resume':
      return status === 'suspended' ? null : 'Only a suspended room can be resumed';
    default:
      return null;
  }
}

/** What this dashboard saw of one allocation, in its own clock (ms since epoch). */
export interface AllocationSighting {
  sawStartingAt?: number;
  sawActiveAt?: number;
}

/** Sightings by `roomAllocationId`. */
export type Sightings = Readonly<Record<string, AllocationSighting>>;

/**
 * Records a connection status answer for an allocation: the first `starting` and the first `active` seen.
 * Returns `sightings` itself when nothing new was seen, so it can feed a state setter.
 */
export function recordSighting(
  sightings: Sightings,
  allocationId: string,
  status: ConnectionInfo['status'],
  at: number,
): Sightings {
  const seen = sightings[allocationId] ?? {};
  if (status === 'starting' && seen.sawStartingAt === undefined && seen.sawActiveAt === undefined) {
    return { ...sightings, [allocationId]: { ...seen, sawStartingAt: at } };
  }
  if (status === 'active' && seen.sawActiveAt === undefined) {
    return { ...sightings, [allocationId]: { ...seen, sawActiveAt: at } };
  }
  return sightings;
}

/** How long the allocation took to turn active, as this dashboard saw it; undefined unless it saw both. */
export function observedStartup(sighting: AllocationSighting | undefined): number | undefined {
  if (sighting?.sawStartingAt === undefined || sighting.sawActiveAt === undefined) return undefined;
  return sighting.sawActiveAt - sighting.sawStartingAt;
}
