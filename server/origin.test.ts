import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './access.ts';
import { DEFAULT_TOKEN } from './config.ts';
import { DEMO } from './seed.ts';
import { startServer, type TestServer } from './test/harness.ts';
import { rawRequest } from './test/rawHttp.ts';

/**
 * Who may call from where (issue 16): a browser page of another origin, including this host on another port
 * (same-site but cross-origin), may use neither the dev token nor a session cookie; only connectioninfo is open
 * to every web page (game clients), with CORS and no credentials. Programs send no Origin and keep working.
 */
const ACCESS_TOKEN = 'access-token-origin-5d2e8b71';

/** Headers a browser sends from a page at `origin` to another origin (here: the same host, another port). */
const fromOtherPort = (server: TestServer) => {
  const url = new URL(server.base);
  return { origin: `http://${url.hostname}:${Number(url.port) + 1}` };
};

/** A call without the contract check (a 403 here is this server's own answer, outside openapi.yaml). */
async function send(
  server: TestServer,
  method: string,
  path: string,
  options: { token?: string | null; headers?: Record<string, string>; json?: unknown } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? server.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.base + path, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: inspected freely
  const body: any = res.headers.get('content-type')?.startsWith('application/json') && text ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body, text };
}

describe('local mode without access control (dev token)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('refuses the dev token from another origin (another port of this host, or another site), reads and changes', async () => {
    const refused = { message: 'Cross-site request refused: only the pages of this Roomdeck may use its API' };
    for (const headers of [
      fromOtherPort(server),
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      const destroy = await send(server, 'POST', server.rooms('destroy', DEMO.rooms.duelSea), { headers });
      expect(destroy.status, JSON.stringify(headers)).toBe(403);
      expect(destroy.body).toEqual(refused);
      expect(destroy.headers.get('access-control-allow-origin')).toBeNull();
      const info = await send(server, 'GET', server.rooms('info', DEMO.rooms.lobbyEu), { headers });
      expect(info.status).toBe(403);
      const faults = await send(server, 'PUT', '/_roomdeck/faults', {
        headers,
        json: { rate: 1, latencyMs: 0, match: null },
      });
      expect(faults.status).toBe(403);
    }
    expect((await send(server, 'GET', server.rooms('info', DEMO.rooms.duelSea))).body.status).not.toBe('destroyed');
    expect((await send(server, 'GET', '/_roomdeck/faults')).body.rate).toBe(0);
  });

  it('accepts its own pages and programs (no Origin), without CORS headers', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { origin: server.base, 'sec-fetch-site': 'same-origin' },
      { origin: server.base },
    ]) {
      const info = await send(server, 'GET', server.rooms('info', DEMO.rooms.lobbyEu), { headers });
      expect(info.status).toBe(200);
      expect(info.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers no CORS preflight except for connectioninfo', async () => {
    const pre = await send(server, 'OPTIONS', server.rooms('create'), { token: null, headers: fromOtherPort(server) });
    expect(pre.status).toBe(403);
    expect(pre.body.message).toContain('/rooms/v2/{appId}/connectioninfo/{roomId} is open to other web pages');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps connectioninfo public to every web page (CORS *, no credentials)', async () => {
    const path = server.rooms('connectioninfo', DEMO.rooms.lobbyEu);
    const pre = await send(server, 'OPTIONS', path, { token: null, headers: { origin: 'https://game.example' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await send(server, 'GET', path, { token: null, headers: { origin: 'https://game.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a rebound host name (DNS rebinding) on the API', async () => {
    const res = await rawRequest(Number(new URL(server.base).port), {
      method: 'GET',
      target: server.rooms('info', DEMO.rooms.lobbyEu),
      raw: Buffer.from(
        `GET ${server.rooms('info', DEMO.rooms.lobbyEu)} HTTP/1.1\r\nHost: rebind.evil.example\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n\r\n`,
      ),
    });
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('answers only as localhost or 127.0.0.1');
  });
});

describe('local mode with access control', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer({ ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN });
    const res = await fetch(`${server.base}/_roomdeck/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ACCESS_TOKEN }).toString(),
      redirect: 'manual',
    });
    const session = new RegExp(`^${SESSION_COOKIE}=([^;]+);`).exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!session) throw new Error('no session cookie');
    cookie = `${SESSION_COOKIE}=${session}`;
  });
  afterAll(() => server.close());

  it('refuses a signed-in browser request from another port of this host (same-site, cross-origin)', async () => {
    const headers = { cookie, ...fromOtherPort(server), 'sec-fetch-site': 'same-site' };
    const destroy = await send(server, 'POST', server.rooms('destroy', DEMO.rooms.duelSea), { token: null, headers });
    expect(destroy.status).toBe(403);
    expect(destroy.body.message).toBe('Cross-site request refused: only the pages of this Roomdeck may use its API');
    const onlyOrigin = { cookie, ...fromOtherPort(server) };
    const read = await send(server, 'GET', server.rooms('info', DEMO.rooms.duelSea), {
      token: null,
      headers: onlyOrigin,
    });
    expect(read.status).toBe(403);
    const own = { cookie, origin: server.base, 'sec-fetch-site': 'same-origin' };
    const after = await send(server, 'GET', server.rooms('info', DEMO.rooms.duelSea), { token: null, headers: own });
    expect(after.status).toBe(200);
    expect(after.body.status).not.toBe('destroyed');
  });

  it('refuses sign-in and sign-out forms posted from another origin', async () => {
    for (const path of ['/_roomdeck/signin', '/_roomdeck/signout']) {
      const res = await fetch(`${server.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...fromOtherPort(server) },
        body: new URLSearchParams({ token: ACCESS_TOKEN }).toString(),
        redirect: 'manual',
      });
      expect(res.status, path).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const own = { cookie, origin: server.base, 'sec-fetch-site': 'same-origin' };
    expect(
      (await send(server, 'GET', server.rooms('info', DEMO.rooms.lobbyEu), { token: null, headers: own })).status,
    ).toBe(200);
  });

  it('does not accept the documented default dev token at all', async () => {
    const withDefault = await startServer({ ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN, ROOMDECK_TOKEN: DEFAULT_TOKEN });
    try {
      for (const path of [withDefault.rooms('info', DEMO.rooms.lobbyEu), '/_roomdeck/faults']) {
        const res = await send(withDefault, 'GET', path);
        expect(res.status).toBe(401);
        expect(res.body.message).toContain('the documented default dev token is not accepted: set ROOMDECK_TOKEN');
        expect(res.text).not.toContain(DEFAULT_TOKEN);
      }
    } finally {
      await withDefault.close();
    }
    // A token of one's own still works for programs.
    expect((await send(server, 'GET', server.rooms('info', DEMO.rooms.lobbyEu))).status).toBe(200);
  });
});
