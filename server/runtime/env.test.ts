import { afterEach, describe, expect, it } from 'vitest';
import { TEST_TOKEN, waitFor } from '../test/harness.ts';
import {
  cleanUp,
  createRoom,
  getProcess,
  leftovers,
  logTail,
  nodeGame,
  pidsOf,
  startLocal,
  tcpHello,
  v3,
  waitForActive,
  waitForLog,
  waitForStatus,
} from '../test/runtime.ts';

/** The process contract: the environment a game gets, its process token, and pre-warmed processes. */

afterEach(async () => {
  await cleanUp();
  expect(leftovers()).toEqual([]);
});

/** `${NAME}` as written in a deployment's env (expanded by Roomdeck for the contract's variables only). */
const REF = (name: string) => `$${'{'}${name}}`;

/** Secrets in the server's own environment that must never reach a game. */
const SECRETS: Record<string, string> = {
  ROOMDECK_TOKEN: TEST_TOKEN,
  ROOMDECK_ACCESS_TOKEN: 'access-secret-91c2e7a4b8d0',
  ROOMDECK_UPSTREAM_TOKEN: 'upstream-secret-3f5a6b7c8d9e',
  ROOMDECK_SOME_OTHER_SECRET: 'other-secret-0a1b2c3d4e5f',
};

describe('the environment of a game', () => {
  it('holds the contract, a working process token, and none of the server’s secrets', async () => {
    const saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));
    Object.assign(process.env, SECRETS);
    try {
      const s = await startLocal(
        nodeGame('tcp.mjs', {
          env: { GAME_PRINT_ENV: '1', GAME_SERVER_URL: `${REF('ROOMDECK_API_URL')}/x`, UNRELATED: REF('NOT_CONTRACT') },
          roomsPerProcess: 2,
          additionalContainerPorts: [{ name: 'debug', transportType: 'tcp' }],
        }),
        { ROOMDECK_PUBLIC_HOST: 'localhost' },
      );
      const { roomId, processId } = await createRoom(s, { region: 'Los_Angeles', roomConfig: '{"mode":"duel"}' });
      const active = await waitForActive(s, roomId);
      const line = (await waitForLog(s, processId, /^ENV \{.*\}$/m)).match(/^ENV (\{.*\})$/m)?.[1] as string;
      const env = JSON.parse(line) as Record<string, string>;
      const p = await getProcess(s, processId);

      const port = String(active.exposedPort.port);
      expect(env.PORT).toBe(port);
      expect(env.HATHORA_DEFAULT_PORT).toBe(port);
      expect(active.exposedPort.host).toBe('localhost');
      expect(env).toMatchObject({
        HATHORA_PROCESS_ID: processId,
        HATHORA_APP_ID: s.appId,
        HATHORA_REGION: 'Los_Angeles',
        HATHORA_ROOMS_PER_PROCESS: '2',
        HATHORA_INITIAL_ROOM_ID: roomId,
        HATHORA_INITIAL_ROOM_CONFIG: '{"mode":"duel"}',
        HATHORA_DEPLOYMENT_ID: String(p.deploymentId),
        HATHORA_HOSTNAME: 'localhost',
        GAME_SERVER_URL: `${env.ROOMDECK_API_URL}/x`,
        UNRELATED: REF('NOT_CONTRACT'),
      });
      const debug = active.additionalExposedPorts.find((x: { name: string }) => x.name === 'debug');
      expect(env.HATHORA_DEBUG_PORT).toBe(String(debug.port));
      expect(env.HATHORA_DEBUG_PORT).not.toBe(port);

      // No secret of the server's, by name or by value; of ROOMDECK_* only the two meant for it.
      expect(Object.keys(env).filter((k) => k.startsWith('ROOMDECK_'))).toEqual(
        expect.arrayContaining(['ROOMDECK_API_URL', 'ROOMDECK_PROCESS_TOKEN']),
      );
      expect(Object.keys(env).filter((k) => k.startsWith('ROOMDECK_'))).toHaveLength(2);
      for (const secret of Object.values(SECRETS)) expect(line).not.toContain(secret);
      expect(env.ROOMDECK_PROCESS_TOKEN).not.toBe(TEST_TOKEN);

      // The API at ROOMDECK_API_URL answers the game with its own token.
      const token = env.ROOMDECK_PROCESS_TOKEN as string;
      const mine = `${env.ROOMDECK_API_URL}/rooms/v2/${s.appId}/list/${processId}/active`;
      const asGame = (url: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const res = await asGame(mine);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { roomId: string }[]).map((r) => r.roomId)).toEqual([roomId]);
      expect((await s.get(v3(s, processId), { token })).status).toBe(200);

      // Once the process has stopped, its token is refused.
      expect((await s.post(v3(s, `${processId}/stop`))).status).toBe(204);
      await waitForStatus(s, processId, ['stopped']);
      expect((await asGame(mine)).status).toBe(401);
      expect((await s.get(v3(s, processId), { token })).status).toBe(401);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('every additional port is bound by a game that listens on each HATHORA_<NAME>_PORT', async () => {
    const s = await startLocal(
      nodeGame('all-ports.mjs', {
        additionalContainerPorts: [
          { name: 'debug', transportType: 'tcp' },
          { name: 'voice', transportType: 'udp' },
        ],
        env: { GAME_UDP_PORTS: 'voice' },
      }),
    );
    const { roomId, processId } = await createRoom(s);
    const active = await waitForActive(s, roomId);
    const ports = Object.fromEntries(
      active.additionalExposedPorts.map((x: { name: string; port: number; transportType: string }) => [x.name, x]),
    );
    expect(ports.debug.transportType).toBe('tcp');
    expect(ports.voice.transportType).toBe('udp');
    expect(await tcpHello(active.exposedPort.port)).toBe('hello from default\n');
    await waitForLog(s, processId, new RegExp(`listening on ${ports.debug.port} \\(tcp, debug\\)`));
    expect(await tcpHello(ports.debug.port)).toBe('hello from debug\n');
    expect(await logTail(s, processId)).toContain(`listening on ${ports.voice.port} (udp, voice)`);
  });
});

describe('CreateProcess', () => {
  it('pre-warms a process without rooms; the next room in its region goes on it', async () => {
    const s = await startLocal(nodeGame('tcp.mjs', { roomsPerProcess: 2 }));
    const created = await s.post(v3(s, 'regions/Frankfurt'));
    expect(created.status).toBe(201);
    const { processId } = created.body;
    expect(created.body).toMatchObject({ region: 'Frankfurt', roomsAllocated: 0 });
    const running = await waitForStatus(s, processId, ['running', 'failed', 'stopped']);
    expect(running.status).toBe('running');
    expect(running.roomsAllocated).toBe(0);
    const [pid] = await waitFor(
      async () => pidsOf(processId),
      (p) => p.length === 1,
      'the pre-warmed game',
    );
    expect(await logTail(s, processId)).toMatch(/listening on \d+/);

    const room = await createRoom(s, { region: 'Frankfurt' });
    expect(room.processId).toBe(processId);
    await waitForActive(s, room.roomId);
    expect((await getProcess(s, processId)).roomsAllocated).toBe(1);
    expect(pidsOf(processId)).toEqual([pid]);
  });
});
