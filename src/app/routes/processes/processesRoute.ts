import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { CONNECTION_PARAM } from '@/config/paths';
import { scopeFor } from '@/features/connections/ConnectionsProvider';
import { type ConnectionStore, connectionForApp } from '@/features/connections/connectionStore';
import { type ProcessFilter, type ProcessStatusV3, processV3Queries } from '@/features/processes/processV3Queries';
import { PROCESS_STATUSES } from '@/features/processes/processView';
import { REGIONS, type Region } from '@/features/rooms/regions';

/**
 * The processes page's URL parameters, and its route's loader, which starts the list's request as the router
 * matches the page: the first page most visits open gets its data while React renders it (issue 8).
 */

export interface ProcessesParams {
  status: ProcessStatusV3[];
  region: Region[];
}

/**
 * `?status=running&status=failed&region=Tokyo` (repeated keys, as the API takes them); unknown values are
 * dropped, none means all. The old `?tab=stopped` link (ProcessesV1 tabs) opens the ended ones.
 */
export function readProcessesParams(search: URLSearchParams): ProcessesParams {
  const statuses = new Set(search.getAll('status'));
  if (statuses.size === 0 && search.get('tab') === 'stopped') {
    statuses.add('stopped');
    statuses.add('failed');
  }
  const regions = new Set(search.getAll('region'));
  return {
    status: PROCESS_STATUSES.filter((s) => statuses.has(s)),
    region: REGIONS.filter((r) => regions.has(r)),
  };
}

/** The URL parameters of `params`, keeping every other parameter of `prev` (the connection, say). */
export function writeProcessesParams(prev: URLSearchParams, params: ProcessesParams): URLSearchParams {
  const next = new URLSearchParams(prev);
  next.delete('tab');
  next.delete('status');
  next.delete('region');
  for (const s of params.status) next.append('status', s);
  for (const r of params.region) next.append('region', r);
  return next;
}

export function processFilter({ status, region }: ProcessesParams): ProcessFilter {
  return { status, region };
}

/** Starts (does not wait for) the request of the list the URL shows; the page reads it from the query cache. */
export function prefetchProcesses(queryClient: QueryClient, connections: ConnectionStore) {
  return ({ params, request }: Pick<LoaderFunctionArgs, 'params' | 'request'>) => {
    const search = new URL(request.url).searchParams;
    const connection = connectionForApp(connections.getState(), params.appId ?? '', search.get(CONNECTION_PARAM));
    if (connection) {
      const scope = scopeFor(connection);
      void queryClient.prefetchInfiniteQuery(
        processV3Queries.latest(scope, processFilter(readProcessesParams(search))),
      );
    }
    return null;
  };
}
