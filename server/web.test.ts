import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { APP_ID, startServer, TEST_TOKEN, type TestServer } from './test/harness.ts';

let webRoot: string;
let server: TestServer;

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'roomdeck-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Roomdeck test</title>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
  server = await startServer({}, { webRoot });
});
afterAll(async () => {
  await server.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('dashboard serving', () => {
  it('serves /roomdeck-config.js with the connection defaults, uncached', async () => {
    const res = await server.get('/roomdeck-config.js', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toBe(
      `window.__ROOMDECK__ = ${JSON.stringify({ apiBaseUrl: '/api', appId: APP_ID, token: TEST_TOKEN, mode: 'local' })};`,
    );
  });

  it('passes ROOMDECK_PUBLIC_URL to the dashboard as publicUrl', async () => {
    const other = await startServer({ ROOMDECK_PUBLIC_URL: 'http://192.168.1.20:8080/' });
    try {
      const res = await other.get('/roomdeck-config.js', { token: null });
      expect(res.text).toBe(
        `window.__ROOMDECK__ = ${JSON.stringify({ apiBaseUrl: '/api', appId: APP_ID, token: TEST_TOKEN, mode: 'local', publicUrl: 'http://192.168.1.20:8080' })};`,
      );
    } finally {
      await other.close();
    }
  });

  it('keeps the token-bearing config script to this origin: other sites and rebound host names are refused', async () => {
    const own = await server.get('/roomdeck-config.js', { token: null, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
    expect(own.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    for (const site of ['cross-site', 'same-site']) {
      const res = await server.get('/roomdeck-config.js', { token: null, headers: { 'sec-fetch-site': site } });
      expect(res.status, site).toBe(403);
      expect(res.text).not.toContain(TEST_TOKEN);
    }
    // fetch cannot set Host; a DNS-rebound page's requests carry the hostile name in it.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.base}/roomdeck-config.js`, { headers: { host: 'evil.example:8080' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain(TEST_TOKEN);
  });

  it('serves index.html at / and for client-side routes (SPA fallback)', async () => {
    for (const path of ['/', '/rooms/demo-lobby-eu', `/processes/${DEMO.processes.tokyo}?tab=rooms`]) {
      const res = await server.get(path, { token: null });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.text).toContain('Roomdeck test');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('answers HEAD for pages and files', async () => {
    expect((await server.call('HEAD', '/rooms/demo-lobby-eu', { token: null })).status).toBe(200);
    expect((await server.call('HEAD', '/assets/index-abc123.js', { token: null })).status).toBe(200);
  });

  it('serves hashed assets as immutable and answers 404 JSON for a missing file', async () => {
    const asset = await server.get('/assets/index-abc123.js', { token: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await server.get('/assets/missing.js', { token: null });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Not found: GET /assets/missing.js' });
  });

  it('never answers index.html for the API or the test controls', async () => {
    const api = await server.get('/api/unknown', { token: null });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    const control = await server.get('/_roomdeck/unknown', { token: null });
    expect(control.status).toBe(404);
    expect(control.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('serves /roomdeck-config.js but no pages without a webRoot', async () => {
    const bare = await startServer();
    try {
      expect((await bare.get('/roomdeck-config.js', { token: null })).status).toBe(200);
      expect((await bare.get('/', { token: null })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('test controls', () => {
  it('GET /_roomdeck/health needs no token', async () => {
    const res = await server.get('/_roomdeck/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('GET and PUT /_roomdeck/faults need the token and validate the settings', async () => {
    expect((await server.get('/_roomdeck/faults', { token: null })).status).toBe(401);
    expect(
      (await server.call('PUT', '/_roomdeck/faults', { json: { rate: 1, latencyMs: 0 }, token: 'x' })).status,
    ).toBe(401);
    expect((await server.get('/_roomdeck/faults')).body).toEqual({ rate: 0, latencyMs: 0, match: null });
    const bad = await server.call('PUT', '/_roomdeck/faults', { json: { rate: 2, latencyMs: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('body.rate');
    const missing = await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0.5 } });
    expect(missing.body.message).toBe('body.latencyMs is required');
  });

  it('injects 500s before the handler runs, only for matching URLs', async () => {
    const set = await server.call('PUT', '/_roomdeck/faults', {
      json: { rate: 1, latencyMs: 0, match: '/create' },
    });
    expect(set.body).toEqual({ rate: 1, latencyMs: 0, match: '/create' });
    try {
      const failed = await server.post(`${server.rooms('create')}?roomId=never-created`, { json: { region: 'Tokyo' } });
      expect(failed.status).toBe(500);
      expect(failed.body.message).toMatch(/^Injected fault: POST /);
      // No side effect: the room does not exist. Other routes are not affected.
      expect((await server.get(server.rooms('info', 'never-created'))).status).toBe(404);
    } finally {
      await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 0 } });
    }
    expect((await server.get('/_roomdeck/faults')).body.match).toBeNull();
    expect((await server.post(server.rooms('create'), { json: { region: 'Tokyo' } })).status).toBe(201);
  });

  it('adds latency to API requests', async () => {
    await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 30, match: null } });
    try {
      const res = await server.get(server.rooms('info', DEMO.rooms.lobbyEu));
      expect(res.status).toBe(200);
      expect(server.roomdeck.faults.settings.latencyMs).toBe(30);
    } finally {
      await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 0 } });
    }
  });

  it('takes its initial settings from ROOMDECK_FAULT_RATE and ROOMDECK_LATENCY_MS', async () => {
    const faulty = await startServer({ ROOMDECK_FAULT_RATE: '1', ROOMDECK_LATENCY_MS: '5' });
    try {
      expect((await faulty.get('/_roomdeck/faults')).body).toEqual({ rate: 1, latencyMs: 5, match: null });
      expect((await faulty.get(faulty.rooms('connectioninfo', DEMO.rooms.lobbyEu))).status).toBe(500);
      expect((await faulty.get('/_roomdeck/health')).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });
});
