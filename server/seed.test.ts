import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db.ts';
import { DEMO, seedDemo } from './seed.ts';
import { APP_ID, startServer, type TestServer, waitFor } from './test/harness.ts';
import type { ConnectionInfoV2, Process, ProcessV3, ProcessWithRooms, Room, RoomWithoutAllocations } from './views.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const room = async (id: string) => (await server.get<Room>(server.rooms('info', id))).body;
const ids = (rooms: RoomWithoutAllocations[]) => rooms.map((r) => r.roomId);

describe('demo seed', () => {
  it('has rooms in every state', async () => {
    expect((await room(DEMO.rooms.lobbyEu)).status).toBe('active');
    expect((await room(DEMO.rooms.duelSea)).status).toBe('active');
    expect((await room(DEMO.rooms.coopTokyo)).status).toBe('active');
    const starting = await room(DEMO.rooms.raidStarting);
    expect(starting.status).toBe('scheduling');
    const raidConnection = await server.get<ConnectionInfoV2>(server.rooms('connectioninfo', DEMO.rooms.raidStarting));
    expect(raidConnection.body.status).toBe('starting');
    const suspended = await room(DEMO.rooms.arenaSuspended);
    expect(suspended).toMatchObject({ status: 'suspended', currentAllocation: null });
    const destroyed = await room(DEMO.rooms.matchDestroyed);
    expect(destroyed).toMatchObject({ status: 'destroyed', currentAllocation: null });
    expect(destroyed.allocations).toHaveLength(1);
    expect((await room(DEMO.rooms.sandboxSea)).roomConfig).toBeNull();
    expect(JSON.parse((await room(DEMO.rooms.lobbyEu)).roomConfig ?? '')).toMatchObject({ mode: 'lobby' });
  });

  it('has one room with several allocations, oldest first, on the stopped and then the running process', async () => {
    const history = await room(DEMO.rooms.rankedHistory);
    expect(history.status).toBe('active');
    expect(history.allocations.map((a) => a.processId)).toEqual([
      DEMO.processes.stopped,
      DEMO.processes.frankfurt,
      DEMO.processes.frankfurt,
    ]);
    expect(history.allocations.slice(0, 2).every((a) => a.unscheduledAt !== null)).toBe(true);
    expect(history.currentAllocation).toEqual(history.allocations[2]);
    const times = history.allocations.map((a) => Date.parse(a.scheduledAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('has running processes in three regions and one stopped process', async () => {
    const running = (await server.get<ProcessWithRooms[]>(server.processes('list/running'))).body;
    expect(running.map((p) => p.processId)).toEqual([
      DEMO.processes.tokyo,
      DEMO.processes.frankfurt,
      DEMO.processes.seattle,
    ]);
    const byId = Object.fromEntries(running.map((p) => [p.processId, p]));
    expect(ids(byId[DEMO.processes.seattle]?.rooms ?? [])).toEqual([DEMO.rooms.duelSea, DEMO.rooms.sandboxSea]);
    expect(ids(byId[DEMO.processes.frankfurt]?.rooms ?? [])).toEqual([DEMO.rooms.lobbyEu, DEMO.rooms.rankedHistory]);
    expect(ids(byId[DEMO.processes.tokyo]?.rooms ?? [])).toEqual([DEMO.rooms.coopTokyo, DEMO.rooms.raidStarting]);
    expect(byId[DEMO.processes.seattle]?.additionalExposedPorts).toEqual([
      expect.objectContaining({ name: 'debug', transportType: 'udp' }),
    ]);
    for (const p of running) expect(p).toMatchObject({ deploymentId: 3, totalRooms: 2, startedAt: expect.any(String) });

    const stopped = (await server.get<Process[]>(server.processes('list/stopped'))).body;
    expect(stopped).toEqual([
      expect.objectContaining({
        processId: DEMO.processes.stopped,
        region: 'Frankfurt',
        stoppingAt: expect.any(String),
        terminatedAt: expect.any(String),
      }),
    ]);
    const frankfurt = (await server.get<ProcessWithRooms[]>(server.processes('list/running?region=Frankfurt'))).body;
    expect(frankfurt.map((p) => p.processId)).toEqual([DEMO.processes.frankfurt]);
  });

  it("puts suspended and destroyed rooms in their process's inactive list", async () => {
    const inactive = async (processId: string) =>
      ids((await server.get(server.rooms('list', `${processId}/inactive`))).body);
    expect(await inactive(DEMO.processes.seattle)).toEqual([DEMO.rooms.arenaSuspended]);
    expect(await inactive(DEMO.processes.frankfurt)).toEqual([DEMO.rooms.matchDestroyed]);
    expect(await inactive(DEMO.processes.stopped)).toEqual([DEMO.rooms.rankedHistory]);
    expect(await inactive(DEMO.processes.tokyo)).toEqual([]);
  });

  it('seeds only an empty database, and not with ROOMDECK_SEED=0', async () => {
    const db = openDatabase(':memory:');
    try {
      expect(seedDemo(db, APP_ID, 4)).toBe(true);
      expect(seedDemo(db, APP_ID, 4)).toBe(false);
    } finally {
      db.close();
    }
    const empty = await startServer({ ROOMDECK_SEED: '0' });
    try {
      expect((await empty.get(empty.processes('list/running'))).body).toEqual([]);
      expect((await empty.get(empty.rooms('info', DEMO.rooms.lobbyEu))).status).toBe(404);
    } finally {
      await empty.close();
    }
  });
});

/** The local runtime (the default) with the demo game: real processes, in a port range of their own. */
const LOCAL_ENV = {
  ROOMDECK_RUNTIME: 'local',
  ROOMDECK_PORT_RANGE: '26100-26199',
  ROOMDECK_STOP_GRACE_MS: '3000',
};
const LIVE_ROOMS = [DEMO.rooms.lobbyEu, DEMO.rooms.duelSea, DEMO.rooms.sandboxSea, DEMO.rooms.coopTokyo];

/** A process's start time from /proc (field 22), or undefined once it is gone (or a zombie). */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

describe('demo seed, local runtime', () => {
  it('runs the demo rooms on real demo-game processes, and closing stops them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomdeck-seed-'));
    const env = { ...LOCAL_ENV, ROOMDECK_DB: join(dir, 'roomdeck.db') };
    let local = await startServer(env);
    let pids: { pid: number; start: string }[] = [];
    try {
      const infoOf = async (id: string) => (await local.get<Room>(local.rooms('info', id))).body;
      const infos = await waitFor(
        () => Promise.all(LIVE_ROOMS.map(infoOf)),
        (rooms) => rooms.every((r) => r.status === 'active'),
        'the demo rooms to become active',
      );
      const processOf = Object.fromEntries(infos.map((r) => [r.roomId, r.currentAllocation?.processId]));
      expect(processOf[DEMO.rooms.duelSea]).toBe(processOf[DEMO.rooms.sandboxSea]);
      expect(new Set(Object.values(processOf)).size).toBe(3);
      expect(await infoOf(DEMO.rooms.arenaSuspended)).toMatchObject({ status: 'suspended', currentAllocation: null });
      expect(await infoOf(DEMO.rooms.matchDestroyed)).toMatchObject({
        status: 'destroyed',
        roomConfig: expect.any(String),
      });

      for (const roomId of LIVE_ROOMS) {
        const info = (await local.get<ConnectionInfoV2>(local.rooms('connectioninfo', roomId))).body;
        expect(info).toMatchObject({ status: 'active', exposedPort: { host: '127.0.0.1', transportType: 'tcp' } });
        const port = info.exposedPort?.port ?? 0;
        expect(port).toBeGreaterThanOrEqual(26100);
        expect(port).toBeLessThanOrEqual(26199);
      }
      // The game itself answers on its port and learns its rooms from the API (so it got the right API URL).
      const seattle = (await local.get<ConnectionInfoV2>(local.rooms('connectioninfo', DEMO.rooms.duelSea))).body;
      const seattlePort = seattle.exposedPort?.port ?? 0;
      await waitFor(
        async () => (await (await fetch(`http://127.0.0.1:${seattlePort}/rooms.json`)).json()) as { roomId: string }[],
        (rooms) =>
          rooms
            .map((r) => r.roomId)
            .sort()
            .join() === [DEMO.rooms.duelSea, DEMO.rooms.sandboxSea].join(),
        'the Seattle game to list its two rooms',
      );

      const processes = (await local.get<ProcessV3[]>(`/api/processes/v3/apps/${local.appId}/processes/latest`)).body;
      const live = processes.filter((p) => p.status === 'running');
      expect(live.map((p) => p.region).sort()).toEqual(['Frankfurt', 'Seattle', 'Tokyo']);
      expect(live.every((p) => p.deploymentId === '2' && p.exposedPort?.host === '127.0.0.1')).toBe(true);
      expect(processes.find((p) => p.processId === DEMO.processes.stopped)).toMatchObject({
        status: 'stopped',
        region: 'Frankfurt',
        deploymentId: '1',
      });

      pids = (
        local.roomdeck.db.prepare('SELECT pid FROM processes WHERE terminated_at IS NULL').all() as { pid: number }[]
      ).map(({ pid }) => ({ pid, start: procStart(pid) ?? '' }));
      expect(pids).toHaveLength(3);
      for (const p of pids) expect(p.start).not.toBe('');

      await local.close();
      expect(local.roomdeck.stoppedOnClose()).toBe(3);
      // Gone, not merely stopped: no process with that pid and start time is left.
      for (const p of pids) expect(procStart(p.pid) === p.start).toBe(false);

      // A restart with the same database seeds nothing again.
      local = await startServer(env);
      const rooms = local.roomdeck.db.prepare('SELECT COUNT(*) FROM rooms').pluck().get();
      const count = local.roomdeck.db.prepare('SELECT COUNT(*) FROM processes').pluck().get();
      expect(rooms).toBe(6);
      expect(count).toBe(4);
      for (const roomId of LIVE_ROOMS) expect((await infoOf(roomId)).status).toBe('destroyed');
    } finally {
      await local.close();
      for (const p of pids) expect(procStart(p.pid) === p.start).toBe(false);
      rmSync(dir, { recursive: true, force: true });
      expect(existsSync(dir)).toBe(false);
    }
  });
});
