import { readStat, signalGroup } from './proc.ts';
import type { LiveProcess, Runtime, RuntimeEvents } from './types.ts';

/**
 * ROOMDECK_RUNTIME=simulated: nothing runs. A process "starts" ROOMDECK_PROCESS_START_MS after it is created and
 * its address (`<region>.rooms.roomdeck.local`) reaches nothing; the store derives all of it from the clock.
 */
export class SimulatedRuntime implements Runtime {
  readonly kind = 'simulated' as const;
  private events: RuntimeEvents | undefined;

  attach(events: RuntimeEvents): void {
    this.events = events;
  }
  launch(): undefined {
    return undefined;
  }
  stop(): void {}
  /**
   * Local processes left from a run with the local runtime cannot be watched here: each still alive is asked to
   * stop (SIGTERM to its group), and every one is recorded as ended, so none is shown running when nothing
   * watches it.
   */
  adopt(processes: LiveProcess[]): number {
    const now = Date.now();
    for (const p of processes) {
      const stat = p.pid === null ? undefined : readStat(p.pid);
      const alive = p.pid !== null && stat !== undefined && stat.startTime === p.pidStartTime;
      if (alive) signalGroup(p.pid as number, 'SIGTERM');
      this.events?.exited(p.processId, {
        kind: alive ? 'stopped' : 'failed',
        reason: alive
          ? 'Stopped (SIGTERM) because Roomdeck restarted with ROOMDECK_RUNTIME=simulated, which runs no processes'
          : 'Exited while Roomdeck was down',
        at: now,
      });
    }
    return 0;
  }
  logPath(): undefined {
    return undefined;
  }
  sample(): [] {
    return [];
  }
  async close(): Promise<number> {
    return 0;
  }
}
