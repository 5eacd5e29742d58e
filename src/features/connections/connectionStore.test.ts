import { describe, expect, it } from 'vitest';
import { BUILT_IN_ID, connectionForApp, createConnectionStore } from './connectionStore';

const runtime = { apiBaseUrl: '/api', appId: 'app-local', token: 'local-dev-token', mode: 'local' as const };

describe('connection store', () => {
  it('starts on the connection the serving server describes, without writing its token anywhere', () => {
    const store = createConnectionStore(runtime);
    const { connections, currentId } = store.getState();
    expect(currentId).toBe(BUILT_IN_ID);
    expect(connections[0]).toMatchObject({ name: 'Local server', baseUrl: '/api', appId: 'app-local', builtIn: true });
    store.select(BUILT_IN_ID);
    expect(JSON.stringify(localStorage)).not.toContain('local-dev-token');
    expect(JSON.stringify(sessionStorage)).not.toContain('local-dev-token');
  });

  it('keeps a token in sessionStorage unless "remember on this device" is ticked', () => {
    const store = createConnectionStore(runtime);
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
    const reloaded = createConnectionStore(runtime).getState().connections;
    expect(reloaded.map((c) => [c.name, c.token])).toEqual([
      ['Local server', 'local-dev-token'],
      ['Prod', 'secret-1'],
      ['Stage', 'secret-2'],
    ]);

    store.remove(remembered.id);
    expect(JSON.stringify(localStorage)).not.toContain('secret-2');
  });

  it('falls back to the first connection when the current one is removed, and never removes the built-in one', () => {
    const store = createConnectionStore(runtime);
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
    expect(createConnectionStore(runtime).getState().connections).toHaveLength(1);
    localStorage.setItem('roomdeck:connections', JSON.stringify([{ id: 1 }, null, 'x']));
    expect(createConnectionStore(runtime).getState().connections).toHaveLength(1);
  });

  it('has no connection at all when served without a server config', () => {
    const store = createConnectionStore(undefined);
    expect(store.getState()).toEqual({ connections: [], currentId: undefined });
  });

  it('opens a link to an app with the current connection if it is for that app, else the first one that is', () => {
    const store = createConnectionStore(runtime);
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
