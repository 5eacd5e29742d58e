import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db.ts';
import { DEMO, seedDemo } from './seed.ts';
import { APP_ID, startServer, type TestServer } from './test/harness.ts';
import type { ConnectionInfoV2, Process, ProcessWithRooms, Room, RoomWithoutAllocations } from './views.ts';

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
