import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs } from 'react-router';
import { CONNECTION_PARAM } from '@/config/paths';
import { scopeFor } from '@/features/connections/ConnectionsProvider';
import { type ConnectionStore, connectionForApp } from '@/features/connections/connectionStore';
import { processQueries } from '@/features/processes/processQueries';
import { REGIONS, type Region } from '@/features/rooms/regions';

/**
 * The processes page's URL parameters, and its route's loader, which starts the list's request as the router
 * matches the page: the first page most visits open gets its data while React renders it (issue 8).
 */

export type ProcessesTarget = 'running' | 'stopped';

/** `?tab=stopped&region=Tokyo`; anything unknown is the default (running, all regions). */
export function readProcessesParams(search: URLSearchParams): { target: ProcessesTarget; region: Region | undefined } {
  const region = search.get('region');
  return {
    target: search.get('tab') === 'stopped' ? 'stopped' : 'running',
    region: REGIONS.find((r) => r === region),
  };
}

/** Starts (does not wait for) the request of the list the URL shows; the page reads it from the query cache. */
export function prefetchProcesses(queryClient: QueryClient, connections: ConnectionStore) {
  return ({ params, request }: Pick<LoaderFunctionArgs, 'params' | 'request'>) => {
    const search = new URL(request.url).searchParams;
    const connection = connectionForApp(connections.getState(), params.appId ?? '', search.get(CONNECTION_PARAM));
    if (connection) {
      const scope = scopeFor(connection);
      const { target, region } = readProcessesParams(search);
      if (target === 'stopped') void queryClient.prefetchQuery(processQueries.stopped(scope, region));
      else void queryClient.prefetchQuery(processQueries.running(scope, region));
    }
    return null;
  };
}
