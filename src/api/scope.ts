import { createContext, useContext } from 'react';
import type { HathoraClient } from './client';

/** Which API, app and client the screens under `/apps/:appId` talk to. Set by the app's route scope. */
export interface ApiScope {
  connectionId: string;
  appId: string;
  baseUrl: string;
  client: HathoraClient;
  /** Mutations are refused by the server and hidden in the UI. */
  readOnly: boolean;
  /** Another connection has the same app id: links must name this one (see `linkTo`). */
  sharedAppId?: boolean;
}

/**
 * What a link under `/apps/:appId` is for (config/paths AppRef): the app id, with the connection when another
 * connection shares the app id, so the link opens this one in a new tab too.
 */
export function linkTo(scope: ApiScope): string | { appId: string; connectionId: string } {
  return scope.sharedAppId ? { appId: scope.appId, connectionId: scope.connectionId } : scope.appId;
}

export const ApiScopeContext = createContext<ApiScope | null>(null);

export function useApiScope(): ApiScope {
  const scope = useContext(ApiScopeContext);
  if (!scope) throw new Error('useApiScope must be used under the /apps/:appId route');
  return scope;
}

/**
 * The root of every query key of one app on one connection. Feature key factories start with it; a mutation
 * invalidates only the keys under it that it changed, never the whole app (see `processKeyRoots`).
 */
export function appKey(scope: Pick<ApiScope, 'connectionId' | 'appId'>) {
  return ['hathora', scope.connectionId, scope.appId] as const;
}

type Scoped = Pick<ApiScope, 'connectionId' | 'appId'>;

/**
 * The roots of the process keys, shared here because room changes show in them (process lists and a process's
 * info embed its rooms and counts) and features do not import each other. `processKeys` builds on them.
 */
export const processKeyRoots = {
  all: (s: Scoped) => [...appKey(s), 'processes'] as const,
  lists: (s: Scoped) => [...processKeyRoots.all(s), 'list'] as const,
  detail: (s: Scoped, processId: string) => [...processKeyRoots.all(s), 'detail', processId] as const,
};
