import { useDocumentVisibility } from '@mantine/hooks';
import { type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { autoRetryDelay } from '@/api/errors';

export const LIVE_INTERVAL_MS = 5_000;
export const MAX_BACKOFF_MS = 60_000;

/** The wait before the next refresh: the interval, doubled per consecutive failure, at most a minute. */
export function refreshDelay(intervalMs: number, failures: number): number {
  return Math.min(intervalMs * 2 ** failures, Math.max(intervalMs, MAX_BACKOFF_MS));
}

export interface LiveOptions {
  paused: boolean;
  intervalMs?: number;
}

/**
 * `useQuery` that refreshes on an interval while the page is visible and not paused. After a failed refresh the
 * wait doubles (5, 10, 20, 40, 60 s) until one succeeds. Returns the query and what a live status line needs.
 */
export function useLiveQuery<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
  { paused, intervalMs = LIVE_INTERVAL_MS }: LiveOptions,
) {
  const visible = useDocumentVisibility() === 'visible';
  const [streak, setStreak] = useState({ errorAt: 0, failures: 0 });
  const backoff = refreshDelay(intervalMs, streak.failures);
  const query = useQuery({
    ...options,
    // A rate-limited answer's Retry-After is the server's word on when to ask again (and what the page says).
    refetchInterval: paused || !visible ? false : (q) => autoRetryDelay(q.state.error, backoff),
    refetchIntervalInBackground: false,
  });

  const delay = autoRetryDelay(query.error, backoff);
  // Count consecutive failed refreshes (each error update once), reset by a success.
  const failing = query.errorUpdatedAt > query.dataUpdatedAt;
  if (failing && streak.errorAt !== query.errorUpdatedAt) {
    setStreak({ errorAt: query.errorUpdatedAt, failures: streak.failures + 1 });
  } else if (!failing && streak.failures !== 0) {
    setStreak({ errorAt: 0, failures: 0 });
  }

  return {
    query,
    live: {
      updatedAt: query.dataUpdatedAt,
      fetching: query.isFetching,
      paused,
      intervalMs,
      /** Set while the last refresh failed: its error and when the next try is due. */
      failure:
        failing && query.error
          ? { error: query.error as unknown, retryAt: paused ? null : query.errorUpdatedAt + delay }
          : null,
    },
  };
}

export type LiveState = ReturnType<typeof useLiveQuery>['live'];
