import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Access, SESSION_COOKIE, safeNext } from './access.ts';
import { DEMO } from './seed.ts';
import { APP_ID, type ProxyServer, startProxy, startServer, type TestServer } from './test/harness.ts';

/** Access control (ROOMDECK_ACCESS_TOKEN): sign in once in a browser, then a session cookie. */
const ACCESS_TOKEN = 'access-token-6c1f0e9a2b';
const UPSTREAM_TOKEN = 'upstream-secret-93ab';

const rooms = (op: string, id: string) => `/api/rooms/v2/${APP_ID}/${op}/${id}`;
const form = (fields: Record<string, string>) => ({
  'content-type': 'application/x-www-form-urlencoded',
  body: new URLSearchParams(fields).toString(),
});

let webRoot: string;
let upstream: TestServer;
let proxy: ProxyServer;
const upstreamAuth: (string | undefined)[] = [];

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'roomdeck-access-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Roomdeck test</title>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
  upstream = await startServer({ ROOMDECK_TOKEN: UPSTREAM_TOKEN });
  upstream.roomdeck.app.server.on('request', (req) => upstreamAuth.push(req.headers.authorization));
  proxy = await startProxy(
    `${upstream.base}/api`,
    UPSTREAM_TOKEN,
    { ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN },
    { webRoot },
  );
});
afterAll(async () => {
  for (const answer of proxy.answers) {
    expect(answer).not.toContain(UPSTREAM_TOKEN);
    expect(answer).not.toContain(ACCESS_TOKEN);
  }
  await proxy.close();
  await upstream.close();
  rmSync(webRoot, { recursive: true, force: true });
});

/** Posts the sign-in form as a browser does. */
async function signIn(base: string, token: string, next?: string, headers: Record<string, string> = {}) {
  const { body, ...type } = form({ token, ...(next === undefined ? {} : { next }) });
  return fetch(`${base}/_roomdeck/signin`, {
    method: 'POST',
    headers: { ...type, ...headers },
    body,
    redirect: 'manual',
  });
}

function sessionOf(res: Response): string {
  const match = new RegExp(`^${SESSION_COOKIE}=([^;]+);`).exec(res.headers.get('set-cookie') ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${res.headers.get('set-cookie')}`);
  return match[1];
}

describe('sign-in in proxy mode', () => {
  it('no session: the API answers 401 JSON and the upstream is not asked', async () => {
    const before = upstreamAuth.length;
    const res = await proxy.call('GET', `/api/processes/v1/${APP_ID}/list/running`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      message: "Sign in first: open /_roomdeck/signin in a browser and enter this Roomdeck's access token",
    });
    const bearer = await proxy.call('GET', `/api/processes/v1/${APP_ID}/list/running`, {
      headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
    });
    expect(bearer.status).toBe(401);
    const forged = await proxy.call('GET', `/api/processes/v1/${APP_ID}/list/running`, {
      session: 'forged-session-id',
    });
    expect(forged.status).toBe(401);
    expect(upstreamAuth.length).toBe(before);
  });

  it('the join page, its static files and connectioninfo stay public', async () => {
    for (const path of [`/join/${APP_ID}/${DEMO.rooms.lobbyEu}`, '/', '/assets/index-abc123.js']) {
      expect((await proxy.call('GET', path)).status, path).toBe(200);
    }
    const before = upstreamAuth.length;
    const info = await proxy.call('GET', rooms('connectioninfo', DEMO.rooms.lobbyEu));
    expect(info.status).toBe(200);
    expect(info.body.status).toBe('active');
    // connectioninfo is public upstream too: the token is not sent with it. Without a session the proxy first asks
    // the room's info (with the token) so as never to resume a suspended room (see proxy.test.ts).
    expect(upstreamAuth.slice(before)).toEqual([`Bearer ${UPSTREAM_TOKEN}`, undefined]);
  });

  it('serves the dashboard config with where to sign in, and no token', async () => {
    const res = await proxy.call('GET', '/roomdeck-config.js');
    expect(res.text).toBe(
      `window.__ROOMDECK__ = ${JSON.stringify({
        apiBaseUrl: '/api',
        appId: APP_ID,
        mode: 'proxy',
        upstream: `${upstream.base}/api`,
        signIn: '/_roomdeck/signin',
      })};`,
    );
  });

  it('shows a plain HTML form with no script and a strict CSP', async () => {
    const res = await proxy.call('GET', '/_roomdeck/signin?next=%2Fapps%2Fx%2Fprocesses');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'self'; form-action 'self'; frame-ancestors 'none'/,
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.text).not.toMatch(/<script/i);
    expect(res.text).toContain('<form method="post" action="/_roomdeck/signin">');
    expect(res.text).toContain('<label for="token">Access token</label>');
    expect(res.text).toContain('<input id="token" name="token" type="password"');
    expect(res.text).toContain('<input type="hidden" name="next" value="/apps/x/processes">');
  });

  it('a wrong access token: an error page, no cookie', async () => {
    const res = await signIn(proxy.base, 'wrong-access-token-xx', '/apps/x/processes');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<p class="error" role="alert">That access token is not right. Check it and try again.</p>');
    expect(html).toContain('value="/apps/x/processes"');
    expect(html).not.toContain('wrong-access-token-xx');

    const empty = await signIn(proxy.base, '');
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter the access token.');
  });

  it('the right access token: an HttpOnly SameSite=Strict cookie, back to the page, and the API works', async () => {
    const res = await signIn(proxy.base, ACCESS_TOKEN, `/apps/${APP_ID}/processes?tab=rooms`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/apps/${APP_ID}/processes?tab=rooms`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict$`),
    );
    const session = sessionOf(res);
    expect(cookie).not.toContain(ACCESS_TOKEN);

    const before = upstreamAuth.length;
    const running = await proxy.call('GET', `/api/processes/v1/${APP_ID}/list/running`, { session });
    expect(running.status).toBe(200);
    expect(running.body.map((p: { processId: string }) => p.processId)).toContain(DEMO.processes.seattle);
    expect(upstreamAuth.slice(before)).toEqual([`Bearer ${UPSTREAM_TOKEN}`]);

    const page = await proxy.call('GET', '/_roomdeck/signin', { session });
    expect(page.text).toContain('You are signed in');
    expect(page.text).toContain('<form method="post" action="/_roomdeck/signout">');
  });

  it('marks the cookie Secure over https and never redirects off this origin', async () => {
    const secure = await signIn(proxy.base, ACCESS_TOKEN, '//evil.example/x', { 'x-forwarded-proto': 'https' });
    expect(secure.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    expect(secure.headers.get('location')).toBe('/');
    for (const next of ['https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/a b', '']) {
      expect(safeNext(next), next).toBe('/');
    }
    expect(safeNext('/apps/a-1/rooms/r_2?x=1#top')).toBe('/apps/a-1/rooms/r_2?x=1#top');
  });

  it('signing out ends the session', async () => {
    const session = sessionOf(await signIn(proxy.base, ACCESS_TOKEN));
    expect((await proxy.call('GET', rooms('info', DEMO.rooms.lobbyEu), { session })).status).toBe(200);
    const out = await proxy.call('POST', '/_roomdeck/signout', { session });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/_roomdeck/signin');
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly`));
    expect((await proxy.call('GET', rooms('info', DEMO.rooms.lobbyEu), { session })).status).toBe(401);
  });
});

describe('sign-in in local mode', () => {
  let local: TestServer;
  beforeAll(async () => {
    local = await startServer({ ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN, ROOMDECK_READ_ONLY: '1' });
  });
  afterAll(() => local.close());

  it('keeps the dev token off the dashboard config, which says where to sign in and that it is read-only', async () => {
    const res = await local.get('/roomdeck-config.js', { token: null });
    expect(res.text).toBe(
      `window.__ROOMDECK__ = ${JSON.stringify({
        apiBaseUrl: '/api',
        appId: APP_ID,
        mode: 'local',
        readOnly: true,
        signIn: '/_roomdeck/signin',
      })};`,
    );
  });

  it('accepts a session or the dev token as bearer (programs), nothing else', async () => {
    const path = rooms('info', DEMO.rooms.lobbyEu);
    const anonymous = await local.get(path, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toBe(
      "Sign in first (open /_roomdeck/signin in a browser), or send the header 'Authorization: Bearer <token>'",
    );
    expect((await local.get(path, { token: 'wrong' })).body.message).toBe('Invalid bearer token');
    expect((await local.get(path)).status).toBe(200);

    const session = sessionOf(await signIn(local.base, ACCESS_TOKEN));
    const res = await local.get(path, { token: null, headers: { cookie: `other=1; ${SESSION_COOKIE}=${session}` } });
    expect(res.status).toBe(200);
    expect(res.body.roomId).toBe(DEMO.rooms.lobbyEu);
    const faults = await local.get('/_roomdeck/faults', {
      token: null,
      headers: { cookie: `${SESSION_COOKIE}=${session}` },
    });
    expect(faults.status).toBe(200);
    expect((await local.get('/_roomdeck/faults', { token: null })).status).toBe(401);
  });

  it('read-only: refuses changes with 403 naming read-only mode, after authentication', async () => {
    const create = await fetch(`${local.base}/api/rooms/v2/${APP_ID}/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ region: 'Seattle' }),
    });
    expect(create.status).toBe(403);
    expect(await create.json()).toEqual({
      message:
        'This Roomdeck is read-only (ROOMDECK_READ_ONLY=1): it refuses CreateRoom and every other change to rooms',
    });
    const anonymous = await fetch(`${local.base}${rooms('destroy', DEMO.rooms.lobbyEu)}`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect((await local.get(rooms('info', DEMO.rooms.lobbyEu))).body.status).toBe('active');
  });
});

describe('Access', () => {
  const request = (id?: string) =>
    ({ headers: id === undefined ? {} : { cookie: `${SESSION_COOKIE}=${id}` } }) as FastifyRequest;

  it('compares the access token exactly', () => {
    const access = new Access(ACCESS_TOKEN);
    expect(access.matches(ACCESS_TOKEN)).toBe(true);
    for (const wrong of ['', ACCESS_TOKEN.slice(0, -1), `${ACCESS_TOKEN}x`, ACCESS_TOKEN.toUpperCase()]) {
      expect(access.matches(wrong)).toBe(false);
    }
  });

  it('expires sessions after 12 hours', () => {
    let now = 1_000_000;
    const access = new Access(ACCESS_TOKEN, () => now);
    const id = access.startSession();
    expect(access.hasSession(request(id))).toBe(true);
    expect(access.hasSession(request())).toBe(false);
    expect(access.hasSession(request(`${id}x`))).toBe(false);
    now += 12 * 60 * 60 * 1000 - 1;
    expect(access.hasSession(request(id))).toBe(true);
    now += 1;
    expect(access.hasSession(request(id))).toBe(false);
  });
});
