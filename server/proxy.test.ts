import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { HathoraCloud } from '@hathora/cloud-sdk-typescript';
import { HTTPClient } from '@hathora/cloud-sdk-typescript/lib/http.js';
import { ApiError } from '@hathora/cloud-sdk-typescript/models/errors/apierror.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { contract } from './test/contract.ts';
import { APP_ID, type ProxyServer, startProxy, startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * Proxy mode: a local server plays the upstream (Hathora) with its own token, and a second instance in proxy
 * mode stands in front of it. The upstream records what reached it.
 */
const UPSTREAM_TOKEN = 'upstream-secret-4e1d9b77';
const DUMMY_TOKEN = 'browser-dummy-token-0a1b';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  cookie: string | undefined;
}

let upstream: TestServer;
let proxy: ProxyServer;
const received: Received[] = [];
const receivedSince = (mark: number) => received.slice(mark);

function record(server: Server, into: Received[]): void {
  server.on('request', (req: IncomingMessage) => {
    into.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
  });
}

/** Every response the SDK gets, kept to prove the upstream token never appears in one. */
const sdkAnswers: string[] = [];
function sdkThrough(base: string, token?: string): HathoraCloud {
  const httpClient = new HTTPClient({
    fetcher: async (input, init) => {
      const res = await fetch(input, init);
      sdkAnswers.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.clone().text()}`);
      return res;
    },
  });
  return new HathoraCloud({
    appId: APP_ID,
    serverURL: `${base}/api`,
    httpClient,
    ...(token ? { hathoraDevToken: token } : {}),
  });
}

const rooms = (op: string, id?: string) => `/api/rooms/v2/${APP_ID}/${op}${id === undefined ? '' : `/${id}`}`;

beforeAll(async () => {
  upstream = await startServer({ ROOMDECK_TOKEN: UPSTREAM_TOKEN });
  record(upstream.roomdeck.app.server, received);
  proxy = await startProxy(`${upstream.base}/api`, UPSTREAM_TOKEN);
});
afterAll(async () => {
  // The upstream token never left the proxy, whatever was asked in this file.
  for (const answer of [...proxy.answers, ...sdkAnswers]) expect(answer).not.toContain(UPSTREAM_TOKEN);
  await proxy.close();
  await upstream.close();
});

describe('the official SDK through the proxy', () => {
  it('runs the whole room lifecycle with no token; the upstream sees only the upstream token', async () => {
    const mark = received.length;
    const sdk = sdkThrough(proxy.base);
    const created = await sdk.roomsV2.createRoom({ region: 'London', roomConfig: '{"via":"proxy"}' });
    const { roomId, processId } = created;
    expect(created.status).toBe('starting');

    await waitFor(
      () => sdk.roomsV2.getConnectionInfo(roomId),
      (c) => c.status === 'active',
      'the room to become active through the proxy',
    );
    expect(await sdk.roomsV2.getRoomInfo(roomId)).toMatchObject({
      roomId,
      status: 'active',
      roomConfig: '{"via":"proxy"}',
    });
    expect((await sdk.roomsV2.getActiveRoomsForProcess(processId)).map((r) => r.roomId)).toContain(roomId);
    await sdk.roomsV2.updateRoomConfig(roomId, { roomConfig: 'v2' });
    await sdk.roomsV2.suspendRoomV2Deprecated(roomId);
    expect((await sdk.roomsV2.getInactiveRoomsForProcess(processId)).map((r) => r.roomId)).toContain(roomId);
    expect(await sdk.roomsV2.resumeRoom(roomId)).toMatchObject({ roomId });
    await sdk.roomsV2.destroyRoom(roomId);
    expect((await sdk.roomsV2.getRoomInfo(roomId)).status).toBe('destroyed');
    expect((await sdk.processesV1.getRunningProcesses()).map((p) => p.processId)).toContain(DEMO.processes.seattle);
    expect((await sdk.processesV1.getStoppedProcesses()).map((p) => p.processId)).toContain(DEMO.processes.stopped);
    expect((await sdk.processesV1.getProcessInfoDeprecated(processId)).processId).toBe(processId);

    const calls = receivedSince(mark);
    expect(calls.length).toBeGreaterThanOrEqual(12);
    for (const call of calls) {
      const isPublic = call.url.includes('/connectioninfo/');
      expect(call.authorization, `${call.method} ${call.url}`).toBe(isPublic ? undefined : `Bearer ${UPSTREAM_TOKEN}`);
    }
  });

  it('never forwards the Authorization header or cookies the client sends', async () => {
    const mark = received.length;
    const sdk = sdkThrough(proxy.base, DUMMY_TOKEN);
    expect((await sdk.roomsV2.getRoomInfo(DEMO.rooms.lobbyEu)).roomId).toBe(DEMO.rooms.lobbyEu);
    await proxy.call('GET', rooms('info', DEMO.rooms.lobbyEu), { headers: { cookie: 'tracking=1' } });
    const calls = receivedSince(mark);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
      expect(call.cookie).toBeUndefined();
    }
  });

  it("keeps the upstream's error status and JSON body (the SDK's ApiError)", async () => {
    const error = await sdkThrough(proxy.base)
      .roomsV2.getRoomInfo('no-such-room')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).statusCode).toBe(404);
    expect((error as ApiError).message).toContain('no-such-room');
    const direct = await upstream.get(rooms('info', 'no-such-room'));
    const proxied = await proxy.call('GET', rooms('info', 'no-such-room'));
    expect(proxied.status).toBe(404);
    expect(proxied.headers.get('content-type')).toMatch(/^application\/json/);
    expect(proxied.body).toEqual(direct.body);
  });
});

describe('what is forwarded', () => {
  let mark: number;
  beforeEach(() => {
    mark = received.length;
  });

  it('answers like the contract and passes the query string through', async () => {
    const tokyo = await proxy.call('GET', `/api/processes/v1/${APP_ID}/list/running?region=Tokyo`);
    expect(tokyo.status).toBe(200);
    contract.check(
      'GET',
      `/api/processes/v1/${APP_ID}/list/running`,
      tokyo.status,
      tokyo.headers.get('content-type'),
      tokyo.body,
    );
    expect(tokyo.body.length).toBeGreaterThan(0);
    expect(tokyo.body.every((p: { region: string }) => p.region === 'Tokyo')).toBe(true);
    expect(receivedSince(mark).map((c) => c.url)).toEqual([`/api/processes/v1/${APP_ID}/list/running?region=Tokyo`]);

    const created = await proxy.call('POST', `${rooms('create')}?roomId=proxy-custom-id`, {
      json: { region: 'Sydney' },
    });
    expect(created.status).toBe(201);
    expect(created.body.roomId).toBe('proxy-custom-id');
    const destroyed = await proxy.call('POST', rooms('destroy', 'proxy-custom-id'));
    expect(destroyed.status).toBe(204);
    expect(destroyed.text).toBe('');
  });

  it.each([
    ['GET', '/api/rooms/v2/unknown', 404, 'No API route GET /api/rooms/v2/unknown'],
    ['GET', '/api/admin/tokens', 404, 'No API route'],
    ['DELETE', `/api/rooms/v2/${APP_ID}/info/${DEMO.rooms.lobbyEu}`, 405, 'use GET'],
    ['GET', `/api/rooms/v2/${APP_ID}/destroy/${DEMO.rooms.lobbyEu}`, 405, 'use POST'],
    ['OPTIONS', rooms('create'), 405, 'use POST'],
    ['GET', `/api/rooms/v2/${APP_ID}/info/a%2Fb`, 400, 'params.roomId'],
    ['GET', `/api/processes/v1/${APP_ID}/list/running?region=Atlantis`, 400, 'query.region must be one of'],
  ])('refuses %s %s (%i) without asking the upstream', async (method, path, status, message) => {
    const res = await proxy.call(method, path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.message).toContain(message);
    expect(receivedSince(mark)).toEqual([]);
  });

  it('refuses dot segments without asking the upstream', async () => {
    // Sent raw: fetch would resolve `..` itself before sending.
    for (const id of ['..', '.', '%2e%2e', '%2E.']) {
      const res = await rawGet(proxy.base, `/api/rooms/v2/${APP_ID}/info/${id}`, {});
      expect(res.status, id).toBe(400);
      expect(JSON.parse(res.body).message, id).toBe("params.roomId must contain only letters, digits, '_' and '-'");
    }
    expect(receivedSince(mark)).toEqual([]);
  });

  it('forwards no HEAD (not a documented method)', async () => {
    expect((await proxy.call('HEAD', rooms('connectioninfo', DEMO.rooms.lobbyEu))).status).toBe(405);
    expect(receivedSince(mark)).toEqual([]);
  });

  it('refuses an invalid body without asking the upstream', async () => {
    const res = await proxy.call('POST', rooms('create'), {
      json: { region: 'Seattle', roomConfig: 'x'.repeat(10001) },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('body.roomConfig must NOT have more than 10000 characters');
    expect(receivedSince(mark)).toEqual([]);
  });

  it('refuses cross-site browser requests and foreign Host names, and sends no CORS headers', async () => {
    const destroy = rooms('destroy', DEMO.rooms.lobbyEu);
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
    ];
    for (const headers of crossSite) {
      const res = await proxy.call('POST', destroy, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.message).toBe('Cross-site request refused: only the pages of this Roomdeck may use its API');
    }
    // DNS rebinding: a hostile name that resolves to 127.0.0.1 is still not a loopback Host.
    const rebound = await rawGet(proxy.base, rooms('info', DEMO.rooms.lobbyEu), { host: 'evil.example:8080' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain('answers only as localhost or 127.0.0.1');
    expect(receivedSince(mark)).toEqual([]);

    const sameOrigin = await proxy.call('GET', rooms('info', DEMO.rooms.lobbyEu), {
      headers: { 'sec-fetch-site': 'same-origin', origin: proxy.base },
    });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();
    expect((await rawGet(proxy.base, rooms('info', DEMO.rooms.lobbyEu), { host: 'localhost' })).status).toBe(200);
  });

  it('serves the dashboard config with no token', async () => {
    const res = await proxy.call('GET', '/roomdeck-config.js');
    expect(res.text).toBe(
      `window.__ROOMDECK__ = ${JSON.stringify({ apiBaseUrl: '/api', appId: APP_ID, mode: 'proxy', upstream: `${upstream.base}/api` })};`,
    );
    expect((await proxy.call('GET', '/_roomdeck/health')).body).toEqual({ ok: true });
    expect((await proxy.call('PUT', '/_roomdeck/faults', { json: { rate: 1, latencyMs: 0 } })).status).toBe(404);
  });
});

describe('a failing upstream', () => {
  it('down: 502 with a clear message', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');

    const down = await startProxy(`http://127.0.0.1:${port}/api`, UPSTREAM_TOKEN);
    try {
      const res = await down.call('GET', rooms('info', 'any-room'));
      expect(res.status).toBe(502);
      expect(res.body).toEqual({
        message: `Could not reach upstream http://127.0.0.1:${port}/api: connection refused`,
      });
      const dns = await startProxy('http://roomdeck-no-such-host.invalid', UPSTREAM_TOKEN);
      try {
        const missing = await dns.call('GET', rooms('info', 'any-room'));
        expect(missing.status).toBe(502);
        expect(missing.body.message).toMatch(/^Could not reach upstream http:\/\/roomdeck-no-such-host\.invalid: /);
        expect(missing.text).not.toContain(UPSTREAM_TOKEN);
      } finally {
        await dns.close();
      }
    } finally {
      await down.close();
    }
  });

  it('hanging: 504 after ROOMDECK_UPSTREAM_TIMEOUT_MS', async () => {
    const hanging = createServer(() => {
      // never answers
    });
    hanging.listen(0, '127.0.0.1');
    await once(hanging, 'listening');
    const { port } = hanging.address() as AddressInfo;
    const slow = await startProxy(`http://127.0.0.1:${port}`, UPSTREAM_TOKEN, { ROOMDECK_UPSTREAM_TIMEOUT_MS: '300' });
    try {
      const started = Date.now();
      const res = await slow.call('POST', rooms('create'), { json: { region: 'Seattle' } });
      expect(res.status).toBe(504);
      expect(res.body).toEqual({ message: `Upstream http://127.0.0.1:${port} did not answer within 0.3 s` });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await slow.close();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  describe('odd answers', () => {
    let odd: Server;
    let oddBase: string;
    let oddProxy: ProxyServer;
    /** A token with characters JSON and URLs escape. */
    const SLASH_TOKEN = 'slash/token+4e1d9b77=~';
    let slashProxy: ProxyServer;
    const encodings: (string | undefined)[] = [];
    const NOT_JSON: Record<string, [string | undefined, string]> = {
      'html-ok': ['text/html; charset=utf-8', '<script>alert(document.cookie)</script>'],
      plain: ['text/plain', '{"looks":"like JSON"}'],
      untyped: [undefined, '<script>alert(1)</script>'],
      'json-broken': ['application/json', '{"roomId": <script>'],
      'json-lookalike': ['application/jsonp', '{"roomId":"x"}'],
    };
    const RETRY_AFTER: Record<string, string> = {
      'retry-seconds': '120',
      'retry-date': 'Wed, 21 Oct 2026 07:28:00 GMT',
      'retry-negative': '-5',
      'retry-fraction': '1.5',
      'retry-junk': `30, ${UPSTREAM_TOKEN}`,
      'retry-bad-date': 'tomorrow morning',
    };

    /** Writes JSON-ish bytes until the client goes away; resolves how many bytes the upstream managed to write. */
    let endlessWritten: Promise<number>;
    function endless(res: import('node:http').ServerResponse): void {
      let written = 0;
      endlessWritten = new Promise((resolve) => res.on('close', () => resolve(written)));
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('[');
      const pump = () => {
        while (!res.destroyed && written < 1024 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return;
        }
      };
      res.on('drain', pump);
      pump();
    }
    beforeAll(async () => {
      odd = createServer((req, res) => {
        const room = req.url?.split('/').pop();
        if (room === 'echo') {
          res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1', connection: 'close' });
          res.end(JSON.stringify({ roomId: 'echo', youSent: req.headers.authorization }));
        } else if (room === 'expired') {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'Token expired' }));
        } else if (room === 'html') {
          res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/html', 'retry-after': '30' });
          res.end('<html><body>Maintenance</body></html>');
        } else if (room !== undefined && room in NOT_JSON) {
          const [type, body] = NOT_JSON[room] as [string | undefined, string];
          res.writeHead(200, type === undefined ? {} : { 'content-type': type });
          res.end(body);
        } else if (room === 'empty') {
          res.writeHead(204);
          res.end();
        } else if (room === 'endless') {
          endless(res);
        } else if (room === 'bomb') {
          encodings.push(req.headers['accept-encoding']);
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(gzipBomb());
        } else if (room === 'forms') {
          const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          res.writeHead(503, `Down ${token}`, {
            'content-type': 'application/json',
            'retry-after': token,
            'x-echo': token,
            'www-authenticate': `Bearer ${token}`,
          });
          res.end(tokenForms(token));
        } else if (room === 'refused-forms') {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(tokenForms((req.headers.authorization ?? '').replace(/^Bearer /, '')));
        } else if (room === 'duplicate') {
          const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"roomId":"${token}","roomId":"duplicate"}`);
        } else if (room === 'reason') {
          const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          res.writeHead(500, `Failed for ${token}`, { 'content-type': 'text/plain' });
          res.end('failed');
        } else if (room?.startsWith('retry-')) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': RETRY_AFTER[room] ?? '' });
          res.end(JSON.stringify({ message: 'Slow down' }));
        } else {
          res.writeHead(301, { location: 'https://elsewhere.example/' });
          res.end();
        }
      });
      odd.listen(0, '127.0.0.1');
      await once(odd, 'listening');
      oddBase = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
      oddProxy = await startProxy(oddBase, UPSTREAM_TOKEN);
      slashProxy = await startProxy(oddBase, SLASH_TOKEN);
    });
    afterAll(async () => {
      for (const answer of oddProxy.answers) expect(answer).not.toContain(UPSTREAM_TOKEN);
      for (const answer of slashProxy.answers) expect(answer).not.toContain(SLASH_TOKEN);
      await oddProxy.close();
      await slashProxy.close();
      odd.closeAllConnections();
      odd.close();
    });

    it('never passes on the token, cookies or hop-by-hop headers of an upstream answer', async () => {
      const res = await oddProxy.call('GET', rooms('info', 'echo'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ roomId: 'echo', youSent: 'Bearer [redacted]' });
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('connection')).not.toBe('close');
    });

    it('turns a refused upstream token into 502, not a 401 that would send people to sign in', async () => {
      const res = await oddProxy.call('GET', rooms('info', 'expired'));
      expect(res.status).toBe(502);
      expect(res.body.message).toContain("refused this Roomdeck's token (401: Token expired)");
      expect(res.body.message).toContain('ROOMDECK_UPSTREAM_TOKEN');
    });

    it('keeps the status of a non-JSON error and explains it as JSON, without the reason phrase', async () => {
      const res = await oddProxy.call('GET', rooms('info', 'html'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(res.body).toEqual({
        message: `Upstream ${oddBase} answered 503 without a JSON message (content type "text/html")`,
      });
    });

    it('answers a successful upstream answer that is not JSON with 502 JSON, never passing the body on', async () => {
      for (const [room, [type]] of Object.entries(NOT_JSON)) {
        const res = await oddProxy.call('GET', rooms('info', room));
        expect(res.status, room).toBe(502);
        expect(res.headers.get('content-type'), room).toMatch(/^application\/json/);
        expect(res.body, room).toEqual({
          message: `Upstream ${oddBase} answered 200 with a body that is not JSON (${type === undefined ? 'no content type' : `content type "${type.split(';')[0]}"`})`,
        });
        expect(res.text, room).not.toContain('<script>');
      }
    });

    it('marks every /api answer nosniff with a CSP that loads nothing, also empty, error and refused ones', async () => {
      const answers = [
        await oddProxy.call('GET', rooms('info', 'empty')),
        await oddProxy.call('GET', rooms('info', 'echo')),
        await oddProxy.call('GET', rooms('info', 'html-ok')),
        await oddProxy.call('GET', rooms('info', 'expired')),
      ];
      const readOnly = await startProxy(oddBase, UPSTREAM_TOKEN, { ROOMDECK_READ_ONLY: '1' });
      try {
        answers.push(await readOnly.call('POST', rooms('destroy', 'echo')));
      } finally {
        await readOnly.close();
      }
      answers.push(await oddProxy.call('POST', rooms('create'), { json: { region: 'Atlantis' } }));
      expect(answers.map((a) => a.status)).toEqual([204, 200, 502, 502, 403, 400]);
      expect(answers[0]?.text).toBe('');
      for (const res of answers) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      }
    });

    it('refuses an answer over 16 MiB with 502 and stops reading it', async () => {
      const res = await oddProxy.call('GET', rooms('info', 'endless'));
      expect(res.status).toBe(502);
      expect(res.body).toEqual({
        message: `Upstream ${oddBase} answered more than 16 MiB; this Roomdeck refuses larger answers`,
      });
      // The upstream's answer was cut: it never got to write much more than the limit (plus socket buffers).
      expect(await endlessWritten).toBeLessThan(64 * 1024 * 1024);
    });

    it('asks for identity and refuses a gzip bomb with bounded memory', async () => {
      gzipBomb(); // built before measuring
      const before = process.memoryUsage().rss;
      const res = await oddProxy.call('GET', rooms('info', 'bomb'));
      const grown = process.memoryUsage().rss - before;
      expect(res.status).toBe(502);
      expect(res.body.message).toBe(
        `Upstream ${oddBase} answered with content encoding "gzip" although asked for identity; this Roomdeck does not inflate upstream answers`,
      );
      expect(encodings).toEqual(['identity']);
      expect(grown).toBeLessThan(40 * 1024 * 1024);
    });

    it('redacts the token in every form: JSON-escaped, percent-encoded, base64, headers, reason phrase', async () => {
      for (const [via, token] of [
        [oddProxy, UPSTREAM_TOKEN],
        [slashProxy, SLASH_TOKEN],
      ] as const) {
        const res = await via.call('GET', rooms('info', 'forms'));
        expect(res.status).toBe(503);
        const answer = via.answers.at(-1) ?? '';
        for (const form of forms(token)) expect(answer).not.toContain(form);
        // Decoded, too: no JSON escape of the token survives.
        expect(JSON.stringify(res.body)).not.toContain(token);
        expect(res.body.message).toBe('[redacted] [redacted] [redacted] [redacted] [redacted]');
        expect(res.headers.get('x-echo')).toBeNull();
        expect(res.headers.get('www-authenticate')).toBeNull();
        expect(res.headers.get('retry-after')).toBeNull();

        const refused = await via.call('GET', rooms('info', 'refused-forms'));
        expect(refused.status).toBe(502);
        expect(refused.body.message).toContain(
          "refused this Roomdeck's token (401: [redacted] [redacted] [redacted] [redacted] [redacted])",
        );
        expect(JSON.stringify(refused.body)).not.toContain(token);

        // JSON.parse keeps a duplicate key's last value; the first one, with the token, must not pass either.
        const duplicate = await via.call('GET', rooms('info', 'duplicate'));
        expect(duplicate.status).toBe(200);
        expect(duplicate.text).toBe('{"roomId":"duplicate"}');

        const reason = await via.call('GET', rooms('info', 'reason'));
        expect(reason.status).toBe(500);
        expect(reason.body).toEqual({
          message: expect.stringMatching(/answered 500 without a JSON message \(content type "text\/plain"\)$/),
        });
        expect(via.answers.at(-1)).not.toContain(token);
      }
    });

    it('passes Retry-After on only as seconds or an HTTP date', async () => {
      const passed: Record<string, string | null> = {};
      for (const room of Object.keys(RETRY_AFTER)) {
        const res = await oddProxy.call('GET', rooms('info', room));
        expect(res.status, room).toBe(429);
        passed[room] = res.headers.get('retry-after');
      }
      expect(passed).toEqual({
        'retry-seconds': '120',
        'retry-date': 'Wed, 21 Oct 2026 07:28:00 GMT',
        'retry-negative': null,
        'retry-fraction': null,
        'retry-junk': null,
        'retry-bad-date': null,
      });
    });

    it('does not follow redirects', async () => {
      const res = await oddProxy.call('GET', rooms('info', 'moved'));
      expect(res.status).toBe(502);
      expect(res.body.message).toContain('answered 301 (a redirect)');
    });
  });
});

describe('read-only mode', () => {
  it('refuses every change with 403 and forwards reads', async () => {
    const readOnly = await startProxy(`${upstream.base}/api`, UPSTREAM_TOKEN, { ROOMDECK_READ_ONLY: '1' });
    try {
      const mark = received.length;
      const changes: [string, unknown?][] = [
        [rooms('create'), { region: 'Seattle' }],
        [rooms('destroy', DEMO.rooms.lobbyEu)],
        [rooms('suspend', DEMO.rooms.lobbyEu)],
        [rooms('resume', DEMO.rooms.lobbyEu)],
        [rooms('update', DEMO.rooms.lobbyEu), { roomConfig: 'x' }],
      ];
      for (const [path, json] of changes) {
        const res = await readOnly.call('POST', path, { json });
        expect(res.status, path).toBe(403);
        expect(res.body.message).toMatch(/^This Roomdeck is read-only \(ROOMDECK_READ_ONLY=1\): it refuses \w+ /);
      }
      expect(receivedSince(mark)).toEqual([]);
      expect((await readOnly.call('GET', rooms('info', DEMO.rooms.lobbyEu))).status).toBe(200);
      expect((await readOnly.call('GET', '/roomdeck-config.js')).text).toContain('"readOnly":true');
    } finally {
      await readOnly.close();
    }
  });
});

describe('connectioninfo of a suspended room (Hathora reschedules it)', () => {
  const ACCESS_TOKEN = 'access-token-proxy-3d8e5a1c';
  const NOT_SIGNED_IN = 'will not resume it for a visitor who is not signed in: sign in at /_roomdeck/signin';
  let suspended: string;
  let active: string;
  const calls = (mark: number) => receivedSince(mark).map((c) => `${c.method} ${c.url.split('/').slice(-2, -1)[0]}`);

  async function createActive(): Promise<string> {
    const created = await upstream.post(upstream.rooms('create'), { json: { region: 'Seattle' } });
    expect(created.status).toBe(201);
    const { roomId } = created.body as { roomId: string };
    await waitFor(
      () => upstream.get(upstream.rooms('info', roomId)),
      (r) => r.body.status === 'active',
      `room ${roomId} to become active`,
    );
    return roomId;
  }

  beforeAll(async () => {
    suspended = await createActive();
    expect((await upstream.post(upstream.rooms('suspend', suspended))).status).toBe(204);
    active = await createActive();
  });

  async function expectRefused(via: ProxyServer, why: string, options: { session?: string } = {}) {
    const mark = received.length;
    const res = await via.call('GET', rooms('connectioninfo', suspended), options);
    expect(res.status).toBe(409);
    expect(res.body.message.startsWith(`Room ${suspended} is suspended; this Roomdeck ${why}`), res.body.message).toBe(
      true,
    );
    // Only the room's info was asked (with the token), never connectioninfo; the room stays suspended.
    expect(calls(mark)).toEqual(['GET info']);
    expect(receivedSince(mark)[0]?.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    expect((await upstream.get(upstream.rooms('info', suspended))).body.status).toBe('suspended');
  }

  it('read-only: refused with 409 without calling connectioninfo; other rooms are forwarded', async () => {
    const readOnly = await startProxy(`${upstream.base}/api`, UPSTREAM_TOKEN, { ROOMDECK_READ_ONLY: '1' });
    try {
      await expectRefused(readOnly, 'is read-only (ROOMDECK_READ_ONLY=1) and will not resume it: ');
      const mark = received.length;
      const res = await readOnly.call('GET', rooms('connectioninfo', active));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ roomId: active, status: 'active' });
      expect(calls(mark)).toEqual(['GET info', 'GET connectioninfo']);
      const unknown = await readOnly.call('GET', rooms('connectioninfo', 'no-such-room'));
      expect(unknown.status).toBe(404);
    } finally {
      await readOnly.close();
    }
  });

  it('access control: refused without a session, forwarded with one', async () => {
    const guarded = await startProxy(`${upstream.base}/api`, UPSTREAM_TOKEN, { ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN });
    try {
      await expectRefused(guarded, NOT_SIGNED_IN);
      await expectRefused(guarded, NOT_SIGNED_IN, { session: 'forged-session-id' });

      const signIn = await fetch(`${guarded.base}/_roomdeck/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: ACCESS_TOKEN }).toString(),
        redirect: 'manual',
      });
      const session = /roomdeck_session=([^;]+);/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
      expect(session, `sign-in answered ${signIn.status}`).toBeDefined();
      const mark = received.length;
      await guarded.call('GET', rooms('connectioninfo', suspended), { session });
      expect(calls(mark)).toEqual(['GET connectioninfo']);
    } finally {
      await guarded.close();
    }
  });
});

/** A GET with the path exactly as given (no `..` resolution) and a chosen Host header, which fetch does not allow. */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let bomb: Buffer | undefined;
/** 100 MB of zeros, gzipped (about 100 kB). */
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
  return bomb;
}

/** The token as an upstream could encode it: raw, percent-encoded (both cases), base64 (standard, URL-safe). */
function forms(token: string): string[] {
  const encoded = encodeURIComponent(token);
  return [
    token,
    encoded,
    encoded.toLowerCase(),
    Buffer.from(token).toString('base64').replace(/=+$/, ''),
    Buffer.from(token).toString('base64url'),
  ];
}

/** A JSON body that holds the token five ways: \u-escaped, with `\/`, percent-encoded, base64, base64url. */
function tokenForms(token: string): string {
  const unicode = [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const slashed = JSON.stringify(token).slice(1, -1).replaceAll('/', '\\/');
  const [, encoded, , base64, base64url] = forms(token);
  return `{"message":"${unicode} ${slashed} ${encoded} ${base64} ${base64url}"}`;
}
