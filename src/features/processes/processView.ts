import { between, formatDuration } from '@/lib/time';
import type { Process } from './processQueries';
import type { ProcessStatusV3, ProcessV3, Region } from './processV3Queries';

/** The first 8 characters of a process id (a UUID): enough to tell processes apart on a screen. */
export function shortProcessId(processId: string): string {
  return processId.slice(0, 8);
}

export type ProcessState = ProcessStatusV3;

/** Where a process is in its life, from its timestamps (the ProcessesV1 model has no status field). */
export function processState(p: Pick<Process, 'startedAt' | 'stoppingAt' | 'terminatedAt' | 'draining'>): ProcessState {
  if (p.terminatedAt) return 'stopped';
  if (p.stoppingAt) return 'stopping';
  if (p.draining) return 'draining';
  if (!p.startedAt) return 'starting';
  return 'running';
}

/** How long the process ran (until it stopped, or until now); null before it started. */
export function uptimeMs(p: Pick<Process, 'startedAt' | 'terminatedAt'>, now = Date.now()): number | null {
  return p.startedAt ? Math.max(0, between(p.startedAt, p.terminatedAt, now)) : null;
}

/** Allocated rooms as a percentage of the process's capacity (0–100). */
export function utilisation(p: Pick<Process, 'roomsAllocated' | 'roomsPerProcess'>): number {
  if (p.roomsPerProcess <= 0) return 0;
  return Math.min(100, Math.max(0, (p.roomsAllocated / p.roomsPerProcess) * 100));
}

/** Every ProcessesV3 status, in the order of a process's life. */
export const PROCESS_STATUSES: readonly ProcessStatusV3[] = [
  'starting',
  'running',
  'draining',
  'stopping',
  'stopped',
  'failed',
];

/** Not ended: a process that has (or may get) rooms and uses a machine. */
export const LIVE_STATUSES: readonly ProcessStatusV3[] = ['starting', 'running', 'draining'];

/**
 * The uptime cell of a ProcessesV3 process, in words that agree with its status: a running one has run since it
 * started; a starting one has no start time yet; an ended one ran from its start to its end, or never started.
 */
export function uptimeText(
  p: Pick<ProcessV3, 'status' | 'createdAt' | 'startedAt' | 'stoppingAt' | 'terminatedAt'>,
  now = Date.now(),
): string {
  if (p.status === 'starting') return `starting for ${formatDuration(Math.max(0, between(p.createdAt, null, now)))}`;
  if (!p.startedAt) return 'never started';
  if (p.status === 'stopped' || p.status === 'failed') {
    const end = p.terminatedAt ?? p.stoppingAt;
    return end ? `ran ${formatDuration(Math.max(0, between(p.startedAt, end, now)))}` : 'ended';
  }
  return formatDuration(Math.max(0, between(p.startedAt, p.stoppingAt, now)));
}

export interface RegionUsage {
  region: Region;
  /** Live (starting, running, draining) processes. */
  processes: number;
  rooms: number;
  /** Room slots of running and starting processes that take new rooms (not draining). */
  capacity: number;
  /** capacity minus the rooms on those processes, never below 0. */
  free: number;
}

/** Rooms and capacity per region from live processes, busiest region first; `total` sums every region. */
export function regionUsage(processes: readonly ProcessV3[]): {
  regions: RegionUsage[];
  total: Omit<RegionUsage, 'region'>;
} {
  const byRegion = new Map<Region, RegionUsage>();
  for (const p of processes) {
    if (!LIVE_STATUSES.includes(p.status)) continue;
    const r = byRegion.get(p.region) ?? { region: p.region, processes: 0, rooms: 0, capacity: 0, free: 0 };
    r.processes += 1;
    r.rooms += p.roomsAllocated;
    if (p.status !== 'draining') {
      r.capacity += p.roomsPerProcess;
      r.free += Math.max(0, p.roomsPerProcess - p.roomsAllocated);
    }
    byRegion.set(p.region, r);
  }
  const regions = [...byRegion.values()].sort((a, b) => b.rooms - a.rooms || a.region.localeCompare(b.region));
  const total = { processes: 0, rooms: 0, capacity: 0, free: 0 };
  for (const r of regions) {
    total.processes += r.processes;
    total.rooms += r.rooms;
    total.capacity += r.capacity;
    total.free += r.free;
  }
  return { regions, total };
}
