import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { AUTO_RETRY_MS, isApiError, isTransient } from '@/api/errors';
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
        // 4xx answers will not change by asking again; network failures, timeouts and 5xx may.
        retry: (failureCount, error) => failureCount < 2 && isTransient(error),
        // A load that failed that way tries again by itself, so a page recovers when the API does. Live lists and
        // connection polls set their own interval (with this rule included).
        refetchInterval: (query) =>
          query.state.status === 'error' && isTransient(query.state.error) ? AUTO_RETRY_MS : false,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
