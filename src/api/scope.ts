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
}

export const ApiScopeContext = createContext<ApiScope | null>(null);

export function useApiScope(): ApiScope {
  const scope = useContext(ApiScopeContext);
  if (!scope) throw new Error('useApiScope must be used under the /apps/:appId route');
  return scope;
}

/**
 * The root of every query key of one app on one connection. Feature key factories start with it, so a mutation
 * that changes rooms can invalidate everything the app shows (process lists embed rooms) with one prefix.
 */
export function appKey(scope: Pick<ApiScope, 'connectionId' | 'appId'>) {
  return ['hathora', scope.connectionId, scope.appId] as const;
}
