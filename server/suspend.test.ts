import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './access.ts';
import { startServer, type TestServer } from './test/harness.ts';
import type { Room } from './views.ts';

/**
 * Who may undo a suspension through the public GetConnectionInfo, with access control on: the dev token, or a
 * session from this origin's own pages; a same-site page (another port of this host) riding on the cookie may not.
 */
const ACCESS_TOKEN = 'access-token-suspend-4d2e81';
let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startServer({ ROOMDECK_SEED: '0', ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN });
  const res = await fetch(`${server.base}/_roomdeck/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: ACCESS_TOKEN }).toString(),
    redirect: 'manual',
  });
  const match = new RegExp(`^${SESSION_COOKIE}=([^;]+);`).exec(res.headers.get('set-cookie') ?? '');
  if (!match?.[1]) throw new Error(`no session cookie (sign-in answered ${res.status})`);
  cookie = `${SESSION_COOKIE}=${match[1]}`;
});
afterAll(() => server.close());

async function suspendedRoom(): Promise<string> {
  const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'Sydney' } })).body;
  expect((await server.post(server.rooms('suspend', roomId))).status).toBe(204);
  return roomId;
}
const connectionInfo = (roomId: string, headers: Record<string, string>) =>
  server.get(server.rooms('connectioninfo', roomId), { token: null, headers });
const room = async (roomId: string) => (await server.get<Room>(server.rooms('info', roomId))).body;

describe('GetConnectionInfo of a suspended room with access control', () => {
  it('a session from this origin resumes it', async () => {
    const roomId = await suspendedRoom();
    const res = await connectionInfo(roomId, { cookie, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ roomId, status: 'starting' });
    expect((await room(roomId)).allocations).toHaveLength(2);
  });

  it('a same-site or cross-site page carrying the session cookie gets 409, and the room stays suspended', async () => {
    const roomId = await suspendedRoom();
    for (const site of ['same-site', 'cross-site']) {
      const res = await connectionInfo(roomId, { cookie, 'sec-fetch-site': site });
      expect(res.status, site).toBe(409);
      expect(res.body.message).toMatch(new RegExp(`^Room ${roomId} is suspended; resume it`));
    }
    expect(await room(roomId)).toMatchObject({ status: 'suspended', currentAllocation: null });
    expect((await room(roomId)).allocations).toHaveLength(1);
  });

  it('no session and no token gets 409; the room stays suspended', async () => {
    const roomId = await suspendedRoom();
    expect((await connectionInfo(roomId, {})).status).toBe(409);
    expect((await connectionInfo(roomId, { cookie: `${SESSION_COOKIE}=forged` })).status).toBe(409);
    expect((await room(roomId)).status).toBe('suspended');
  });
});
