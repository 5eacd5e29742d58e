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

/**
 * The connection a link to `appId` opens: the one the link names (`?c=`, see config/paths.ts) if it is for that app,
 * else the current one if it is, else the first one that is.
 */
export function connectionForApp(
  { connections, currentId }: ConnectionsState,
  appId: string,
  linkConnectionId?: string | null,
): Connection | undefined {
  const named = linkConnectionId ? connections.find((c) => c.id === linkConnectionId) : undefined;
  if (named?.appId === appId) return named;
  const current = connections.find((c) => c.id === currentId);
  return current?.appId === appId ? current : connections.find((c) => c.appId === appId);
}

/** Whether another connection has the same app id, so that a link must say which connection it is for. */
export function sharesAppId({ connections }: ConnectionsState, connection: Pick<Connection, 'id' | 'appId'>): boolean {
  return connections.some((c) => c.id !== connection.id && c.appId === connection.appId);
}

const LIST_KEY = 'roomdeck:connections';
const CURRENT_KEY = 'roomdeck:current-connection';
const tokenKey = (id: string) => `roomdeck:token:${id}`;
export const BUILT_IN_ID = 'this-server';
/** The tabs of this browser session share the tokens not remembered on the device over this channel. */
export const TAB_CHANNEL = 'roomdeck:session-tokens';

/** What the tabs of one browser say to each other (BroadcastChannel, so same origin only). */
type TabMessage =
  /** A new tab asks the open ones for the session tokens it lacks. */
  | { type: 'ask' }
  /** An open tab's session tokens, in answer to `ask`: they fill only what the new tab lacks. */
  | { type: 'answer'; tokens: Record<string, string> }
  /** A tab set or cleared a session token: every tab follows. */
  | { type: 'set'; id: string; token: string | null };

/** The part of BroadcastChannel the store uses, so tests can give it their own. */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface BrowserStorage {
  local: Storage | undefined;
  session: Storage | undefined;
}

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

function isTabMessage(value: unknown): value is TabMessage {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  if (m.type === 'ask') return true;
  if (m.type === 'answer') return !!m.tokens && typeof m.tokens === 'object';
  return m.type === 'set' && typeof m.id === 'string' && (m.token === null || typeof m.token === 'string');
}

/** The ids of the saved connections whose token is kept for the browser session (not remembered). */
function sessionIds(storage: BrowserStorage): string[] {
  return parseStored(storage.local?.getItem(LIST_KEY) ?? null)
    .filter((c) => c.remember !== true)
    .map((c) => c.id);
}

/** This tab's session tokens of the saved connections. */
function sessionTokens(storage: BrowserStorage): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const id of sessionIds(storage)) {
    const token = storage.session?.getItem(tokenKey(id));
    if (token) tokens[id] = token;
  }
  return tokens;
}

/** Writes the tokens of an `answer` this tab lacks; true if it wrote any. */
function fillMissing(storage: BrowserStorage, tokens: Record<string, string>): boolean {
  let wrote = false;
  for (const id of sessionIds(storage)) {
    const token = tokens[id];
    if (typeof token === 'string' && token && !storage.session?.getItem(tokenKey(id))) {
      storage.session?.setItem(tokenKey(id), token);
      wrote = true;
    }
  }
  return wrote;
}

/**
 * A new tab (a link opened in a new tab, a bookmark): asks the open tabs of this browser for the session tokens it
 * lacks and writes them to its sessionStorage, so the first render already has them. Resolves at once when this tab
 * lacks none (a reload, or only remembered tokens), else on the first answer, or after `timeoutMs` when no tab
 * answers (none is open). Call before creating the store.
 */
export function receiveSessionTokens(
  storage: BrowserStorage = browserStorage(),
  { channel = openChannel(), timeoutMs = 300 }: { channel?: TabChannel | null; timeoutMs?: number } = {},
): Promise<void> {
  const missing = sessionIds(storage).filter((id) => !storage.session?.getItem(tokenKey(id)));
  if (!channel || missing.length === 0) {
    channel?.close();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      channel.close();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    channel.addEventListener('message', (event) => {
      const message: unknown = event.data;
      if (isTabMessage(message) && message.type === 'answer') {
        fillMissing(storage, message.tokens);
        done();
      }
    });
    channel.postMessage({ type: 'ask' });
  });
}

/**
 * Connections live in the browser: their names, URLs and app ids in localStorage, each token in
 * sessionStorage, or in localStorage only when the user chose "remember on this device". A session token is
 * shared by the tabs of the browser session (over `channel`, see receiveSessionTokens), not kept per tab. The
 * current connection is per tab (sessionStorage), and the last one chosen in any tab is where new tabs start.
 */
export function createConnectionStore(
  runtime: RuntimeConfig | undefined,
  /** The browser's storage unless given (tests give their own, and then the store talks to no other tab). */
  given?: BrowserStorage,
  /** The other tabs: BroadcastChannel for the browser's storage, none for given storage, unless given. */
  tabs?: TabChannel | null,
) {
  const storage = given ?? browserStorage();
  const channel = tabs !== undefined ? tabs : given ? null : openChannel();
  let state: ConnectionsState = load();
  const listeners = new Set<() => void>();

  channel?.addEventListener('message', (event) => {
    const message: unknown = event.data;
    if (!isTabMessage(message)) return;
    if (message.type === 'ask') {
      const tokens = sessionTokens(storage);
      if (Object.keys(tokens).length > 0) channel.postMessage({ type: 'answer', tokens });
    } else if (message.type === 'answer') {
      if (fillMissing(storage, message.tokens)) reload();
    } else if (sessionIds(storage).includes(message.id)) {
      if (message.token) storage.session?.setItem(tokenKey(message.id), message.token);
      else storage.session?.removeItem(tokenKey(message.id));
      reload();
    }
  });

  function reload() {
    const before = state.currentId;
    state = load();
    // Another tab switching connections does not switch this one.
    if (before && before !== state.currentId && state.connections.some((c) => c.id === before)) {
      state = { ...state, currentId: before };
    }
    for (const l of listeners) l();
  }

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
    const valid = (id: string | null | undefined) => (id && connections.some((c) => c.id === id) ? id : undefined);
    const currentId =
      valid(storage.session?.getItem(CURRENT_KEY)) ?? valid(storage.local?.getItem(CURRENT_KEY)) ?? connections[0]?.id;
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
      const before = storage.session?.getItem(tokenKey(c.id)) ?? null;
      storage.local?.removeItem(tokenKey(c.id));
      storage.session?.removeItem(tokenKey(c.id));
      if (c.token) (c.remember ? storage.local : storage.session)?.setItem(tokenKey(c.id), c.token);
      const after = c.remember ? null : (c.token ?? null);
      if (after !== before) channel?.postMessage({ type: 'set', id: c.id, token: after });
    }
    if (next.currentId !== state.currentId) {
      for (const s of [storage.session, storage.local]) {
        if (next.currentId) s?.setItem(CURRENT_KEY, next.currentId);
        else s?.removeItem(CURRENT_KEY);
      }
    }
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
      if (storage.session?.getItem(tokenKey(id))) channel?.postMessage({ type: 'set', id, token: null });
      storage.session?.removeItem(tokenKey(id));
      const connections = state.connections.filter((c) => c.id !== id);
      set({ connections, currentId: state.currentId === id ? connections[0]?.id : state.currentId });
    },
    select(id: string) {
      if (state.currentId === id || !state.connections.some((c) => c.id === id)) return;
      set({ ...state, currentId: id });
    },
    /** Re-reads storage, e.g. after another tab changed it; keeps this tab's current connection if it is still there. */
    reload,
    /** Stops listening to the other tabs. */
    close() {
      channel?.close();
    },
  };
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;

function newId(): string {
  return `c-${crypto.randomUUID().slice(0, 8)}`;
}

function openChannel(): TabChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  try {
    const channel = new BroadcastChannel(TAB_CHANNEL);
    // Node (tests) would otherwise keep the process alive for it.
    (channel as { unref?: () => void }).unref?.();
    return channel;
  } catch {
    return null;
  }
}

function browserStorage(): BrowserStorage {
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
