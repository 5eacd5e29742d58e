import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../test/harness.ts';
import {
  alive,
  cleanUp,
  leftovers,
  localEnv,
  nodeGame,
  pidsOf,
  tcpHello,
  tempDir,
  waitGone,
  writeDeployment,
} from '../test/runtime.ts';
import { callMain, killAllMains, type MainProcess, spawnMain, startMain, stopMain } from '../test/spawn.ts';

/** main.ts as its own process with the local runtime: SIGKILLed and restarted, it adopts its games. */

const TOKEN = 'adopt-test-token-4b1d';

afterEach(async () => {
  killAllMains();
  await cleanUp();
  expect(leftovers()).toEqual([]);
});
afterAll(() => killAllMains());

/**
 * connectioninfo, polled; a connection reset counts as "not yet" (undici may reuse a keep-alive connection the
 * server is just closing, which a loaded machine makes likelier).
 */
async function roomStatus(main: MainProcess, appId: string, roomId: string) {
  try {
    return (await callMain(main, TOKEN, 'GET', `/rooms/v2/${appId}/connectioninfo/${roomId}`)).body;
  } catch (err) {
    return { status: `unreachable (${(err as Error).message})` };
  }
}

const v3 = (main: MainProcess, appId: string, rest: string) =>
  callMain(main, TOKEN, 'GET', `/processes/v3/apps/${appId}/processes/${rest}`);

describe('a restart after SIGKILL of Roomdeck', () => {
  it('adopts the games still alive (same pid, room active, port open), fails the one that died meanwhile', async () => {
    const dir = tempDir();
    const deployment = writeDeployment(nodeGame('tcp.mjs', { roomsPerProcess: 1 }), dir);
    const env = {
      ...localEnv(deployment),
      ROOMDECK_DB: join(dir, 'roomdeck.db'),
      ROOMDECK_TOKEN: TOKEN,
      ROOMDECK_STOP_GRACE_MS: '1000',
    };
    const first = await startMain(env);
    const appId = /App ID:\s+(\S+)/.exec(first.output())?.[1] as string;
    expect(appId).toBeTruthy();

    const create = async () => {
      const res = await callMain(first, TOKEN, 'POST', `/rooms/v2/${appId}/create`, { region: 'Seattle' });
      expect(res.status).toBe(201);
      return res.body as { roomId: string; processId: string };
    };
    const activeOn = (main: MainProcess, roomId: string) =>
      waitFor(
        () => roomStatus(main, appId, roomId),
        (c) => c.status === 'active',
        `room ${roomId} to be active`,
        25_000,
      );
    const survivor = await create();
    const victim = await create();
    expect(victim.processId).not.toBe(survivor.processId);
    const port = (await activeOn(first, survivor.roomId)).exposedPort.port as number;
    await activeOn(first, victim.roomId);
    const [survivorPid] = pidsOf(survivor.processId) as [number];
    const [victimPid] = pidsOf(victim.processId) as [number];
    expect(survivorPid).toBeGreaterThan(0);
    expect(victimPid).toBeGreaterThan(0);

    expect(await stopMain(first, 'SIGKILL')).toEqual([null, 'SIGKILL']);
    expect(alive(survivorPid)).toBe(true);
    expect(alive(victimPid)).toBe(true);
    expect(await tcpHello(port)).toBe('hello from tcp.mjs\n');
    process.kill(-victimPid, 'SIGKILL');
    await waitGone([victimPid], 'the killed game to be gone');

    const second = await startMain(env);
    expect(second.output()).toContain('adopted 1 process');
    const kept = (await v3(second, appId, survivor.processId)).body;
    expect(kept.status).toBe('running');
    expect(pidsOf(survivor.processId)).toEqual([survivorPid]);
    const info = await activeOn(second, survivor.roomId);
    expect(info.exposedPort.port).toBe(port);
    expect(await tcpHello(port)).toBe('hello from tcp.mjs\n');

    const lost = (await v3(second, appId, victim.processId)).body;
    expect(lost.status).toBe('failed');
    expect(lost.summaryExitReason).toContain('Exited while Roomdeck was down');
    const victimRoom = await callMain(second, TOKEN, 'GET', `/rooms/v2/${appId}/info/${victim.roomId}`);
    expect(victimRoom.body.status).toBe('destroyed');

    expect(await stopMain(second, 'SIGTERM')).toEqual([0, null]);
    // Its last lines may arrive after the exit event (the pipe is read asynchronously).
    await waitFor(
      async () => second.output(),
      (text) => text.includes('roomdeck: stopped 1 game process\n'),
      'main.ts to say how many games it stopped',
      5000,
    );
    expect(alive(survivorPid)).toBe(false);
    expect(pidsOf(survivor.processId)).toEqual([]);
  }, 90_000);
});

describe('SIGTERM of main.ts', () => {
  it('waits for its games: one ignoring SIGTERM is SIGKILLed after the grace period, none is left', async () => {
    const dir = tempDir();
    const deployment = writeDeployment(nodeGame('tcp.mjs', { env: { GAME_IGNORE_SIGTERM: '1' } }), dir);
    const main = await startMain({
      ...localEnv(deployment),
      ROOMDECK_DB: join(dir, 'roomdeck.db'),
      ROOMDECK_TOKEN: TOKEN,
      ROOMDECK_STOP_GRACE_MS: '500',
    });
    const appId = /App ID:\s+(\S+)/.exec(main.output())?.[1] as string;
    const created = await callMain(main, TOKEN, 'POST', `/rooms/v2/${appId}/create`, { region: 'Seattle' });
    const { roomId, processId } = created.body as { roomId: string; processId: string };
    await waitFor(
      () => roomStatus(main, appId, roomId),
      (c) => c.status === 'active',
      'the room to be active',
      25_000,
    );
    const [pid] = pidsOf(processId) as [number];
    expect(await stopMain(main, 'SIGTERM')).toEqual([0, null]);
    expect(alive(pid)).toBe(false);
    await waitFor(
      async () => main.output(),
      (text) => text.includes('roomdeck: stopped 1 game process\n'),
      'main.ts to say how many games it stopped',
      5000,
    );
  }, 60_000);
});

describe('a bad deployment file', () => {
  const cases: [string, string, RegExp][] = [
    ['invalid JSON', '{"command": ["node", ', /is not valid JSON/],
    ['no command', '{"roomsPerProcess": 2}', /"command" must be a non-empty array/],
    [
      'an unknown transportType',
      '{"command": ["node", "x.mjs"], "transportType": "quic"}',
      /"transportType" must be tcp, udp or tls, got "quic"/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`with ${what}: main.ts exits 1 naming the file and the field`, async () => {
      const file = writeDeployment(text);
      const proc = spawnMain({ ...localEnv(file), ROOMDECK_DB: ':memory:' });
      let output = '';
      proc.stdout?.on('data', (d: Buffer) => {
        output += d.toString();
      });
      proc.stderr?.on('data', (d: Buffer) => {
        output += d.toString();
      });
      const [code] = (await once(proc, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(output).toContain(`Deployment file ${file}`);
      expect(output).toMatch(message);
      expect(output).not.toContain('listening on');
    });
  }
});
