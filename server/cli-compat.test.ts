import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * The old Hathora CLI `hathora-cloud` (@hathora/cli 1.19.0, deprecated; npm no longer serves it) against the local
 * server with only HATHORA_CLOUD_API_BASE changed. The CLI cannot be installed here, so this test sends with fetch
 * the requests it sends and checks that the answers give its generated client what that client reads.
 *
 * Reference for the request and response shapes (read, not copied), github hathora/cli:
 * - package.json @80c83f69a6d36f2c9ea8561aaf4009fd5b501c18: version 1.19.0, HTTP through node-fetch 3.
 * - src/config/api.ts (the stored version that reads the variable): the base URL is HATHORA_CLOUD_API_BASE, default
 *   https://api.hathora.dev, and the client appends the operation path to it as is. So the base for this server is
 *   `http://127.0.0.1:PORT/api`, with no trailing slash (`/api/` would request `/api//rooms/...`, a 404).
 * - src/util/getClient.ts @76f15af83940b52008229d7922b92bf507fdd7e3: RoomV2Api and ProcessesV1Api built with
 *   `headers: { Authorization: 'Bearer <--token>' }`, a header sent on every call, connectioninfo included.
 * - src/commands/room/create.ts, room/connect.ts, processes/list.ts @76f15af8 and
 *   @00472a8792432a90755e4672e10606a90f66d84d (the stored versions; none is stored at 80c83f69): createRoom with
 *   `{ region }` only (no roomId, no roomConfig), getConnectionInfo, and getRunningProcesses or getStoppedProcesses
 *   (--target) with an optional region; results printed as JSON, or as a console.table of the fields
 *   processId, deploymentId, region, activeConnections.
 * - swagger.json @ee9a8a370ce409fa2dac0cfdbbf0554f427a6dad (2023-07) and @76ee874afc0ac42bfed29a2562423f70498d6fa0
 *   (2024-04), from which that client is generated (openapi-generator typescript-fetch): paths, required fields.
 *   The generated client treats any 2xx as success, parses the body with response.json(), then calls `.map` on
 *   every array field, `new Date(...)` on every date-time field (nullable ones only when not null) and takes the
 *   other fields as they are. A missing array throws; a missing or malformed date becomes an Invalid Date.
 */
let server: TestServer;
let apiBase: string; // what the user sets HATHORA_CLOUD_API_BASE to

beforeAll(async () => {
  server = await startServer();
  apiBase = `${server.base}/api`;
});
afterAll(() => server.close());

/** Region values of the CLI's Region enum (swagger 2024-04; the 2023-07 one lacks Los_Angeles). */
const CLI_REGIONS = [
  'Seattle',
  'Los_Angeles',
  'Washington_DC',
  'Chicago',
  'London',
  'Frankfurt',
  'Mumbai',
  'Singapore',
  'Tokyo',
  'Sydney',
  'Sao_Paulo',
];

// biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field
type Json = any;

/**
 * One call as the CLI's client makes it: its configured Authorization header on every call, Content-Type only with
 * a JSON body, the query only when a region is given. Fails unless the answer is what the client accepts (2xx) and
 * JSON; returns the parsed body.
 */
async function cli(method: 'GET' | 'POST', path: string, options: { region?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${server.token}`, Accept: '*/*' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const query = options.region === undefined ? '' : `?region=${encodeURIComponent(options.region)}`;
  const res = await fetch(`${apiBase}${path}${query}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  expect(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${text}`).toBe(true);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: JSON.parse(text) as Json };
}

function expectDateTime(value: unknown, field: string): void {
  expect(typeof value, field).toBe('string');
  expect(Number.isNaN(new Date(value as string).getTime()), `${field} = ${String(value)}`).toBe(false);
}

function expectNullableDateTime(value: unknown, field: string): void {
  expect(value, `${field} must be present (null when empty)`).not.toBeUndefined();
  if (value !== null) expectDateTime(value, field);
}

function expectExposedPort(p: Json, field: string): void {
  expect(['tcp', 'udp', 'tls'], `${field}.transportType`).toContain(p.transportType);
  expect(typeof p.port, `${field}.port`).toBe('number');
  expect(typeof p.host, `${field}.host`).toBe('string');
  expect(typeof p.name, `${field}.name`).toBe('string');
}

/** ConnectionInfoV2: what `room connection-info` prints (and `room create`, with processId). */
function expectConnectionInfo(c: Json, roomId: string): void {
  expect(c.roomId).toBe(roomId);
  expect(['starting', 'active']).toContain(c.status);
  expect(Array.isArray(c.additionalExposedPorts), 'additionalExposedPorts').toBe(true);
  for (const [i, p] of c.additionalExposedPorts.entries()) expectExposedPort(p, `additionalExposedPorts[${i}]`);
  if (c.status === 'active') expectExposedPort(c.exposedPort, 'exposedPort');
  else if (c.exposedPort != null) expectExposedPort(c.exposedPort, 'exposedPort');
}

/** Process, with the required fields of both swagger versions. */
function expectProcess(p: Json): void {
  const where = `process ${p.processId}`;
  for (const f of ['processId', 'appId', 'host']) expect(typeof p[f], `${where}: ${f}`).toBe('string');
  expect(CLI_REGIONS, `${where}: region`).toContain(p.region);
  expect(Number.isInteger(p.deploymentId), `${where}: deploymentId`).toBe(true);
  for (const f of ['egressedBytes', 'activeConnections', 'roomSlotsAvailable', 'roomsAllocated', 'roomsPerProcess']) {
    expect(typeof p[f], `${where}: ${f}`).toBe('number');
  }
  expect(typeof p.port, `${where}: port`).toBe('number');
  expect(typeof p.draining, `${where}: draining`).toBe('boolean');
  for (const f of [
    'activeConnectionsUpdatedAt',
    'roomSlotsAvailableUpdatedAt',
    'roomsAllocatedUpdatedAt',
    'startingAt',
  ]) {
    expectDateTime(p[f], `${where}: ${f}`);
  }
  for (const f of ['idleSince', 'startedAt', 'stoppingAt', 'terminatedAt']) {
    expectNullableDateTime(p[f], `${where}: ${f}`);
  }
  expect(Array.isArray(p.additionalExposedPorts), `${where}: additionalExposedPorts`).toBe(true);
  for (const [i, e] of p.additionalExposedPorts.entries()) {
    expectExposedPort(e, `${where}: additionalExposedPorts[${i}]`);
  }
  if (p.exposedPort != null) expectExposedPort(p.exposedPort, `${where}: exposedPort`);
}

/** ProcessWithRooms: a Process plus `rooms` (RoomWithoutAllocations[]) and `totalRooms`. */
function expectProcessWithRooms(p: Json): void {
  expectProcess(p);
  expect(Array.isArray(p.rooms), `process ${p.processId}: rooms`).toBe(true);
  expect(typeof p.totalRooms, `process ${p.processId}: totalRooms`).toBe('number');
  for (const r of p.rooms) {
    const where = `room ${r.roomId}`;
    expect(typeof r.roomId, where).toBe('string');
    expect(typeof r.appId, `${where}: appId`).toBe('string');
    expect(['scheduling', 'active', 'suspended', 'destroyed'], `${where}: status`).toContain(r.status);
    expect(r.roomConfig === null || typeof r.roomConfig === 'string', `${where}: roomConfig`).toBe(true);
    expect(r.currentAllocation, `${where}: currentAllocation must be present`).not.toBeUndefined();
    if (r.currentAllocation !== null) {
      const a = r.currentAllocation;
      expectDateTime(a.scheduledAt, `${where}: currentAllocation.scheduledAt`);
      expectNullableDateTime(a.unscheduledAt, `${where}: currentAllocation.unscheduledAt`);
      expect(typeof a.processId, `${where}: currentAllocation.processId`).toBe('string');
      expect(typeof a.roomAllocationId, `${where}: currentAllocation.roomAllocationId`).toBe('string');
    }
  }
}

describe('hathora-cloud (old CLI) with HATHORA_CLOUD_API_BASE set to the local server', () => {
  it('room create, then room connection-info until the room is active', async () => {
    // hathora-cloud room create --appId <app> --region Frankfurt --token <token>
    const created = await cli('POST', `/rooms/v2/${server.appId}/create`, { body: { region: 'Frankfurt' } });
    expect(created.status).toBe(201);
    const roomId: string = created.body.roomId;
    expect(typeof roomId).toBe('string');
    expectConnectionInfo(created.body, roomId);
    expect(typeof created.body.processId).toBe('string'); // required in the 2024-04 swagger

    // hathora-cloud room connection-info --appId <app> --roomId <room> --token <token>, repeated by the user
    const connectionInfo = () => cli('GET', `/rooms/v2/${server.appId}/connectioninfo/${roomId}`);
    const active = await waitFor(
      async () => {
        const { status, body } = await connectionInfo();
        expect(status).toBe(200);
        expectConnectionInfo(body, roomId);
        return body;
      },
      (c) => c.status === 'active',
      'the room to become active',
    );
    expectExposedPort(active.exposedPort, 'exposedPort');
  });

  it('processes list --target running, without and with --region', async () => {
    // hathora-cloud processes list --appId <app> --token <token>   (--target running is the default)
    const all = await cli('GET', `/processes/v1/${server.appId}/list/running`);
    expect(all.status).toBe(200);
    expect(Array.isArray(all.body)).toBe(true);
    all.body.forEach(expectProcessWithRooms);
    expect(all.body.map((p: Json) => p.processId)).toContain(DEMO.processes.seattle);

    // ... --region Frankfurt
    const frankfurt = await cli('GET', `/processes/v1/${server.appId}/list/running`, { region: 'Frankfurt' });
    frankfurt.body.forEach(expectProcessWithRooms);
    expect(frankfurt.body.map((p: Json) => p.processId)).toContain(DEMO.processes.frankfurt);
    expect(frankfurt.body.every((p: Json) => p.region === 'Frankfurt')).toBe(true);
  });

  it('processes list --target stopped, without and with --region', async () => {
    // hathora-cloud processes list --appId <app> --target stopped --token <token>
    const all = await cli('GET', `/processes/v1/${server.appId}/list/stopped`);
    expect(all.status).toBe(200);
    expect(Array.isArray(all.body)).toBe(true);
    all.body.forEach(expectProcess);
    expect(all.body.map((p: Json) => p.processId)).toContain(DEMO.processes.stopped);

    // ... --region Frankfurt, then --region Seattle (the stopped demo process is in Frankfurt)
    const frankfurt = await cli('GET', `/processes/v1/${server.appId}/list/stopped`, { region: 'Frankfurt' });
    frankfurt.body.forEach(expectProcess);
    expect(frankfurt.body.map((p: Json) => p.processId)).toContain(DEMO.processes.stopped);
    const seattle = await cli('GET', `/processes/v1/${server.appId}/list/stopped`, { region: 'Seattle' });
    expect(seattle.body.every((p: Json) => p.region === 'Seattle')).toBe(true);
    expect(seattle.body.map((p: Json) => p.processId)).not.toContain(DEMO.processes.stopped);
  });
});
