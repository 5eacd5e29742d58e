import { queryOptions } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import type { components } from '@/api/schema';
import { type ApiScope, appKey } from '@/api/scope';

export type Process = components['schemas']['Process'];
export type ProcessWithRooms = components['schemas']['ProcessWithRooms'];
export type Region = components['schemas']['Region'];

export const processKeys = {
  all: (s: ApiScope) => [...appKey(s), 'processes'] as const,
  lists: (s: ApiScope) => [...processKeys.all(s), 'list'] as const,
  list: (s: ApiScope, target: 'running' | 'stopped', region: Region | undefined) =>
    [...processKeys.lists(s), target, region ?? 'all'] as const,
  details: (s: ApiScope) => [...processKeys.all(s), 'detail'] as const,
  detail: (s: ApiScope, processId: string) => [...processKeys.details(s), processId] as const,
};

export const processQueries = {
  running: (s: ApiScope, region?: Region) =>
    queryOptions({
      queryKey: processKeys.list(s, 'running', region),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/processes/v1/{appId}/list/running', {
            params: { path: { appId: s.appId }, query: region ? { region } : {} },
            signal,
          }),
        ),
    }),
  stopped: (s: ApiScope, region?: Region) =>
    queryOptions({
      queryKey: processKeys.list(s, 'stopped', region),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/processes/v1/{appId}/list/stopped', {
            params: { path: { appId: s.appId }, query: region ? { region } : {} },
            signal,
          }),
        ),
    }),
  detail: (s: ApiScope, processId: string) =>
    queryOptions({
      queryKey: processKeys.detail(s, processId),
      queryFn: ({ signal }) =>
        unwrap(
          s.client.GET('/processes/v1/{appId}/info/{processId}', {
            params: { path: { appId: s.appId, processId } },
            signal,
          }),
        ),
    }),
};
