import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '../test/harness.ts';
import {
  alive,
  cleanUp,
  closeServer,
  connectionInfo,
  createRoom,
  DEMO_DEPLOYMENT,
  getProcess,
  leftovers,
  logTail,
  nodeGame,
  pidsOf,
  roomInfo,
  sessionPids,
  startLocal,
  tcpHello,
  v3,
  waitForActive,
  waitForLog,
  waitForStatus,
  waitGone,
} from '../test/runtime.ts';

/** The local runtime's lifecycle with real game processes (server/test/games, demo-game). */

afterEach(async () => {
  await cleanUp();
  expect(leftovers()).toEqual([]);
});

describe('the demo game', () => {
  it('starts, becomes active on its port, accepts a player and logs the join', async () => {
    const s = await startLocal(DEMO_DEPLOYMENT);
    const created = await s.post(s.rooms('create'), { json: { region: 'Seattle' } });
    expect(created.body.status).toBe('starting');
    const { roomId, processId } = created.body;
    const seen: string[] = [];
    const active = await waitFor(
      async () => {
        const c = await connectionInfo(s, roomId);
        if (seen.at(-1) !== c.status) seen.push(c.status);
        return c;
      },
      (c) => c.status === 'active',
      'the room to be active',
    );
    // Starting until the game binds (it may bind before the first poll), then active: nothing else in between.
    expect(seen.filter((st) => st !== 'starting')).toEqual(['active']);
    expect(active.exposedPort).toMatchObject({ host: '127.0.0.1', transportType: 'tcp', name: 'default' });
    const port = active.exposedPort.port as number;
    const p = await getProcess(s, processId);
    expect(p).toMatchObject({ status: 'running', exposedPort: { port } });
    expect(p.startedAt).toEqual(expect.any(String));
    const pids = pidsOf(processId);
    expect(pids.length).toBeGreaterThan(0);

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?room=${roomId}&name=qa`);
    const firstMessage = once(ws, 'message');
    await once(ws, 'open');
    const [data] = await firstMessage;
    expect(JSON.parse(String(data)).type).not.toBe('error');
    await waitForLog(s, processId, new RegExp(`room ${roomId}: player "qa" joined`));
    const tail = await s.get(`/api/logs/v1/${s.appId}/process/${processId}?tailLines=50`);
    expect(tail.status).toBe(200);
    expect(tail.text).toContain(`room ${roomId}: player "qa" joined (1 player)`);
    ws.terminate();

    await closeServer(s);
    await waitGone(pids, 'the demo game to be gone after close');
  });
});

describe('a process that ends by itself', () => {
  it('crashing: failed, the reason names the exit code, its rooms destroyed, the stack in the log', async () => {
    const s = await startLocal(nodeGame('tcp.mjs', { env: { GAME_CRASH_AFTER_MS: '300' } }));
    const { roomId, processId } = await createRoom(s);
    // Not waiting for `active`: on a loaded machine the crash may come before a poll would see it.
    const p = await waitForStatus(s, processId, ['failed', 'stopped']);
    expect(p.startedAt).toEqual(expect.any(String));
    expect(p.status).toBe('failed');
    expect(p.summaryExitReason).toBe('Exited with code 1');
    expect(p.terminatedAt).toEqual(expect.any(String));
    expect((await roomInfo(s, roomId)).status).toBe('destroyed');
    const tail = await logTail(s, processId, 50);
    expect(tail).toContain('Error: tcp.mjs crashed on purpose');
    expect(tail).toMatch(/\n\s+at .*tcp\.mjs/);
    expect(pidsOf(processId)).toEqual([]);
  });

  it('never binding its port: failed, "did not bind port N", and really gone', async () => {
    const s = await startLocal(nodeGame('never-bind.mjs'), { ROOMDECK_PORT_BIND_DEADLINE_MS: '1500' });
    const { roomId, processId } = await createRoom(s);
    const pids = await waitFor(
      async () => pidsOf(processId),
      (p) => p.length > 0,
      'the game to run',
    );
    // No exposed port before it binds: the port it was given is in Roomdeck's launch line of its log.
    const port = Number(/PORT=(\d+)/.exec(await logTail(s, processId))?.[1]);
    expect(port).toBeGreaterThan(0);
    const p = await waitForStatus(s, processId, ['failed', 'stopped']);
    expect(p.status).toBe('failed');
    expect(p.summaryExitReason).toMatch(new RegExp(`did not bind port ${port}`, 'i'));
    expect((await roomInfo(s, roomId)).status).toBe('destroyed');
    await waitGone(pids, 'the never-binding game to be gone');
    expect(pidsOf(processId)).toEqual([]);
  });

  it('exiting 0: stopped, its rooms destroyed', async () => {
    const s = await startLocal(nodeGame('tcp.mjs', { env: { GAME_EXIT_AFTER_MS: '300', GAME_EXIT_CODE: '0' } }));
    const { roomId, processId } = await createRoom(s);
    const p = await waitForStatus(s, processId, ['failed', 'stopped']);
    expect(p.startedAt).toEqual(expect.any(String));
    expect(p.status).toBe('stopped');
    expect(p.summaryExitReason).toBe('Exited with code 0');
    expect((await roomInfo(s, roomId)).status).toBe('destroyed');
    expect(await logTail(s, processId)).toContain('exiting with code 0');
  });

  it('a command that does not exist: failed, "could not start"', async () => {
    const s = await startLocal({ command: ['./no-such-game-binary', '--port'] });
    const { roomId, processId } = await createRoom(s);
    const p = await waitForStatus(s, processId, ['failed', 'stopped']);
    expect(p.status).toBe('failed');
    expect(p.summaryExitReason).toMatch(/could not start .*ENOENT/i);
    expect((await roomInfo(s, roomId)).status).toBe('destroyed');
  });
});

describe('binding', () => {
  it('a UDP game is active with a udp port, and a datagram echoes', async () => {
    const s = await startLocal(nodeGame('udp.mjs', { transportType: 'udp' }));
    const { roomId, processId } = await createRoom(s);
    const active = await waitForActive(s, roomId);
    expect(active.exposedPort.transportType).toBe('udp');
    expect((await getProcess(s, processId)).status).toBe('running');
    const socket = createSocket('udp4');
    try {
      const reply = once(socket, 'message');
      socket.send('ping-roomdeck', active.exposedPort.port, '127.0.0.1');
      const [msg] = await reply;
      expect(String(msg)).toBe('ping-roomdeck');
    } finally {
      socket.close();
    }
  });

  it('a port bound by a forked child counts as started; stopping takes the child too', async () => {
    const s = await startLocal(nodeGame('fork-bind.mjs'));
    const { roomId, processId } = await createRoom(s);
    const active = await waitForActive(s, roomId);
    expect(await tcpHello(active.exposedPort.port)).toBe('hello from the child\n');
    const pids = pidsOf(processId);
    expect(pids.length).toBe(2);
    expect((await s.post(v3(s, `${processId}/stop`))).status).toBe(204);
    expect((await waitForStatus(s, processId, ['stopped', 'failed'])).status).toBe('stopped');
    await waitGone(pids, 'parent and child to be gone');
  });
});

describe('several rooms per process', () => {
  it('3 rooms share one process (one port); the 4th starts a second process', async () => {
    const s = await startLocal(nodeGame('tcp.mjs', { roomsPerProcess: 3 }));
    const rooms = [];
    for (let i = 0; i < 4; i++) rooms.push(await createRoom(s));
    const infos = [];
    for (const r of rooms) infos.push(await waitForActive(s, r.roomId));
    const [a, b, c, d] = rooms as [(typeof rooms)[0], (typeof rooms)[0], (typeof rooms)[0], (typeof rooms)[0]];
    expect(new Set([a.processId, b.processId, c.processId]).size).toBe(1);
    expect(d.processId).not.toBe(a.processId);
    const ports = infos.map((i) => i.exposedPort.port);
    expect(new Set(ports.slice(0, 3)).size).toBe(1);
    expect(ports[3]).not.toBe(ports[0]);
    const listed = (await s.get(s.rooms('list', `${a.processId}/active`))).body as { roomId: string }[];
    expect(listed.map((r) => r.roomId).sort()).toEqual([a.roomId, b.roomId, c.roomId].sort());
    const other = (await s.get(s.rooms('list', `${d.processId}/active`))).body as { roomId: string }[];
    expect(other.map((r) => r.roomId)).toEqual([d.roomId]);
    expect((await getProcess(s, a.processId)).roomsAllocated).toBe(3);
    expect(pidsOf(a.processId)).toHaveLength(1);
    expect(pidsOf(d.processId)).toHaveLength(1);
  });
});

describe('StopProcess', () => {
  it('SIGTERM: the game logs it, stopped, its rooms destroyed, nothing left', async () => {
    const s = await startLocal(nodeGame('tcp.mjs'));
    const { roomId, processId } = await createRoom(s);
    await waitForActive(s, roomId);
    const [pid] = pidsOf(processId) as [number];
    expect((await s.post(v3(s, `${processId}/stop`))).status).toBe(204);
    expect((await roomInfo(s, roomId)).status).toBe('destroyed');
    const p = await waitForStatus(s, processId, ['stopped', 'failed']);
    expect(p.status).toBe('stopped');
    expect(p.summaryExitReason).toMatch(/StopProcess/);
    expect(p.summaryExitReason).not.toMatch(/SIGKILL/);
    expect(await logTail(s, processId)).toContain('got SIGTERM');
    expect(alive(pid)).toBe(false);
    expect(sessionPids(pid)).toEqual([]);
  });

  it('a game ignoring SIGTERM is SIGKILLed after the grace period, and the reason says so', async () => {
    const s = await startLocal(nodeGame('tcp.mjs', { env: { GAME_IGNORE_SIGTERM: '1' } }), {
      ROOMDECK_STOP_GRACE_MS: '2000',
    });
    const { roomId, processId } = await createRoom(s);
    await waitForActive(s, roomId);
    const [pid] = pidsOf(processId) as [number];
    expect((await s.post(v3(s, `${processId}/stop`))).status).toBe(204);
    await waitForLog(s, processId, /ignoring SIGTERM, still running/);
    expect(alive(pid)).toBe(true);
    expect((await getProcess(s, processId)).status).toBe('stopping');
    const p = await waitForStatus(s, processId, ['stopped', 'failed']);
    expect(p.status).toBe('stopped');
    expect(p.summaryExitReason).toMatch(/SIGKILL/);
    expect(p.summaryExitReason).toMatch(/within 2 s of SIGTERM/);
    expect(alive(pid)).toBe(false);
    expect(sessionPids(pid)).toEqual([]);
  });
});
