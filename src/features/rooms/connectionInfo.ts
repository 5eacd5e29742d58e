import type { ConnectionInfo } from './roomQueries';

/**
 * How long to wait before asking GetConnectionInfo again while a room is `starting`: 0.5 s, then 1, 2 and 3 s,
 * and 3 s from then on. Hathora's Unreal SDK polls with these delays (its `GetConnectionInfoDelaysSeconds`).
 */
export const CONNECTION_POLL_DELAYS_MS = [500, 1_000, 2_000, 3_000] as const;

/** Hathora stops a process that has not bound its port within 100 s, so a room still starting by then is stuck. */
export const PORT_BIND_DEADLINE_MS = 100_000;

/** The delay after the `startingAnswers`-th answer that said `starting` (1 for the first). */
export function connectionPollDelay(startingAnswers: number): number {
  const delays: readonly number[] = CONNECTION_POLL_DELAYS_MS;
  return delays[Math.min(Math.max(startingAnswers, 1), delays.length) - 1] ?? 3_000;
}

/**
 * When to ask for the connection info again, or `false` to stop: only while the last answer said `starting`
 * and the user has not stopped waiting. `answers` counts the answers so far for the current allocation.
 */
export function nextConnectionPoll({
  status,
  answers,
  stopped,
}: {
  status: ConnectionInfo['status'] | undefined;
  answers: number;
  stopped: boolean;
}): number | false {
  if (stopped || status !== 'starting') return false;
  return connectionPollDelay(answers);
}
