import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import { createHathoraClient, type HathoraClient } from '@/api/client';
import type { ApiScope } from '@/api/scope';
import type { Connection, ConnectionStore, ConnectionsState } from './connectionStore';

const StoreContext = createContext<ConnectionStore | null>(null);

export function ConnectionsProvider({ store, children }: { store: ConnectionStore; children: ReactNode }) {
  useEffect(() => {
    // Another tab added, removed or switched connections: follow it.
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key.startsWith('roomdeck:')) store.reload();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [store]);
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useConnectionStore(): ConnectionStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useConnectionStore must be used under <ConnectionsProvider>');
  return store;
}

export function useConnections(): ConnectionsState {
  const store = useConnectionStore();
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

export function useCurrentConnection(): Connection | undefined {
  const { connections, currentId } = useConnections();
  return connections.find((c) => c.id === currentId);
}

const clients = new WeakMap<Connection, HathoraClient>();

/** One client per connection object; a changed connection is a new object and so gets a new client. */
export function clientFor(connection: Connection): HathoraClient {
  let client = clients.get(connection);
  if (!client) {
    client = createHathoraClient({ baseUrl: connection.baseUrl, token: connection.token });
    clients.set(connection, client);
  }
  return client;
}

const scopes = new WeakMap<Connection, ApiScope>();

/** The API scope (client, app, keys) of a connection; stable while the connection is unchanged. */
export function scopeFor(connection: Connection): ApiScope {
  let scope = scopes.get(connection);
  if (!scope) {
    scope = {
      connectionId: connection.id,
      appId: connection.appId,
      baseUrl: connection.baseUrl,
      client: clientFor(connection),
      readOnly: connection.readOnly === true,
    };
    scopes.set(connection, scope);
  }
  return scope;
}
