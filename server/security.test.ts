import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './security.ts';
import { DEMO } from './seed.ts';
import { startServer, type TestServer } from './test/harness.ts';
import { rawRequest } from './test/rawHttp.ts';

let webRoot: string;
let server: TestServer;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'roomdeck-security-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Roomdeck test</title>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
  server = await startServer({}, { webRoot });
});
afterAll(async () => {
  await server.close();
  rmSync(webRoot, { recursive: true, force: true });
});

/** The policy as a map from directive to its sources. */
const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([k, ...v]) => [k, v]),
  );

describe('Content-Security-Policy', () => {
  it('allows script from this server only, never inline, and no framing', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    // This server, any HTTPS API (Hathora Cloud), and plain HTTP only to this machine (the token never crosses a
    // network unencrypted).
    expect(csp.get('connect-src')).toEqual(["'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*']);
  });
});

describe('security headers', () => {
  const dashboard = [
    '/',
    '/rooms/demo-lobby-eu',
    '/join/app-x/room-y?api=%2Fapi',
    '/assets/index-abc123.js',
    '/roomdeck-config.js',
  ];

  it('every dashboard response: the CSP, nosniff, no referrer, no framing', async () => {
    for (const path of [...dashboard, '/assets/missing.js']) {
      // The config script has no HEAD (no route has an automatic HEAD twin).
      for (const method of path === '/roomdeck-config.js' ? ['GET'] : ['GET', 'HEAD']) {
        const res = await server.call(method, path, { token: null });
        expect(res.status, path).toBe(path === '/assets/missing.js' ? 404 : 200);
        expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
        expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      }
    }
  });

  it('every API and test-control response says nosniff, errors included', async () => {
    const answers = [
      await server.get(server.rooms('info', DEMO.rooms.lobbyEu)),
      await server.get(server.rooms('info', DEMO.rooms.lobbyEu), { token: null }),
      await server.get(server.rooms('info', 'no-such-room')),
      await server.post(server.rooms('create'), { raw: 'x', contentType: 'text/plain' }),
      await server.get('/api/unknown'),
      await server.call('OPTIONS', server.rooms('create'), { token: null }),
      await server.get('/_roomdeck/health'),
    ];
    for (const res of answers) expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const port = Number(new URL(server.base).port);
    for (const request of [
      { method: 'GET', target: server.rooms('info', '%zz') },
      { method: 'FOO', target: '/' },
      { method: 'CONNECT', target: '127.0.0.1:443' },
    ]) {
      const res = await rawRequest(port, request);
      expect(res.status, request.method).toBeGreaterThanOrEqual(400);
      expect(res.headers['x-content-type-options'], request.method).toBe('nosniff');
    }
  });
});
