import { HathoraCloud } from '@hathora/cloud-sdk-typescript';
import { ApiError } from '@hathora/cloud-sdk-typescript/models/errors/apierror.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * The official SDK (@hathora/cloud-sdk-typescript, the current npm version) against the local server, with only
 * the server URL changed: the whole room lifecycle and the ProcessesV1 calls, with no error.
 */
let server: TestServer;
let sdk: HathoraCloud;

beforeAll(async () => {
  server = await startServer();
  sdk = new HathoraCloud({ hathoraDevToken: server.token, appId: server.appId, serverURL: `${server.base}/api` });
});
afterAll(() => server.close());

describe('@hathora/cloud-sdk-typescript', () => {
  it('create -> poll connection info until active -> info -> lists -> update -> suspend -> resume -> destroy', async () => {
    const created = await sdk.roomsV2.createRoom({ region: 'Frankfurt', roomConfig: '{"mode":"sdk"}' });
    expect(created.status).toBe('starting');
    const { roomId, processId } = created;

    const connection = await waitFor(
      () => sdk.roomsV2.getConnectionInfo(roomId),
      (c) => c.status === 'active',
      'the room to become active',
    );
    expect(connection.exposedPort).toMatchObject({ transportType: 'tcp', name: 'default' });

    const room = await sdk.roomsV2.getRoomInfo(roomId);
    expect(room).toMatchObject({ roomId, status: 'active', roomConfig: '{"mode":"sdk"}' });
    expect(room.allocations).toHaveLength(1);
    expect(room.currentAllocation?.scheduledAt).toBeInstanceOf(Date);
    expect(room.currentAllocation?.unscheduledAt).toBeNull();

    const activeRooms = await sdk.roomsV2.getActiveRoomsForProcess(processId);
    expect(activeRooms.map((r) => r.roomId)).toContain(roomId);
    expect(Array.isArray(await sdk.roomsV2.getInactiveRoomsForProcess(processId))).toBe(true);

    await sdk.roomsV2.updateRoomConfig(roomId, { roomConfig: '{"mode":"sdk","round":2}' });
    expect((await sdk.roomsV2.getRoomInfo(roomId)).roomConfig).toBe('{"mode":"sdk","round":2}');

    await sdk.roomsV2.suspendRoomV2Deprecated(roomId);
    expect((await sdk.roomsV2.getRoomInfo(roomId)).status).toBe('suspended');
    expect((await sdk.roomsV2.getInactiveRoomsForProcess(processId)).map((r) => r.roomId)).toContain(roomId);

    const resumed = await sdk.roomsV2.resumeRoom(roomId);
    expect(resumed).toMatchObject({ roomId, status: 'starting' });
    await waitFor(
      () => sdk.roomsV2.getConnectionInfo(roomId),
      (c) => c.status === 'active',
      'the resumed room to become active',
    );
    expect((await sdk.roomsV2.getRoomInfo(roomId)).allocations).toHaveLength(2);

    await sdk.roomsV2.destroyRoom(roomId);
    expect((await sdk.roomsV2.getRoomInfo(roomId)).status).toBe('destroyed');
    await expect(sdk.roomsV2.getConnectionInfo(roomId)).rejects.toBeInstanceOf(ApiError);
  });

  it('creates a room with a custom id and the fields of later clients', async () => {
    const created = await sdk.roomsV2.createRoom(
      { region: 'Tokyo', deploymentId: 'dep-6d4c6a71-2d6e-4e46-9a3e-2fd5f0c2b1a4', clientIPs: ['198.51.100.4'] },
      undefined,
      'sdk-custom-room',
    );
    expect(created.roomId).toBe('sdk-custom-room');
    const duplicate = sdk.roomsV2.createRoom({ region: 'Tokyo' }, undefined, 'sdk-custom-room');
    await expect(duplicate).rejects.toThrow(/sdk-custom-room/);
  });

  it('lists running and stopped processes and reads a process', async () => {
    const running = await sdk.processesV1.getRunningProcesses();
    expect(running.map((p) => p.processId)).toContain(DEMO.processes.seattle);
    const seattle = running.find((p) => p.processId === DEMO.processes.seattle);
    expect(seattle?.rooms.length).toBe(seattle?.totalRooms);
    expect(seattle?.startedAt).toBeInstanceOf(Date);

    const tokyo = await sdk.processesV1.getRunningProcesses(undefined, 'Tokyo');
    expect(tokyo.every((p) => p.region === 'Tokyo')).toBe(true);

    const stopped = await sdk.processesV1.getStoppedProcesses();
    expect(stopped.map((p) => p.processId)).toContain(DEMO.processes.stopped);
    expect(stopped[0]?.terminatedAt).toBeInstanceOf(Date);

    const info = await sdk.processesV1.getProcessInfoDeprecated(DEMO.processes.frankfurt);
    expect(info).toMatchObject({ processId: DEMO.processes.frankfurt, region: 'Frankfurt', deploymentId: 3 });
  });

  it('reads, counts, pages, creates and stops processes through ProcessesV3, and reads metrics and logs', async () => {
    const latest = await sdk.processesV3.getLatestProcesses();
    expect(latest.length).toBeGreaterThan(0);
    expect(latest.length).toBeLessThanOrEqual(10);
    const times = latest.map((p) => p.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const tokyo = await sdk.processesV3.getProcess(DEMO.processes.tokyo);
    expect(tokyo).toMatchObject({
      processId: DEMO.processes.tokyo,
      region: 'Tokyo',
      status: 'running',
      deploymentId: '3',
    });
    const stopped = await sdk.processesV3.getProcess(DEMO.processes.stopped);
    expect(stopped.status).toBe('stopped');
    expect(stopped.terminatedAt).toBeInstanceOf(Date);

    const running = await sdk.processesV3.getLatestProcesses(undefined, ['running'], ['Seattle', 'Tokyo']);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((p) => p.status === 'running' && (p.region === 'Seattle' || p.region === 'Tokyo'))).toBe(true);
    const { count } = await sdk.processesV3.getProcessesCountExperimental(undefined, ['running'], ['Seattle', 'Tokyo']);
    expect(count).toBe(running.length);

    // Paging: everything created before the oldest of a page comes next, and nothing repeats.
    const oldest = latest.at(-1)?.createdAt.getTime() as number;
    const older = await sdk.processesV3.getLatestProcesses(undefined, undefined, undefined, oldest);
    expect(older.every((p) => p.createdAt.getTime() < oldest)).toBe(true);

    const warm = await sdk.processesV3.createProcess('Sydney');
    expect(warm).toMatchObject({ region: 'Sydney', status: 'starting', roomsAllocated: 0 });
    await waitFor(
      () => sdk.processesV3.getProcess(warm.processId),
      (p) => p.status === 'running',
      'the pre-warmed process to run',
    );
    const room = await sdk.roomsV2.createRoom({ region: 'Sydney' });
    expect(room.processId).toBe(warm.processId);
    await sdk.processesV3.stopProcess(warm.processId);
    const after = await sdk.processesV3.getProcess(warm.processId);
    expect(after.status).toBe('stopped');
    expect(after.summaryExitReason).toContain('StopProcess');
    expect((await sdk.roomsV2.getRoomInfo(room.roomId)).status).toBe('destroyed');

    // A simulated process has no samples and no log (nothing ran), but both answer.
    const metrics = await sdk.processesV3.getProcessMetrics({
      processId: DEMO.processes.tokyo,
      metrics: ['cpu', 'memory'],
    });
    expect(metrics).toEqual({ cpu: [], memory: [] });
    const log = await sdk.logsV1.getLogsForProcess(DEMO.processes.tokyo, undefined, false, 10);
    expect(await new Response(log).text()).toBe('');
  });

  it("surfaces 401 and 404 as ApiError with the server's message", async () => {
    const anonymous = new HathoraCloud({ appId: server.appId, serverURL: `${server.base}/api` });
    await expect(anonymous.roomsV2.getRoomInfo(DEMO.rooms.lobbyEu)).rejects.toThrow(/bearer token/i);
    // Connection info needs no token.
    expect((await anonymous.roomsV2.getConnectionInfo(DEMO.rooms.lobbyEu)).status).toBe('active');
    const missing = await sdk.roomsV2.getRoomInfo('no-such-room').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).statusCode).toBe(404);
    expect((missing as ApiError).message).toContain('no-such-room');
  });
});
