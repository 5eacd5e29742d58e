import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import type { components } from '@/api/schema';
import { type ApiScope, appKey, useApiScope } from '@/api/scope';

export type ProcessV3 = components['schemas']['ProcessV3'];
export type ProcessStatusV3 = components['schemas']['ProcessStatus'];
export type Region = components['schemas']['Region'];
export type ProcessMetrics = components['schemas']['ProcessMetricsData'];
export type MetricValue = components['schemas']['MetricValue'];

export interface ProcessFilter {
  status?: readonly ProcessStatusV3[];
  region?: readonly Region[];
}

/** Ended for good: nothing about the process changes any more. */
export function isTerminalProcess(process: Pick<ProcessV3, 'status'>): boolean {
  return process.status === 'stopped' || process.status === 'failed';
}

/** Filters in a key sorted, so `[running, starting]` and `[starting, running]` share one cache entry. */
function normalFilter(filter: ProcessFilter) {
  return { status: [...(filter.status ?? [])].sort(), region: [...(filter.region ?? [])].sort() };
}

export const processV3Keys = {
  all: (s: ApiScope) => [...appKey(s), 'processes-v3'] as const,
  lists: (s: ApiScope) => [...processV3Keys.all(s), 'list'] as const,
  latest: (s: ApiScope, filter: ProcessFilter) => [...processV3Keys.lists(s), 'latest', normalFilter(filter)] as const,
  count: (s: ApiScope, filter: ProcessFilter) => [...processV3Keys.lists(s), 'count', normalFilter(filter)] as const,
  details: (s: ApiScope) => [...processV3Keys.all(s), 'detail'] as const,
  detail: (s: ApiScope, processId: string) => [...processV3Keys.details(s), processId] as const,
  metrics: (s: ApiScope, processId: string, rangeSeconds: number, step: number) =>
    [...processV3Keys.detail(s, processId), 'metrics', rangeSeconds, step] as const,
};

/** While a process is not terminal its status, times and rooms change: ask again this often. */
export const PROCESS_POLL_MS = 2_000;
/** Roomdeck samples metrics every 10 s (ROOMDECK_METRICS_INTERVAL_MS); a chart asks again as often. */
export const METRICS_POLL_MS = 10_000;
/** GetLatestProcesses answers at most this many per page. */
export const PROCESS_PAGE_SIZE = 10;

/** Seconds per point of a chart over `rangeSeconds`: about 300 points, never finer than the 10 s samples. */
export function metricsStep(rangeSeconds: number): number {
  return Math.max(10, Math.ceil(rangeSeconds / 300));
}

function query(filter: ProcessFilter, before?: number) {
  const f = normalFilter(filter);
  return {
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.region.length ? { region: f.region } : {}),
    ...(before !== undefined ? { before } : {}),
  };
}

export const processV3Queries = {
  detail: (s: ApiScope, processId: string) =>
    queryOptions({
      queryKey: processV3Keys.detail(s, processId),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/processes/v3/apps/{appId}/processes/{processId}', {
            params: { path: { appId: s.appId, processId } },
            signal,
          }),
        ),
      refetchInterval: (q) => (q.state.data && isTerminalProcess(q.state.data) ? false : PROCESS_POLL_MS),
    }),
  /** Newest first, 10 a page; the next page is the processes created before the last one of this page. */
  latest: (s: ApiScope, filter: ProcessFilter) =>
    infiniteQueryOptions({
      queryKey: processV3Keys.latest(s, filter),
      initialPageParam: undefined as number | undefined,
      queryFn: ({ signal, pageParam }) =>
        unwrap(
          s.client.GET('/processes/v3/apps/{appId}/processes/latest', {
            params: { path: { appId: s.appId }, query: query(filter, pageParam) },
            signal,
          }),
        ),
      getNextPageParam: (lastPage) => {
        const last = lastPage.at(-1);
        return last && lastPage.length >= PROCESS_PAGE_SIZE ? Date.parse(last.createdAt) : undefined;
      },
    }),
  count: (s: ApiScope, filter: ProcessFilter) =>
    queryOptions({
      queryKey: processV3Keys.count(s, filter),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/processes/v3/apps/{appId}/processes/count', {
            params: { path: { appId: s.appId }, query: query(filter) },
            signal,
          }),
        ).then((r) => r.count),
    }),
  /** The last `rangeSeconds` up to now, `step` seconds a point; the window moves with each refetch. */
  metrics: (s: ApiScope, processId: string, rangeSeconds: number, step = metricsStep(rangeSeconds), live = true) =>
    queryOptions({
      queryKey: processV3Keys.metrics(s, processId, rangeSeconds, step),
      queryFn: ({ signal }) => {
        const end = Math.floor(Date.now() / 1000);
        return unwrap(
          s.client.GET('/processes/v3/apps/{appId}/processes/process/{processId}/metrics', {
            params: {
              path: { appId: s.appId, processId },
              query: { metrics: ['cpu', 'memory', 'activeConnections'], start: end - rangeSeconds, end, step },
            },
            signal,
          }),
        ).then((data) => ({ data, start: end - rangeSeconds, end, step }));
      },
      // An ended process gets no new samples: no need to ask again.
      refetchInterval: live ? METRICS_POLL_MS : false,
    }),
};

export function useProcessV3(processId: string) {
  return useQuery(processV3Queries.detail(useApiScope(), processId));
}

export function useLatestProcesses(filter: ProcessFilter = {}) {
  return useInfiniteQuery(processV3Queries.latest(useApiScope(), filter));
}

export function useProcessCount(filter: ProcessFilter = {}) {
  return useQuery(processV3Queries.count(useApiScope(), filter));
}

/** `live`: ask again every 10 s (a running process); false for an ended one, whose samples no longer change. */
export function useProcessMetrics(
  processId: string,
  rangeSeconds: number,
  step = metricsStep(rangeSeconds),
  live = true,
) {
  return useQuery(processV3Queries.metrics(useApiScope(), processId, rangeSeconds, step, live));
}

/**
 * Stop a process: its rooms are destroyed. Invalidates that process and the process lists and counts, nothing
 * else (connection info queries stay as they are: asking them again could reschedule a suspended room).
 */
export function useStopProcess() {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (processId: string) =>
      unwrap(
        scope.client.POST('/processes/v3/apps/{appId}/processes/{processId}/stop', {
          params: { path: { appId: scope.appId, processId } },
        }),
      ),
    onSuccess: (_data, processId) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: processV3Keys.detail(scope, processId) }),
        queryClient.invalidateQueries({ queryKey: processV3Keys.lists(scope) }),
      ]),
  });
}

/** Start a process of the current deployment in `region` (pre-warm); the new process is put in the cache. */
export function useCreateProcess() {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (region: Region) =>
      unwrap(
        scope.client.POST('/processes/v3/apps/{appId}/processes/regions/{region}', {
          params: { path: { appId: scope.appId, region } },
        }),
      ),
    onSuccess: (process) => {
      queryClient.setQueryData(processV3Keys.detail(scope, process.processId), process);
      return queryClient.invalidateQueries({ queryKey: processV3Keys.lists(scope) });
    },
  });
}
