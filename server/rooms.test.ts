import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, waitFor } from './test/harness.ts';
import type { ConnectionInfoV2, CreateRoomResponse, ProcessWithRooms, Room, RoomWithoutAllocations } from './views.ts';

let server: TestServer;

/**
 * The server's clock, moved by the tests: intermediate states (scheduling, starting) are asserted without racing
 * the start delays, and transitions happen when the test advances time, without sleeping.
 */
const clock = {
  t: Date.now(),
  now: () => clock.t,
  advance: (ms: number) => {
    clock.t += ms;
  },
};

beforeAll(async () => {
  // No demo data: these tests own every process and room of the app.
  server = await startServer({ ROOMDECK_SEED: '0', ROOMDECK_ROOMS_PER_PROCESS: '2' }, { now: clock.now });
});
afterAll(() => server.close());

const create = async (json: unknown, roomId?: string) => {
  const query = roomId === undefined ? '' : `?roomId=${encodeURIComponent(roomId)}`;
  return server.post(`${server.rooms('create')}${query}`, { json });
};
const info = (roomId: string) => server.get<Room>(server.rooms('info', roomId));
const connection = (roomId: string) => server.get<ConnectionInfoV2>(server.rooms('connectioninfo', roomId));
/** Lets the start delays pass (50 ms each in tests) and checks that the room is active. */
const untilActive = async (roomId: string) => {
  clock.advance(1000);
  const res = await connection(roomId);
  expect(res.body.status).toBe('active');
  return res;
};
const active = (processId: string) => server.get<RoomWithoutAllocations[]>(server.rooms('list', `${processId}/active`));
const inactive = (processId: string) =>
  server.get<RoomWithoutAllocations[]>(server.rooms('list', `${processId}/inactive`));

describe('CreateRoom', () => {
  it('answers 201 with a generated id, a process and status starting, then the room becomes active', async () => {
    const res = await create({ region: 'Seattle', roomConfig: '{"mode":"duel"}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { roomId, processId } = res.body;
    expect(roomId).toMatch(/^[a-z0-9]{13}$/);
    expect(processId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.body).toEqual({ additionalExposedPorts: [], status: 'starting', roomId, processId });

    const scheduled = await info(roomId);
    expect(scheduled.body.status).toBe('scheduling');
    expect(scheduled.body.currentAllocation).toMatchObject({ processId, unscheduledAt: null });
    expect(scheduled.body.allocations).toHaveLength(1);

    const ready = await untilActive(roomId);
    expect(ready.body).toEqual({
      additionalExposedPorts: [],
      exposedPort: { host: expect.any(String), port: expect.any(Number), transportType: 'tcp', name: 'default' },
      status: 'active',
      roomId,
    });
    const room = await info(roomId);
    expect(room.body).toMatchObject({ status: 'active', roomConfig: '{"mode":"duel"}', appId: server.appId });
  });

  it('accepts a custom roomId and rejects it a second time with 400 naming it', async () => {
    const first = await create({ region: 'London' }, 'my-custom_room-1');
    expect(first.status).toBe(201);
    expect(first.body.roomId).toBe('my-custom_room-1');
    const again = await create({ region: 'Tokyo' }, 'my-custom_room-1');
    expect(again.status).toBe(400);
    expect(again.body.message).toContain("'my-custom_room-1'");
  });

  it('keeps a destroyed room id taken', async () => {
    await create({ region: 'London' }, 'destroyed-then-reused');
    expect((await server.post(server.rooms('destroy', 'destroyed-then-reused'))).status).toBe(204);
    const again = await create({ region: 'London' }, 'destroyed-then-reused');
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ message: expect.stringContaining('destroyed-then-reused') });
  });

  it("stores roomConfig null when none is given and accepts later clients' fields", async () => {
    const res = await create({ region: 'Dubai', deploymentId: 'dep-1', clientIPs: ['203.0.113.7'], extra: true });
    expect(res.status).toBe(201);
    expect((await info(res.body.roomId)).body.roomConfig).toBeNull();
  });

  it('fills a process up to roomsPerProcess, then starts a new one in the region', async () => {
    const a = await create({ region: 'Sydney' });
    const b = await create({ region: 'Sydney' });
    const c = await create({ region: 'Sydney' });
    expect(b.body.processId).toBe(a.body.processId);
    expect(c.body.processId).not.toBe(a.body.processId);
    const other = await create({ region: 'Mumbai' });
    expect(other.body.processId).not.toBe(c.body.processId);
    const list = await active(a.body.processId);
    expect(list.body.map((r) => r.roomId)).toEqual([a.body.roomId, b.body.roomId]);
  });
});

describe('lifecycle', () => {
  it('suspend moves the room to the inactive list; resume appends a second allocation', async () => {
    const { roomId, processId } = (await create({ region: 'Chicago', roomConfig: 'cfg' })).body;
    await untilActive(roomId);

    const suspend = await server.post(server.rooms('suspend', roomId));
    expect(suspend.status).toBe(204);
    expect(suspend.text).toBe('');

    const suspended = (await info(roomId)).body;
    expect(suspended.status).toBe('suspended');
    expect(suspended.currentAllocation).toBeNull();
    expect(suspended.allocations).toHaveLength(1);
    expect(suspended.allocations[0]?.unscheduledAt).toEqual(expect.any(String));
    expect((await active(processId)).body.map((r) => r.roomId)).not.toContain(roomId);
    const gone = (await inactive(processId)).body.find((r) => r.roomId === roomId);
    expect(gone).toMatchObject({ status: 'suspended', currentAllocation: null, roomConfig: 'cfg' });

    // Suspending again is a no-op.
    expect((await server.post(server.rooms('suspend', roomId))).status).toBe(204);
    expect((await info(roomId)).body.allocations).toHaveLength(1);

    const resumed = await server.post(server.rooms('resume', roomId));
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ roomId, status: 'starting', additionalExposedPorts: [] });
    expect(resumed.body.processId).toEqual(expect.any(String));
    const room = (await info(roomId)).body;
    expect(room.status).toBe('scheduling');
    expect(room.allocations).toHaveLength(2);
    expect(room.allocations[0]?.unscheduledAt).not.toBeNull();
    expect(room.allocations[1]).toEqual(room.currentAllocation);
    await untilActive(roomId);
  });

  it('resume of a scheduled room answers its current connection data without a new allocation', async () => {
    const { roomId, processId } = (await create({ region: 'Chicago' })).body;
    const resumed = await server.post(server.rooms('resume', roomId));
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ roomId, processId });
    await untilActive(roomId);
    const again = await server.post(server.rooms('resume', roomId));
    expect(again.body).toMatchObject({ roomId, processId, status: 'active', exposedPort: { name: 'default' } });
    expect((await info(roomId)).body.allocations).toHaveLength(1);
  });

  it('GetConnectionInfo with the dev token schedules a suspended room again (as Hathora does)', async () => {
    const { roomId } = (await create({ region: 'Singapore' })).body;
    await server.post(server.rooms('suspend', roomId));
    const res = await connection(roomId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ additionalExposedPorts: [], status: 'starting', roomId });
    expect((await info(roomId)).body.allocations).toHaveLength(2);
    await untilActive(roomId);
  });

  it('GetConnectionInfo without a token answers 409 for a suspended room and leaves it suspended', async () => {
    const { roomId } = (await create({ region: 'Singapore' })).body;
    await server.post(server.rooms('suspend', roomId));
    for (let i = 0; i < 2; i++) {
      const res = await server.get(server.rooms('connectioninfo', roomId), { token: null });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        message: `Room ${roomId} is suspended; resume it (ResumeRoom, POST /rooms/v2/{appId}/resume/{roomId} with a dev token) to schedule it again`,
      });
    }
    const room = (await info(roomId)).body;
    expect(room).toMatchObject({ status: 'suspended', currentAllocation: null });
    expect(room.allocations).toHaveLength(1);
    // A room that is not suspended still answers anyone (the public polling Hathora documents).
    expect((await server.post(server.rooms('resume', roomId))).status).toBe(200);
    expect((await server.get(server.rooms('connectioninfo', roomId), { token: null })).status).toBe(200);
  });

  it('GetConnectionInfo with a wrong token answers 401 for a suspended room and leaves it suspended', async () => {
    const { roomId } = (await create({ region: 'Singapore' })).body;
    await server.post(server.rooms('suspend', roomId));
    const res = await server.get(server.rooms('connectioninfo', roomId), { token: 'not-the-token' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid bearer token' });
    expect((await info(roomId)).body).toMatchObject({ status: 'suspended', currentAllocation: null });
    expect((await info(roomId)).body.allocations).toHaveLength(1);
  });

  it('destroy keeps the room readable with its history; every other room call answers 404', async () => {
    const { roomId, processId } = (await create({ region: 'Frankfurt' })).body;
    await untilActive(roomId);
    const destroy = await server.post(server.rooms('destroy', roomId));
    expect(destroy.status).toBe(204);

    const room = (await info(roomId)).body;
    expect(room).toMatchObject({ status: 'destroyed', currentAllocation: null });
    expect(room.allocations).toHaveLength(1);
    expect(room.allocations[0]?.unscheduledAt).toEqual(expect.any(String));
    expect((await inactive(processId)).body.map((r) => r.roomId)).toContain(roomId);

    for (const op of ['destroy', 'suspend', 'resume']) {
      const res = await server.post(server.rooms(op, roomId));
      expect(res.status, op).toBe(404);
      expect(res.body.message).toContain(roomId);
    }
    expect((await connection(roomId)).status).toBe(404);
    expect((await server.post(server.rooms('update', roomId), { json: { roomConfig: 'x' } })).status).toBe(404);
  });

  it('destroys a suspended room', async () => {
    const { roomId } = (await create({ region: 'Frankfurt' })).body;
    await server.post(server.rooms('suspend', roomId));
    expect((await server.post(server.rooms('destroy', roomId))).status).toBe(204);
    expect((await info(roomId)).body.status).toBe('destroyed');
  });

  it('UpdateRoomConfig replaces the config (also of a suspended room)', async () => {
    const { roomId } = (await create({ region: 'London', roomConfig: 'old' })).body;
    const res = await server.post(server.rooms('update', roomId), { json: { roomConfig: '{"map":"new"}' } });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await info(roomId)).body.roomConfig).toBe('{"map":"new"}');
    await server.post(server.rooms('suspend', roomId));
    expect((await server.post(server.rooms('update', roomId), { json: { roomConfig: '' } })).status).toBe(204);
    expect((await info(roomId)).body.roomConfig).toBe('');
  });

  it('room info read between every change, as a polling client reads it, always shows the latest state', async () => {
    const { roomId } = (await create({ region: 'Sydney', roomConfig: 'a' })).body;
    const read = async () => (await info(roomId)).body;
    expect(await read()).toMatchObject({ status: 'scheduling', roomConfig: 'a' });
    await untilActive(roomId);
    expect((await read()).status).toBe('active');
    await server.post(server.rooms('update', roomId), { json: { roomConfig: 'b' } });
    expect((await read()).roomConfig).toBe('b');
    await server.post(server.rooms('suspend', roomId));
    expect(await read()).toMatchObject({ status: 'suspended', currentAllocation: null, roomConfig: 'b' });
    await connection(roomId); // schedules it again
    const rescheduled = await read();
    expect(rescheduled.status).toBe('scheduling');
    expect(rescheduled.allocations).toHaveLength(2);
    expect(rescheduled.currentAllocation).toEqual(rescheduled.allocations[1]);
    await server.post(server.rooms('destroy', roomId));
    expect(await read()).toMatchObject({ status: 'destroyed', currentAllocation: null });
    // A refused change changes nothing.
    expect((await server.post(server.rooms('update', roomId), { json: { roomConfig: 'c' } })).status).toBe(404);
    expect((await read()).roomConfig).toBe('b');
  });

  it('a room in the inactive list of its old process is not there while allocated on it again', async () => {
    const { roomId, processId } = (await create({ region: 'Washington_DC' })).body;
    await server.post(server.rooms('suspend', roomId));
    const resumed = await server.post(server.rooms('resume', roomId));
    expect(resumed.body.processId).toBe(processId); // the only process of the region has a free slot
    expect((await inactive(processId)).body.map((r) => r.roomId)).not.toContain(roomId);
    expect((await active(processId)).body.map((r) => r.roomId)).toContain(roomId);
  });
});

describe('processes', () => {
  it('a process starts (startedAt, exposedPort) and lists its rooms in list/running', async () => {
    const { roomId, processId } = (await create({ region: 'Sao_Paulo' })).body;
    const starting = await server.get<ProcessWithRooms[]>(server.processes('list/running?region=Sao_Paulo'));
    expect(starting.body[0]).toMatchObject({ processId, startedAt: null, exposedPort: null });
    clock.advance(1000);
    const running = await server.get<ProcessWithRooms[]>(server.processes('list/running?region=Sao_Paulo'));
    const p = running.body[0];
    expect(running.body).toHaveLength(1);
    expect(p).toMatchObject({
      processId,
      region: 'Sao_Paulo',
      appId: server.appId,
      deploymentId: 1,
      roomsPerProcess: 2,
      roomsAllocated: 1,
      roomSlotsAvailable: 1,
      totalRooms: 1,
      draining: false,
      stoppingAt: null,
      terminatedAt: null,
      idleSince: null,
      exposedPort: { transportType: 'tcp', name: 'default' },
    });
    expect(p?.host).toBe(p?.exposedPort?.host);
    expect(p?.port).toBe(p?.exposedPort?.port);
    expect(p?.rooms.map((r) => r.roomId)).toEqual([roomId]);

    const single = await server.get(server.processes(`info/${processId}`));
    expect(single.status).toBe(200);
    const { rooms: _rooms, totalRooms: _total, ...process } = p as ProcessWithRooms;
    expect(single.body).toEqual(process);
  });

  it('lists running processes most recently started first', async () => {
    const res = await server.get<ProcessWithRooms[]>(server.processes('list/running'));
    const starts = res.body.map((p) => Date.parse(p.startingAt));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('a process without rooms for the idle time stops and moves to list/stopped', async () => {
    const idle = await startServer({ ROOMDECK_SEED: '0', ROOMDECK_PROCESS_IDLE_MS: '100' });
    try {
      const created = await idle.post<CreateRoomResponse>(idle.rooms('create'), { json: { region: 'Tokyo' } });
      const { processId, roomId } = created.body;
      await idle.post(idle.rooms('destroy', roomId));
      const stopped = await waitFor(
        () => idle.get<ProcessWithRooms[]>(idle.processes('list/stopped')),
        (r) => r.body.some((p) => p.processId === processId),
        'the idle process to stop',
      );
      expect(stopped.body[0]).toMatchObject({
        processId,
        stoppingAt: expect.any(String),
        terminatedAt: expect.any(String),
        roomsAllocated: 0,
        idleSince: expect.any(String),
      });
      const running = await idle.get<ProcessWithRooms[]>(idle.processes('list/running'));
      expect(running.body.map((p) => p.processId)).not.toContain(processId);
      // A new room in the region gets a new process.
      const next = await idle.post<CreateRoomResponse>(idle.rooms('create'), { json: { region: 'Tokyo' } });
      expect(next.body.processId).not.toBe(processId);
      // The stopped process still answers its room lists.
      expect((await idle.get(idle.rooms('list', `${processId}/inactive`))).body).toHaveLength(1);
    } finally {
      await idle.close();
    }
  });

  it('list/stopped returns at most the 10 most recently stopped', async () => {
    const idle = await startServer({ ROOMDECK_SEED: '0', ROOMDECK_PROCESS_IDLE_MS: '0' });
    try {
      for (let i = 0; i < 12; i++) {
        const { roomId } = (await idle.post<CreateRoomResponse>(idle.rooms('create'), { json: { region: 'Dallas' } }))
          .body;
        await idle.post(idle.rooms('destroy', roomId));
      }
      const stopped = await idle.get<ProcessWithRooms[]>(idle.processes('list/stopped?region=Dallas'));
      expect(stopped.body).toHaveLength(10);
      const stops = stopped.body.map((p) => Date.parse(p.stoppingAt ?? ''));
      expect(stops).toEqual([...stops].sort((a, b) => b - a));
      expect((await idle.get(idle.processes('list/stopped?region=Tokyo'))).body).toEqual([]);
    } finally {
      await idle.close();
    }
  });
});

describe('GetConnectionInfo on a read-only server', () => {
  let readOnly: TestServer;
  beforeAll(async () => {
    readOnly = await startServer({ ROOMDECK_SEED: '0', ROOMDECK_READ_ONLY: '1' });
  });
  afterAll(() => readOnly.close());

  it('answers 409 for a suspended room even with the dev token, and never schedules it', async () => {
    // Read-only refuses SuspendRoom over the API, so the room is suspended in the store directly.
    const { store } = readOnly.roomdeck;
    const { roomId } = store.createRoom(readOnly.appId, { region: 'Tokyo' });
    store.suspendRoom(readOnly.appId, roomId);
    for (const token of [undefined, null]) {
      const res = await readOnly.get(readOnly.rooms('connectioninfo', roomId), { token });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe(
        `Room ${roomId} is suspended, and this Roomdeck is read-only (ROOMDECK_READ_ONLY=1), so it cannot be resumed here`,
      );
    }
    const room = (await readOnly.get<Room>(readOnly.rooms('info', roomId))).body;
    expect(room).toMatchObject({ status: 'suspended', currentAllocation: null });
    expect(room.allocations).toHaveLength(1);
  });
});
