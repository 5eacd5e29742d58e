import { describe, expect, it } from 'vitest';
import { memoryStorage } from '@/test/render';
import {
  type BrowserStorage,
  BUILT_IN_ID,
  connectionForApp,
  createConnectionStore,
  receiveSessionTokens,
  sharesAppId,
  type TabChannel,
} from './connectionStore';

const runtime = { apiBaseUrl: '/api', appId: 'app-local', token: 'local-dev-token', mode: 'local' as const };
/** A store on this jsdom window's storage, without talking to other tabs. */
const open = (r: typeof runtime | undefined = runtime) => createConnectionStore(r, undefined, null);
const openWithout = () => createConnectionStore(undefined, undefined, null);

describe('connection store', () => {
  it('starts on the connection the serving server describes, without writing its token anywhere', () => {
    const store = open();
    const { connections, currentId } = store.getState();
    expect(currentId).toBe(BUILT_IN_ID);
    expect(connections[0]).toMatchObject({ name: 'Local server', baseUrl: '/api', appId: 'app-local', builtIn: true });
    store.select(BUILT_IN_ID);
    expect(JSON.stringify(localStorage)).not.toContain('local-dev-token');
    expect(JSON.stringify(sessionStorage)).not.toContain('local-dev-token');
  });

  it('keeps a token in sessionStorage unless "remember on this device" is ticked', () => {
    const store = open();
    store.add({ name: 'Prod', baseUrl: 'https://api.hathora.dev', appId: 'app-1', token: 'secret-1', remember: false });
    expect(JSON.stringify(localStorage)).not.toContain('secret-1');
    expect(JSON.stringify(sessionStorage)).toContain('secret-1');

    const remembered = store.add({
      name: 'Stage',
      baseUrl: 'https://api.hathora.dev',
      appId: 'app-2',
      token: 'secret-2',
      remember: true,
    });
    expect(JSON.stringify(localStorage)).toContain('secret-2');
    expect(JSON.stringify(sessionStorage)).not.toContain('secret-2');

    // A new page load (a new store over the same storage) reads them back.
    const reloaded = open().getState().connections;
    expect(reloaded.map((c) => [c.name, c.token])).toEqual([
      ['Local server', 'local-dev-token'],
      ['Prod', 'secret-1'],
      ['Stage', 'secret-2'],
    ]);

    store.remove(remembered.id);
    expect(JSON.stringify(localStorage)).not.toContain('secret-2');
  });

  it('falls back to the first connection when the current one is removed, and never removes the built-in one', () => {
    const store = open();
    const prod = store.add({
      name: 'Prod',
      baseUrl: 'https://api.hathora.dev',
      appId: 'app-1',
      token: 't',
      remember: false,
    });
    store.select(prod.id);
    expect(store.getState().currentId).toBe(prod.id);
    store.remove(prod.id);
    expect(store.getState().currentId).toBe(BUILT_IN_ID);
    store.remove(BUILT_IN_ID);
    expect(store.getState().connections).toHaveLength(1);
  });

  it('ignores corrupt storage instead of crashing', () => {
    localStorage.setItem('roomdeck:connections', '{not json');
    expect(open().getState().connections).toHaveLength(1);
    localStorage.setItem('roomdeck:connections', JSON.stringify([{ id: 1 }, null, 'x']));
    expect(open().getState().connections).toHaveLength(1);
  });

  it('has no connection at all when served without a server config', () => {
    const store = openWithout();
    expect(store.getState()).toEqual({ connections: [], currentId: undefined });
  });

  it('opens a link to an app with the current connection if it is for that app, else the first one that is', () => {
    const store = open();
    const prod = store.add({
      name: 'Prod',
      baseUrl: 'https://api.hathora.dev',
      appId: 'app-1',
      token: 't1',
      remember: false,
    });
    const stage = store.add({
      name: 'Stage',
      baseUrl: 'https://api.hathora.dev',
      appId: 'app-1',
      token: 't2',
      remember: false,
    });
    store.select(BUILT_IN_ID);
    expect(connectionForApp(store.getState(), 'app-1')?.id).toBe(prod.id);
    store.select(stage.id);
    expect(connectionForApp(store.getState(), 'app-1')?.id).toBe(stage.id);
    expect(connectionForApp(store.getState(), 'app-local')?.id).toBe(BUILT_IN_ID);
    expect(connectionForApp(store.getState(), 'app-unknown')).toBeUndefined();
  });
});

/** The tabs of one browser: one localStorage, a sessionStorage each, and a BroadcastChannel between them. */
function browser() {
  const local = memoryStorage();
  const channels = new Set<{ listeners: ((event: MessageEvent) => void)[] }>();
  const sent: unknown[] = [];
  const pending: Promise<void>[] = [];
  function channel(): TabChannel {
    const self = { listeners: [] as ((event: MessageEvent) => void)[] };
    channels.add(self);
    return {
      postMessage(message) {
        sent.push(message);
        // Like BroadcastChannel: to every other open channel, later.
        for (const other of channels) {
          if (other === self) continue;
          pending.push(
            Promise.resolve().then(() => {
              for (const l of other.listeners) l(new MessageEvent('message', { data: message }));
            }),
          );
        }
      },
      addEventListener(_type, listener) {
        self.listeners.push(listener);
      },
      close() {
        channels.delete(self);
      },
    };
  }
  function tab(): BrowserStorage & { open: () => ReturnType<typeof createConnectionStore> } {
    const storage = { local, session: memoryStorage() };
    return { ...storage, open: () => createConnectionStore(runtime, storage, channel()) };
  }
  /** Waits until every message sent so far (and those they caused) has been delivered. */
  async function settle() {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  }
  return { tab, channel, sent, settle };
}

const prodInput = {
  name: 'Prod',
  baseUrl: 'https://api.hathora.dev',
  appId: 'app-1',
  token: 'secret-1',
  remember: false,
};

describe('tabs of one browser session', () => {
  it('a new tab gets the session tokens of an open tab before its store loads', async () => {
    const b = browser();
    const first = b.tab();
    const store = first.open();
    const prod = store.add(prodInput);

    const second = b.tab();
    expect(second.session?.getItem(`roomdeck:token:${prod.id}`)).toBeNull();
    await receiveSessionTokens(second, { channel: b.channel(), timeoutMs: 60_000 });
    const connection = second
      .open()
      .getState()
      .connections.find((c) => c.id === prod.id);
    expect(connection?.token).toBe('secret-1');
    // Still a session token: nothing went to localStorage.
    expect(JSON.stringify([...Array(second.local?.length ?? 0).keys()].map((i) => second.local?.key(i)))).not.toContain(
      'token',
    );
  });

  it('a new tab asks nobody when it lacks no token, and gives up when no tab answers', async () => {
    const b = browser();
    const first = b.tab();
    const store = first.open();
    store.add({ ...prodInput, remember: true });
    await receiveSessionTokens(b.tab(), { channel: b.channel(), timeoutMs: 60_000 });
    expect(b.sent).toEqual([]);

    store.add({ ...prodInput, name: 'Session' });
    store.close();
    const lonely = b.tab();
    await receiveSessionTokens(lonely, { channel: b.channel(), timeoutMs: 1 });
    expect(b.sent).toContainEqual({ type: 'ask' });
    expect(
      lonely
        .open()
        .getState()
        .connections.find((c) => c.name === 'Session')?.token,
    ).toBeUndefined();
  });

  it('a token changed or removed in one tab is changed or removed in the others', async () => {
    const b = browser();
    const one = b.tab();
    const two = b.tab();
    const storeOne = one.open();
    const storeTwo = two.open();
    const prod = storeOne.add(prodInput);
    await b.settle();
    expect(storeTwo.getState().connections.find((c) => c.id === prod.id)?.token).toBe('secret-1');

    storeOne.update(prod.id, { token: 'secret-2' });
    await b.settle();
    expect(storeTwo.getState().connections.find((c) => c.id === prod.id)?.token).toBe('secret-2');

    storeOne.update(prod.id, { token: undefined });
    await b.settle();
    expect(two.session?.getItem(`roomdeck:token:${prod.id}`)).toBeNull();
    expect(storeTwo.getState().connections.find((c) => c.id === prod.id)?.token).toBeUndefined();
  });

  it('each tab keeps its own current connection; a new tab starts on the last one chosen', async () => {
    const b = browser();
    const one = b.tab();
    const storeOne = one.open();
    const prod = storeOne.add(prodInput);
    const storeTwo = b.tab().open();
    expect(storeTwo.getState().currentId).toBe(BUILT_IN_ID);

    storeOne.select(prod.id);
    storeTwo.reload(); // what its storage listener does when the other tab writes
    expect(storeTwo.getState().currentId).toBe(BUILT_IN_ID);
    expect(b.tab().open().getState().currentId).toBe(prod.id);
  });
});

describe('links to an app that two connections share', () => {
  it('open the connection the link names, and say when a link must name one', () => {
    const store = open();
    const prod = store.add(prodInput);
    const stage = store.add({ ...prodInput, name: 'Stage' });
    store.select(prod.id);
    expect(connectionForApp(store.getState(), 'app-1', stage.id)?.id).toBe(stage.id);
    // A link naming a connection of another app (or one that is gone) falls back to the usual choice.
    expect(connectionForApp(store.getState(), 'app-1', BUILT_IN_ID)?.id).toBe(prod.id);
    expect(connectionForApp(store.getState(), 'app-1', 'c-gone')?.id).toBe(prod.id);
    expect(sharesAppId(store.getState(), prod)).toBe(true);
    expect(sharesAppId(store.getState(), { id: BUILT_IN_ID, appId: 'app-local' })).toBe(false);
  });
});
