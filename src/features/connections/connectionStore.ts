import type { RuntimeConfig } from '@/config/runtime';

/** A connection: which Hathora-compatible API, which app, with which dev token. */
export interface Connection {
  id: string;
  name: string;
  baseUrl: string;
  appId: string;
  token?: string | undefined;
  /** Keep the token in localStorage ("remember on this device") instead of sessionStorage. */
  remember: boolean;
  /** The connection the serving Roomdeck server describes; not editable, never written to storage. */
  builtIn: boolean;
  /** The server refuses mutations (proxy read-only mode); the UI hides them. */
  readOnly?: boolean;
  /** The serving server's sign-in page (access control): a 401 leads there instead of to Settings. */
  signIn?: string;
}

export type ConnectionInput = Omit<Connection, 'id' | 'builtIn' | 'readOnly' | 'signIn'>;

export interface ConnectionsState {
  connections: readonly Connection[];
  currentId: string | undefined;
}

/** The connection a link to `appId` opens: the current one if it is for that app, else the first one that is. */
export function connectionForApp({ connections, currentId }: ConnectionsState, appId: string): Connection | undefined {
  const current = connections.find((c) => c.id === currentId);
  return current?.appId === appId ? current : connections.find((c) => c.appId === appId);
}

const LIST_KEY = 'roomdeck:connections';
const CURRENT_KEY = 'roomdeck:current-connection';
const tokenKey = (id: string) => `roomdeck:token:${id}`;
export const BUILT_IN_ID = 'this-server';

type StoredConnection = Pick<Connection, 'id' | 'name' | 'baseUrl' | 'appId' | 'remember'>;

function parseStored(raw: string | null): StoredConnection[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (c): c is StoredConnection =>
        c &&
        typeof c.id === 'string' &&
        typeof c.name === 'string' &&
        typeof c.baseUrl === 'string' &&
        typeof c.appId === 'string',
    );
  } catch {
    return [];
  }
}

/**
 * Connections live in the browser: their names, URLs and app ids in localStorage, each token in
 * sessionStorage, or in localStorage only when the user chose "remember on this device".
 */
export function createConnectionStore(runtime: RuntimeConfig | undefined, storage = browserStorage()) {
  let state: ConnectionsState = load();
  const listeners = new Set<() => void>();

  function builtIn(): Connection | undefined {
    if (!runtime) return undefined;
    const name =
      runtime.mode === 'proxy' ? `This Roomdeck (proxy to ${runtime.upstream ?? 'Hathora'})` : 'Local server';
    return {
      id: BUILT_IN_ID,
      name,
      baseUrl: runtime.apiBaseUrl,
      appId: runtime.appId,
      token: runtime.token,
      remember: false,
      builtIn: true,
      readOnly: runtime.readOnly === true,
      ...(runtime.signIn ? { signIn: runtime.signIn } : {}),
    };
  }

  function load(): ConnectionsState {
    const stored = parseStored(storage.local?.getItem(LIST_KEY) ?? null);
    const connections: Connection[] = stored.map((c) => ({
      ...c,
      remember: c.remember === true,
      builtIn: false,
      token:
        (c.remember ? storage.local?.getItem(tokenKey(c.id)) : storage.session?.getItem(tokenKey(c.id))) ?? undefined,
    }));
    const own = builtIn();
    if (own) connections.unshift(own);
    const saved = storage.local?.getItem(CURRENT_KEY) ?? undefined;
    const currentId = connections.some((c) => c.id === saved) ? saved : connections[0]?.id;
    return { connections, currentId };
  }

  function persist(next: ConnectionsState) {
    const own = next.connections.filter((c) => !c.builtIn);
    const list: StoredConnection[] = own.map(({ id, name, baseUrl, appId, remember }) => ({
      id,
      name,
      baseUrl,
      appId,
      remember,
    }));
    storage.local?.setItem(LIST_KEY, JSON.stringify(list));
    for (const c of own) {
      storage.local?.removeItem(tokenKey(c.id));
      storage.session?.removeItem(tokenKey(c.id));
      if (c.token) (c.remember ? storage.local : storage.session)?.setItem(tokenKey(c.id), c.token);
    }
    if (next.currentId) storage.local?.setItem(CURRENT_KEY, next.currentId);
    else storage.local?.removeItem(CURRENT_KEY);
  }

  function set(next: ConnectionsState) {
    persist(next);
    state = next;
    for (const l of listeners) l();
  }

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(input: ConnectionInput): Connection {
      const connection: Connection = { ...input, id: newId(), builtIn: false };
      set({ connections: [...state.connections, connection], currentId: state.currentId ?? connection.id });
      return connection;
    },
    update(id: string, input: Partial<ConnectionInput>) {
      set({
        ...state,
        connections: state.connections.map((c) => (c.id === id && !c.builtIn ? { ...c, ...input } : c)),
      });
    },
    remove(id: string) {
      const target = state.connections.find((c) => c.id === id);
      if (!target || target.builtIn) return;
      storage.local?.removeItem(tokenKey(id));
      storage.session?.removeItem(tokenKey(id));
      const connections = state.connections.filter((c) => c.id !== id);
      set({ connections, currentId: state.currentId === id ? connections[0]?.id : state.currentId });
    },
    select(id: string) {
      if (state.currentId === id || !state.connections.some((c) => c.id === id)) return;
      set({ ...state, currentId: id });
    },
    /** Re-reads storage, e.g. after another tab changed it. */
    reload() {
      state = load();
      for (const l of listeners) l();
    },
  };
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;

function newId(): string {
  return `c-${crypto.randomUUID().slice(0, 8)}`;
}

function browserStorage(): { local: Storage | undefined; session: Storage | undefined } {
  if (typeof window === 'undefined') return { local: undefined, session: undefined };
  return { local: safe(() => window.localStorage), session: safe(() => window.sessionStorage) };
}

function safe(get: () => Storage): Storage | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
