import { isTerminalProcess, type ProcessV3 } from './processV3Queries';

export interface ProcessTimelineStep {
  key: 'created' | 'booted' | 'started' | 'stopping' | 'stopped' | 'failed';
  title: string;
  description: string;
  /** ISO time, null when the process has not reached (or skipped) this step. */
  at: string | null;
  /** What to say when `at` is null. */
  missing: string;
  /** The exit reason, on the last step of an ended process. */
  reason?: string;
}

/**
 * The steps of a process's life from its ProcessV3 times, in order. Steps an ended process never reached say so
 * ("never bound its port"); those a live one has not reached yet say "not yet".
 */
export function processTimeline(process: ProcessV3): ProcessTimelineStep[] {
  const ended = isTerminalProcess(process);
  const notYet = ended ? 'Never reached' : 'Not yet';
  const end: ProcessTimelineStep =
    process.status === 'failed'
      ? {
          key: 'failed',
          title: 'Failed',
          description: 'The process ended with an error',
          at: process.terminatedAt,
          missing: notYet,
          ...(process.summaryExitReason ? { reason: process.summaryExitReason } : {}),
        }
      : {
          key: 'stopped',
          title: 'Terminated',
          description: 'The process ended',
          at: process.terminatedAt,
          missing: notYet,
          ...(process.summaryExitReason && process.status === 'stopped' ? { reason: process.summaryExitReason } : {}),
        };
  const steps: ProcessTimelineStep[] = [
    { key: 'created', title: 'Created', description: 'Asked for', at: process.createdAt, missing: notYet },
    { key: 'booted', title: 'Booted', description: 'The game was started', at: process.bootedAt, missing: notYet },
    {
      key: 'started',
      title: 'Started',
      description: 'The game bound its port and took rooms',
      at: process.startedAt,
      missing: ended ? 'Never bound its port' : 'Not yet: waiting for the game to bind its port',
    },
    {
      key: 'stopping',
      title: 'Stopping',
      description: 'Asked to stop (SIGTERM), or draining',
      at: process.stoppingAt,
      missing: ended ? 'It ended by itself' : 'Not yet',
    },
    end,
  ];
  // An ended process that was never asked to stop (it exited or crashed) skips that step.
  return ended && process.stoppingAt === null ? steps.filter((s) => s.key !== 'stopping') : steps;
}
