// @vitest-environment node
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type TestServer } from '../../server/test/harness.ts';
import { createHathoraClient, unwrap } from './client';
import { ApiError, NOT_THE_API } from './errors';

// The dashboard's client against the real local server, started in-process: no mocked HTTP.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ ROOMDECK_PROCESS_START_MS: '50', ROOMDECK_ROOM_START_MS: '10' });
});
afterAll(() => server.close());
afterEach(async () => {
  vi.restoreAllMocks();
  await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 0, match: null } });
});

const api = (token: string | undefined = server.token, timeoutMs?: number) =>
  createHathoraClient({ baseUrl: `${server.base}/api/`, token, ...(timeoutMs ? { timeoutMs } : {}) });

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('Hathora client', () => {
  it('sends the bearer token and returns typed data', async () => {
    const client = api();
    const created = await unwrap(
      client.POST('/rooms/v2/{appId}/create', {
        params: { path: { appId: server.appId }, query: {} },
        body: { region: 'Chicago', roomConfig: '{"mode":"client-test"}' },
      }),
    );
    const room = await unwrap(
      client.GET('/rooms/v2/{appId}/info/{roomId}', {
        params: { path: { appId: server.appId, roomId: created.roomId } },
      }),
    );
    expect(room).toMatchObject({ roomId: created.roomId, roomConfig: '{"mode":"client-test"}' });
    expect(room.allocations[0]?.processId).toBe(created.processId);
  });

  it('sends no token on connectioninfo, the one public route', async () => {
    const realFetch = globalThis.fetch;
    const seen: { url: string; authorization: string | null }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const request = input as Request;
      seen.push({ url: request.url, authorization: request.headers.get('authorization') });
      return realFetch(input, init);
    });
    const client = api();
    const created = await unwrap(
      client.POST('/rooms/v2/{appId}/create', {
        params: { path: { appId: server.appId }, query: {} },
        body: { region: 'London' },
      }),
    );
    const info = await unwrap(
      client.GET('/rooms/v2/{appId}/connectioninfo/{roomId}', {
        params: { path: { appId: server.appId, roomId: created.roomId } },
      }),
    );
    expect(info.roomId).toBe(created.roomId);
    expect(seen.map((s) => [s.url.includes('/connectioninfo/'), s.authorization])).toEqual([
      [false, `Bearer ${server.token}`],
      [true, null],
    ]);
  });

  it('turns an API error into ApiError with the status and the API message, never the token', async () => {
    const error = await failure(
      unwrap(
        api('wrong-token').GET('/processes/v1/{appId}/list/running', { params: { path: { appId: server.appId } } }),
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, kind: 'http' });
    expect((error as ApiError).message).not.toContain('wrong-token');

    const missing = await failure(
      unwrap(
        api().GET('/rooms/v2/{appId}/info/{roomId}', {
          params: { path: { appId: server.appId, roomId: 'no-such-room' } },
        }),
      ),
    );
    expect(missing).toMatchObject({ status: 404, isNotFound: true });
    expect((missing as ApiError).message).toContain('no-such-room');
  });

  it('turns a 500 into ApiError with the server message', async () => {
    await server.call('PUT', '/_roomdeck/faults', { json: { rate: 1, latencyMs: 0, match: '/list/running' } });
    const error = await failure(
      unwrap(api().GET('/processes/v1/{appId}/list/running', { params: { path: { appId: server.appId } } })),
    );
    expect(error).toMatchObject({ status: 500, kind: 'http' });
    expect((error as ApiError).message).toMatch(/injected fault/i);
  });

  it('turns an unreachable API and a timeout into ApiError too', async () => {
    const closed = createHathoraClient({ baseUrl: 'http://127.0.0.1:9/api', token: 't' });
    const network = await failure(
      unwrap(closed.GET('/processes/v1/{appId}/list/running', { params: { path: { appId: server.appId } } })),
    );
    expect(network).toMatchObject({ status: 0, kind: 'network' });
    expect((network as ApiError).message).toBe('Could not reach the API at http://127.0.0.1:9/api');

    await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 2000, match: null } });
    const slow = await failure(
      unwrap(
        api(server.token, 200).GET('/processes/v1/{appId}/list/running', { params: { path: { appId: server.appId } } }),
      ),
    );
    expect(slow).toMatchObject({ status: 0, kind: 'timeout' });
    expect((slow as ApiError).message).toMatch(/within 0.2 s/);
  });

  it('says plainly when a web page answers instead of the API, for an error and for a success', async () => {
    // A web server where the API should be (a wrong base URL, a proxy's error page): 502 for one route, 200 for others.
    const page = '<!doctype html><title>Bad gateway</title><script>alert(1)</script>';
    const web = createServer((req, res) => {
      res.writeHead(req.url?.endsWith('/list/running') ? 502 : 200, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = web.address() as AddressInfo;
      const client = createHathoraClient({ baseUrl: `http://127.0.0.1:${port}/api`, token: 't' });
      const path = { appId: server.appId };
      const badGateway = await failure(unwrap(client.GET('/processes/v1/{appId}/list/running', { params: { path } })));
      expect(badGateway).toMatchObject({ status: 502, kind: 'http', message: NOT_THE_API });
      const ok = await failure(unwrap(client.GET('/processes/v1/{appId}/list/stopped', { params: { path } })));
      expect(ok).toMatchObject({ status: 200, kind: 'http', message: NOT_THE_API });
    } finally {
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it("reads a 429's Retry-After (seconds or a date), and ignores one that is neither", async () => {
    // A rate-limited API (Hathora's, or a proxy in front): 429 JSON with Retry-After as the route's name says.
    const retryAfter: Record<string, string> = { running: '7', stopped: 'soon' };
    const limited = createServer((req, res) => {
      const which = req.url?.split('/').at(-1) ?? '';
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter[which] ?? '' })
        .end(JSON.stringify({ message: 'Too many requests' }));
    });
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = limited.address() as AddressInfo;
      const client = createHathoraClient({ baseUrl: `http://127.0.0.1:${port}/api`, token: 't' });
      const path = { appId: server.appId };
      const seconds = await failure(unwrap(client.GET('/processes/v1/{appId}/list/running', { params: { path } })));
      expect(seconds).toMatchObject({ status: 429, message: 'Too many requests', retryAfterMs: 7_000 });
      const garbage = await failure(unwrap(client.GET('/processes/v1/{appId}/list/stopped', { params: { path } })));
      expect(garbage).toMatchObject({ status: 429, retryAfterMs: undefined });
    } finally {
      await new Promise((resolve) => limited.close(resolve));
    }
  });

  it('keeps a caller abort an abort, so React Query can drop stale requests quietly', async () => {
    await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 2000, match: null } });
    const controller = new AbortController();
    const call = unwrap(
      api().GET('/processes/v1/{appId}/list/running', {
        params: { path: { appId: server.appId } },
        signal: controller.signal,
      }),
    );
    controller.abort();
    const error = await failure(call);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).name).toBe('AbortError');
  });
});
