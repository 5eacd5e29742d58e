import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/errors';
import { createQueryClient } from '@/app/queryClient';
import { LIVE_INTERVAL_MS, useLiveQuery } from './useLiveQuery';

describe('useLiveQuery: Retry-After', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    [30, 'longer than'],
    [2, 'shorter than'],
  ])(
    'after a 429 with Retry-After: %i s (%s the 10 s back-off) the next refresh waits exactly that, and says when',
    async (seconds) => {
      const client = createQueryClient();
      let calls = 0;
      const queryFn = async () => {
        calls++;
        if (calls === 2) throw new ApiError(429, 'Too many requests', 'http', seconds * 1000);
        return calls;
      };
      const wrapper = ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      );
      const { result, unmount } = renderHook(
        () => useLiveQuery({ queryKey: ['hathora', 'c', 'a', 'live'], queryFn }, { paused: false }),
        { wrapper },
      );
      try {
        await act(() => vi.advanceTimersByTimeAsync(0));
        expect(calls).toBe(1);
        await act(() => vi.advanceTimersByTimeAsync(LIVE_INTERVAL_MS));
        expect(calls).toBe(2);
        // The answer reaches the hook a few ticks later (React Query's notify batching).
        await vi.waitFor(() => expect(result.current.live.failure).not.toBeNull());
        const failure = result.current.live.failure;
        expect(failure?.error).toMatchObject({ status: 429 });
        expect(failure?.retryAt).toBe(result.current.query.errorUpdatedAt + seconds * 1000);
        const errorAt = result.current.query.errorUpdatedAt;
        await act(() => vi.advanceTimersByTimeAsync(errorAt + seconds * 1000 - 1 - Date.now()));
        expect(calls).toBe(2);
        await act(() => vi.advanceTimersByTimeAsync(1));
        expect(calls).toBe(3);
        await vi.waitFor(() => expect(result.current.live.failure).toBeNull());
      } finally {
        unmount();
        client.clear();
      }
    },
  );
});
