import { afterAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './access.ts';
import { loadConfig } from './config.ts';
import { DEMO } from './seed.ts';
import { startServer, type TestServer } from './test/harness.ts';

/** Fault injection (PUT /_roomdeck/faults): only for an admin, never read-only, and off unless enabled at start. */
const SETTINGS = { rate: 1, latencyMs: 0, match: null };

async function putFaults(server: TestServer, headers: Record<string, string>) {
  const res = await fetch(`${server.base}/_roomdeck/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(SETTINGS),
  });
  return { status: res.status, body: (await res.json()) as { message?: string; rate?: number } };
}

const bearer = (server: TestServer) => ({ authorization: `Bearer ${server.token}` });

describe('fault injection', () => {
  const servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startServer(env);
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('is off unless ROOMDECK_FAULTS=1 at start: PUT answers 403 and nothing fails', async () => {
    const off = await start({ ROOMDECK_FAULTS: '0' });
    const res = await putFaults(off, bearer(off));
    expect(res).toEqual({
      status: 403,
      body: { message: 'Fault injection is off: start Roomdeck with ROOMDECK_FAULTS=1 to enable it' },
    });
    expect((await off.get(off.rooms('info', DEMO.rooms.lobbyEu))).status).toBe(200);
    expect(loadConfig({}).faults).toBe(false);
  });

  it('is never allowed in read-only mode, even when enabled', async () => {
    const readOnly = await start({ ROOMDECK_FAULTS: '1', ROOMDECK_READ_ONLY: '1' });
    const res = await putFaults(readOnly, bearer(readOnly));
    expect(res).toEqual({
      status: 403,
      body: { message: 'This Roomdeck is read-only (ROOMDECK_READ_ONLY=1): it refuses fault injection' },
    });
    expect((await readOnly.get(readOnly.rooms('info', DEMO.rooms.lobbyEu))).status).toBe(200);
  });

  it('needs an admin: the dev token or an access-token session, nothing else', async () => {
    const accessToken = 'access-token-faults-0a9b8c7d';
    const server = await start({ ROOMDECK_FAULTS: '1', ROOMDECK_ACCESS_TOKEN: accessToken });
    expect((await putFaults(server, {})).status).toBe(401);
    expect((await putFaults(server, { authorization: 'Bearer wrong-token' })).status).toBe(401);
    const signIn = await fetch(`${server.base}/_roomdeck/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken }).toString(),
      redirect: 'manual',
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect((await putFaults(server, { cookie })).body.rate).toBe(1);
    expect((await putFaults(server, bearer(server))).body.rate).toBe(1);
  });

  it('answers with the status and Retry-After asked for (429 or 503), else a 500 without it; nothing else is accepted', async () => {
    const server = await start({ ROOMDECK_FAULTS: '1' });
    const put = (body: unknown) =>
      fetch(`${server.base}/_roomdeck/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...bearer(server) },
        body: JSON.stringify(body),
      });
    // Raw fetch: an injected failure is not one of the documented answers the harness checks against.
    const info = () => fetch(`${server.base}${server.rooms('info', DEMO.rooms.lobbyEu)}`, { headers: bearer(server) });

    const limited = { rate: 1, latencyMs: 0, match: '/info/', status: 429, retryAfterS: 4 };
    const set = await put(limited);
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual(limited);
    let res = await info();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('4');
    expect(((await res.json()) as { message: string }).message).toMatch(/^Injected fault: GET \S+ \(fault rate 1\)$/);

    expect((await put({ rate: 1, latencyMs: 0, match: null, status: 503 })).status).toBe(200);
    res = await info();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeNull();

    // The defaults are unchanged: a 500, no Retry-After, and GET shows no status of its own.
    const plain = await put(SETTINGS);
    expect(await plain.json()).toEqual(SETTINGS);
    res = await info();
    expect(res.status).toBe(500);
    expect(res.headers.get('retry-after')).toBeNull();

    for (const bad of [
      { ...SETTINGS, status: 404 },
      { ...SETTINGS, status: '429' },
      { ...SETTINGS, retryAfterS: 1.5 },
      { ...SETTINGS, retryAfterS: -1 },
      { ...SETTINGS, retryAfterS: 3601 },
    ]) {
      expect((await put(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    // An unknown field is dropped (the app's Ajv removes additional properties), never kept or applied.
    const misspelt = await put({ ...SETTINGS, retryAfter: 4 });
    expect(await misspelt.json()).toEqual(SETTINGS);
    expect((await info()).headers.get('retry-after')).toBeNull();
    const now = await fetch(`${server.base}/_roomdeck/faults`, { headers: bearer(server) });
    expect(await now.json()).toEqual(SETTINGS);
    expect((await put({ rate: 0, latencyMs: 0, match: null })).status).toBe(200);
    expect((await info()).status).toBe(200);
  });

  it('refuses initial faults at start without ROOMDECK_FAULTS=1', () => {
    for (const env of [{ ROOMDECK_FAULT_RATE: '0.5' }, { ROOMDECK_LATENCY_MS: '100' }]) {
      expect(() => loadConfig(env)).toThrow('set ROOMDECK_FAULTS=1 as well to enable fault injection');
      expect(loadConfig({ ...env, ROOMDECK_FAULTS: '1' }).faults).toBe(true);
    }
    expect(() => loadConfig({ ROOMDECK_FAULTS: 'yes' })).toThrow('ROOMDECK_FAULTS must be 1');
  });
});
