import { between } from '@/lib/time';
import type { Process } from './processQueries';

/** The first 8 characters of a process id (a UUID): enough to tell processes apart on a screen. */
export function shortProcessId(processId: string): string {
  return processId.slice(0, 8);
}

export type ProcessState = 'starting' | 'running' | 'draining' | 'stopping' | 'stopped';

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
