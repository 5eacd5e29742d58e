import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { startServer, TEST_TOKEN, type TestServer } from './test/harness.ts';
import { type RawRequest, rawRequest } from './test/rawHttp.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Every error is JSON {"message"} with a non-empty message. */
function expectError(res: { status: number; headers: Headers; body: unknown }, status: number, ...mentions: string[]) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({ message: expect.any(String) });
  const { message } = res.body as { message: string };
  for (const m of mentions) expect(message).toContain(m);
  expect(message).not.toContain(TEST_TOKEN);
}

describe('validation (400)', () => {
  it('roomConfig over 10,000 characters, on create and on update', async () => {
    const long = 'x'.repeat(10_001);
    expectError(
      await server.post(server.rooms('create'), { json: { region: 'Seattle', roomConfig: long } }),
      400,
      'body.roomConfig',
      '10000',
    );
    expectError(
      await server.post(server.rooms('update', DEMO.rooms.lobbyEu), { json: { roomConfig: long } }),
      400,
      'body.roomConfig',
    );
    const max = await server.post(server.rooms('create'), {
      json: { region: 'Seattle', roomConfig: 'y'.repeat(10_000) },
    });
    expect(max.status).toBe(201);
  });

  it('a bad roomId in the query or the path', async () => {
    expectError(
      await server.post(`${server.rooms('create')}?roomId=bad%20id!`, { json: { region: 'Seattle' } }),
      400,
      'query.roomId',
      "letters, digits, '_' and '-'",
    );
    expectError(
      await server.post(`${server.rooms('create')}?roomId=${'a'.repeat(101)}`, { json: { region: 'Seattle' } }),
      400,
      'query.roomId',
      '100',
    );
    expectError(await server.post(`${server.rooms('create')}?roomId=`, { json: { region: 'Seattle' } }), 400, 'roomId');
    expectError(await server.get(server.rooms('info', 'no.dots')), 400, 'params.roomId');
    expectError(await server.get(server.rooms('connectioninfo', 'x'.repeat(101))), 400, 'params.roomId');
    // Of any length up to what the request head can hold, for GETs and POSTs alike.
    for (const length of [1001, 5000, 15_000]) {
      expectError(await server.get(server.rooms('info', 'x'.repeat(length))), 400, 'params.roomId', '100');
      expectError(await server.post(server.rooms('destroy', 'x'.repeat(length))), 400, 'params.roomId');
      expectError(await server.get(`/api/processes/v1/${'a'.repeat(length)}/list/running`), 400, 'params.appId');
    }
  });

  it('region missing, unknown, or of the wrong type; wrong field types are not coerced', async () => {
    expectError(await server.post(server.rooms('create'), { json: {} }), 400, 'body.region is required');
    expectError(await server.post(server.rooms('create'), { json: { region: 'Mars' } }), 400, 'body.region', 'Seattle');
    expectError(
      await server.post(server.rooms('create'), { json: { region: 'Seattle', roomConfig: 5 } }),
      400,
      'body.roomConfig must be string',
    );
    expectError(await server.post(server.rooms('update', DEMO.rooms.lobbyEu), { json: {} }), 400, 'roomConfig');
    expectError(
      await server.post(server.rooms('create'), { json: { region: 'Seattle', clientIPs: [1] } }),
      400,
      'body.clientIPs[0]',
    );
    expectError(await server.get(server.processes('list/running?region=Atlantis')), 400, 'query.region', 'Tokyo');
  });

  it('the body is not a JSON object, or not JSON at all', async () => {
    expectError(await server.post(server.rooms('create'), { json: ['Seattle'] }), 400, 'JSON object');
    expectError(await server.post(server.rooms('create'), { json: null }), 400, 'JSON object');
    expectError(
      await server.post(server.rooms('create'), { raw: '{"region": "Seattle",', contentType: 'application/json' }),
      400,
      'not valid JSON',
    );
    expectError(
      await server.post(server.rooms('create'), {
        raw: '{"region":"Seattle","__proto__":{"x":1}}',
        contentType: 'application/json',
      }),
      400,
      '__proto__',
    );
    // No body at all on a route that needs one.
    expectError(await server.post(server.rooms('create')), 400, 'JSON object');
    expectError(await server.post(server.rooms('create'), { contentType: 'application/json' }), 400, 'JSON object');
  });

  it('a body nested deeper than 64 levels, even in an unknown field (the proxy would overflow the stack)', async () => {
    const nested = (depth: number) => `{"region":"Seattle","extra":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const raw = (depth: number) => ({ raw: nested(depth), contentType: 'application/json' });
    expect((await server.post(server.rooms('create'), raw(64))).status).toBe(201);
    expectError(await server.post(server.rooms('create'), raw(65)), 400, 'nested deeper than 64 levels');
    expectError(await server.post(server.rooms('create'), raw(10_000)), 400, 'nested deeper than 64 levels');
    // Brackets inside strings do not count.
    const config = '['.repeat(5000);
    expect(
      (await server.post(server.rooms('create'), { json: { region: 'Seattle', roomConfig: config } })).status,
    ).toBe(201);
  });

  it('unknown fields are ignored', async () => {
    const res = await server.post(server.rooms('create'), {
      json: { region: 'Seattle', roomConfig: 'c', nested: { deep: [1, 2] }, roomId: 'ignored' },
    });
    expect(res.status).toBe(201);
    expect(res.body.roomId).not.toBe('ignored');
  });
});

describe('bodies without content', () => {
  it('POST destroy/suspend/resume with no body, an empty JSON body, or an ignored JSON body', async () => {
    const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'London' } })).body;
    expect((await server.post(server.rooms('suspend', roomId), { contentType: 'application/json' })).status).toBe(204);
    expect((await server.post(server.rooms('resume', roomId), { json: {} })).status).toBe(200);
    expect((await server.post(server.rooms('destroy', roomId), { contentType: 'text/plain' })).status).toBe(204);
  });
});

describe('413 and 415', () => {
  it('refuses a body over 64 KiB with 413 naming the limit', async () => {
    const raw = JSON.stringify({ region: 'Seattle', roomConfig: 'z'.repeat(70_000) });
    expectError(
      await server.post(server.rooms('create'), { raw, contentType: 'application/json' }),
      413,
      '65536 bytes',
    );
    expectError(
      await server.post(server.rooms('update', DEMO.rooms.lobbyEu), { raw, contentType: 'application/json' }),
      413,
    );
  });

  it('refuses a body that is not JSON with 415', async () => {
    expectError(
      await server.post(server.rooms('create'), {
        raw: 'region=Seattle',
        contentType: 'application/x-www-form-urlencoded',
      }),
      415,
      'application/x-www-form-urlencoded',
      'application/json',
    );
    expectError(
      await server.post(server.rooms('update', DEMO.rooms.lobbyEu), { raw: 'hello', contentType: 'text/plain' }),
      415,
    );
  });
});

/** Sends bytes exactly as given (fetch would normalise the URL and refuse bad headers). */
async function raw(request: RawRequest) {
  const res = await rawRequest(Number(new URL(server.base).port), request);
  const text = res.body.toString();
  return { status: res.status, headers: new Headers(res.headers), body: JSON.parse(text) as unknown, text };
}

describe('malformed HTTP', () => {
  it("answers what Node's parser refuses with JSON {message}: bad method, bad header, broken framing", async () => {
    const info = server.rooms('info', DEMO.rooms.lobbyEu);
    expectError(await raw({ method: 'G3T', target: info }), 400, 'Malformed HTTP request', 'method');
    expectError(
      await raw({ method: 'GET', target: info, headers: [['Authorization', `Bearer ${TEST_TOKEN}\x00`]] }),
      400,
      'Malformed HTTP request',
    );
    const chunked = Buffer.from(
      `POST ${server.rooms('create')} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ${TEST_TOKEN}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    );
    expectError(await raw({ method: 'POST', target: '', raw: chunked }), 400, 'Malformed HTTP request');
  });

  it('answers a path that is not valid percent-encoding with 400', async () => {
    for (const id of ['%', '%zz', '%C0%AF', '%E0%A4%A']) {
      expectError(await raw({ method: 'GET', target: server.rooms('info', id) }), 400, 'Malformed URL', id);
    }
    expectError(await raw({ method: 'GET', target: '/assets/%' }), 400, 'Malformed URL');
  });

  it('answers CONNECT with 405 (Node would drop the connection unanswered)', async () => {
    expectError(await raw({ method: 'CONNECT', target: '127.0.0.1:443' }), 405, 'CONNECT');
  });

  it('needs exactly one Host header in HTTP/1.1 (RFC 9112)', async () => {
    const info = server.rooms('info', DEMO.rooms.lobbyEu);
    const request = (...headers: string[]) =>
      raw({
        method: 'GET',
        target: info,
        raw: Buffer.from(
          [`GET ${info} HTTP/1.1`, 'Connection: close', `Authorization: Bearer ${TEST_TOKEN}`, ...headers, '', ''].join(
            '\r\n',
          ),
        ),
      });
    expectError(await request(), 400, 'exactly one Host header', 'has 0');
    expectError(await request('Host: a', 'host: b'), 400, 'has 2');
    expect((await request('Host: localhost')).status).toBe(200);
  });

  it('answers a request head over 16 KiB with 431', async () => {
    const long = 'a'.repeat(17 * 1024);
    expectError(await raw({ method: 'GET', target: server.rooms('info', long) }), 431, '16384 bytes');
    expectError(
      await raw({ method: 'GET', target: '/_roomdeck/health', headers: [['Authorization', `Bearer ${long}`]] }),
      431,
    );
  });
});

describe('auth (401)', () => {
  const routes: [string, () => string, object?][] = [
    ['POST', () => server.rooms('create'), { region: 'Seattle' }],
    ['GET', () => server.rooms('info', DEMO.rooms.lobbyEu)],
    ['GET', () => server.rooms('list', `${DEMO.processes.seattle}/active`)],
    ['GET', () => server.rooms('list', `${DEMO.processes.seattle}/inactive`)],
    ['POST', () => server.rooms('destroy', DEMO.rooms.duelSea)],
    ['POST', () => server.rooms('suspend', DEMO.rooms.duelSea)],
    ['POST', () => server.rooms('resume', DEMO.rooms.duelSea)],
    ['POST', () => server.rooms('update', DEMO.rooms.duelSea), { roomConfig: 'x' }],
    ['GET', () => server.processes('list/running')],
    ['GET', () => server.processes('list/stopped')],
    ['GET', () => server.processes(`info/${DEMO.processes.seattle}`)],
  ];

  it('answers 401 on every route but connectioninfo without a token, with a wrong one, or a malformed header', async () => {
    for (const [method, path, json] of routes) {
      expectError(await server.call(method, path(), { json, token: null }), 401, 'Authorization: Bearer');
      expectError(await server.call(method, path(), { json, token: 'wrong-token' }), 401, 'Invalid bearer token');
      expectError(await server.call(method, path(), { json, token: `${TEST_TOKEN}x` }), 401);
      expectError(
        await server.call(method, path(), { json, token: null, headers: { authorization: `Basic ${TEST_TOKEN}` } }),
        401,
        'Bearer',
      );
    }
    // Nothing was changed by the refused calls.
    expect((await server.get(server.rooms('info', DEMO.rooms.duelSea))).body.status).toBe('active');
  });

  it('answers 401 before 404 for an unknown app', async () => {
    expectError(await server.call('GET', '/api/rooms/v2/app-unknown/info/x', { token: null }), 401);
  });

  it('connectioninfo needs no token and ignores a wrong one', async () => {
    const path = server.rooms('connectioninfo', DEMO.rooms.duelSea);
    expect((await server.get(path, { token: null })).status).toBe(200);
    expect((await server.get(path, { token: 'whatever' })).status).toBe(200);
  });

  it('accepts the scheme case-insensitively', async () => {
    const res = await server.get(server.rooms('info', DEMO.rooms.lobbyEu), {
      token: null,
      headers: { authorization: `bearer ${TEST_TOKEN}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('not found (404)', () => {
  it('unknown app, room and process are 404 naming the id', async () => {
    expectError(await server.get('/api/rooms/v2/app-nope/info/demo-lobby-eu'), 404, "App 'app-nope'");
    expectError(
      await server.get('/api/rooms/v2/app-nope/connectioninfo/demo-lobby-eu', { token: null }),
      404,
      'app-nope',
    );
    expectError(await server.post('/api/rooms/v2/app-nope/create', { json: { region: 'Seattle' } }), 404, 'app-nope');
    expectError(await server.get('/api/processes/v1/app-nope/list/running'), 404, 'app-nope');
    for (const op of ['info', 'connectioninfo']) {
      expectError(await server.get(server.rooms(op, 'no-such-room')), 404, "'no-such-room'");
    }
    for (const op of ['destroy', 'suspend', 'resume']) {
      expectError(await server.post(server.rooms(op, 'no-such-room')), 404, "'no-such-room'");
    }
    expectError(await server.post(server.rooms('update', 'no-such-room'), { json: { roomConfig: '' } }), 404);
    const unknownProcess = 'cbfcddd2-0006-43ae-996c-995fff7bed2e';
    expectError(await server.get(server.rooms('list', `${unknownProcess}/active`)), 404, unknownProcess);
    expectError(await server.get(server.rooms('list', `${unknownProcess}/inactive`)), 404, unknownProcess);
    expectError(await server.get(server.processes(`info/${unknownProcess}`)), 404, unknownProcess);
  });

  it('unknown API routes are 404, a known route with the wrong method is 405 with Allow', async () => {
    expectError(await server.get('/api/rooms/v3/whatever'), 404, 'GET /api/rooms/v3/whatever');
    expectError(await server.get('/api'), 404);
    const wrong = await server.call('DELETE', server.rooms('destroy', DEMO.rooms.lobbyEu));
    expectError(wrong, 405, 'POST');
    expect(wrong.headers.get('allow')).toBe('POST');
    expectError(await server.get(server.rooms('create')), 405);
    const long = await server.post(server.rooms('list', `${DEMO.processes.seattle}/inactive`));
    expectError(long, 405, 'use GET');
    // HEAD is not a method of the API (it would run GET handlers, and connectioninfo can reschedule a room).
    const head = await server.call('HEAD', server.rooms('connectioninfo', DEMO.rooms.arenaSuspended), { token: null });
    expect(head.status).toBe(405);
    expect((await server.get(server.rooms('info', DEMO.rooms.arenaSuspended))).body.status).toBe('suspended');
    expectError(await server.call('PUT', '/_roomdeck/nothing'), 404);
  });

  it('a trailing slash is 404 saying so (not a 405 telling to use the method that was used)', async () => {
    expectError(await server.get(`${server.rooms('info', DEMO.rooms.lobbyEu)}/`), 404, 'remove the trailing slash');
    expectError(await server.post(`${server.rooms('destroy', DEMO.rooms.lobbyEu)}/`), 404, 'trailing slash');
    expect((await server.get(server.rooms('info', DEMO.rooms.lobbyEu))).body.status).toBe('active');
  });

  it('not-found messages quote at most 80 characters of the path', async () => {
    for (const path of [`/api/${'x'.repeat(10_000)}`, `/${'y'.repeat(10_000)}.txt`]) {
      const res = await server.get(path);
      expectError(res, 404, '...');
      expect(res.body.message.length).toBeLessThan(200);
    }
  });
});

describe('CORS', () => {
  it('answers preflights and allows any origin for connectioninfo only (see origin.test.ts)', async () => {
    const pre = await server.call('OPTIONS', server.rooms('connectioninfo', DEMO.rooms.lobbyEu), { token: null });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
    const res = await server.get(server.rooms('connectioninfo', DEMO.rooms.lobbyEu), { token: null });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
