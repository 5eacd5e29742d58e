import { QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, AUTO_RETRY_MS } from '@/api/errors';
import { createQueryClient } from './queryClient';

/** A load whose answers are given in order; counts its calls. */
function load(answers: (ApiError | string)[]) {
  const calls = { count: 0 };
  const queryFn = async () => {
    const answer = answers[Math.min(calls.count++, answers.length - 1)];
    if (answer instanceof ApiError) throw answer;
    return answer;
  };
  return { calls, queryFn };
}

describe('query client: Retry-After', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a load that gets 429 with Retry-After: 30 shows the error at once and tries again after 30 s, not sooner', async () => {
    const client = createQueryClient();
    const { calls, queryFn } = load([new ApiError(429, 'Too many requests', 'http', 30_000), 'ok']);
    const observer = new QueryObserver(client, { queryKey: ['hathora', 'c', 'a', 'x'], queryFn });
    const unsubscribe = observer.subscribe(() => {});
    try {
      await vi.advanceTimersByTimeAsync(0);
      expect(calls.count).toBe(1);
      // No quick retry in between: the error is the query's state right away, so the page can say so.
      expect(observer.getCurrentResult().error).toMatchObject({ status: 429 });
      await vi.advanceTimersByTimeAsync(29_999);
      expect(calls.count).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls.count).toBe(2);
      expect(observer.getCurrentResult().data).toBe('ok');
    } finally {
      unsubscribe();
      client.clear();
    }
  });

  it('a 5xx without Retry-After is retried as before, then every AUTO_RETRY_MS', async () => {
    const client = createQueryClient();
    const { calls, queryFn } = load([new ApiError(500, 'boom')]);
    const observer = new QueryObserver(client, { queryKey: ['hathora', 'c', 'a', 'y'], queryFn });
    const unsubscribe = observer.subscribe(() => {});
    try {
      // React Query's own two retries (1 s, 2 s apart), then the error.
      await vi.advanceTimersByTimeAsync(3_000);
      expect(calls.count).toBe(3);
      expect(observer.getCurrentResult().error).toMatchObject({ status: 500 });
      await vi.advanceTimersByTimeAsync(AUTO_RETRY_MS);
      expect(calls.count).toBe(4);
    } finally {
      unsubscribe();
      client.clear();
    }
  });
});
