import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { autoRetryDelay, isApiError, isTransient, rateLimitWait } from '@/api/errors';
import { authProblem } from './authProblem';

/** The query keys of the app start with ['hathora', connectionId, appId] (see api/scope.ts). */
function connectionOf(queryKey: readonly unknown[]): string | undefined {
  return queryKey[0] === 'hathora' && typeof queryKey[1] === 'string' ? queryKey[1] : undefined;
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.isUnauthorized) authProblem.report(connectionOf(query.queryKey));
      },
      onSuccess: (_data, query) => authProblem.clear(connectionOf(query.queryKey)),
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (isApiError(error) && error.isUnauthorized) {
          authProblem.report(connectionOf(mutation.options.mutationKey ?? []) ?? 'unknown');
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // 4xx answers will not change by asking again; network failures, timeouts and 5xx may. An answer with
        // Retry-After (429, 503) is not retried at once: the error shows, and the next try waits as asked.
        retry: (failureCount, error) => failureCount < 2 && isTransient(error) && rateLimitWait(error) === undefined,
        // A load that failed that way tries again by itself, so a page recovers when the API does: after the
        // answer's Retry-After, else AUTO_RETRY_MS. Live lists and connection polls set their own interval (with
        // this rule included).
        refetchInterval: (query) =>
          query.state.status === 'error' && isTransient(query.state.error) ? autoRetryDelay(query.state.error) : false,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
