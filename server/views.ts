import type { components } from '../src/api/schema.d.ts';

/** The API shapes, generated from openapi/openapi.yaml (`npm run gen:api`). */
export type Schemas = components['schemas'];
export type Region = Schemas['Region'];
export type ExposedPort = Schemas['ExposedPort'];
export type RoomAllocation = Schemas['RoomAllocation'];
export type Room = Schemas['Room'];
export type RoomWithoutAllocations = Schemas['RoomWithoutAllocations'];
export type ConnectionInfoV2 = Schemas['ConnectionInfoV2'];
export type CreateRoomResponse = Schemas['CreateRoomResponse'];
export type RoomAllocationData = Schemas['RoomAllocationData'];
export type CreateRoomParams = Schemas['CreateRoomParams'];
export type Process = Schemas['Process'];
export type ProcessWithRooms = Schemas['ProcessWithRooms'];
export type ProcessV3 = Schemas['ProcessV3'];
export type ProcessStatus = Schemas['ProcessStatus'];
type TransportType = ExposedPort['transportType'];

export type RoomState = 'allocated' | 'suspended' | 'destroyed';

export interface ProcessRow {
  process_id: string;
  app_id: string;
  region: Region;
  deployment_id: number;
  runtime: 'simulated' | 'local';
  host: string;
  port: number;
  transport_type: TransportType;
  additional_ports: string;
  rooms_per_process: number;
  active_rooms: number;
  rooms_updated_at: number;
  active_connections: number;
  egressed_bytes: number;
  starting_at: number;
  booted_at: number | null;
  started_at: number | null;
  idle_since: number | null;
  idle_timeout: number;
  draining: number;
  stopping_at: number | null;
  terminated_at: number | null;
  exit_kind: 'stopped' | 'failed' | null;
  exit_reason: string | null;
  pid: number | null;
  pid_start: string | null;
  token_hash: string | null;
}

export interface RoomRow {
  room_id: string;
  app_id: string;
  region: Region;
  room_config: string | null;
  state: RoomState;
  current_allocation_id: string | null;
}

/** A room joined with its current allocation (all allocation columns null when it has none). */
export interface RoomListRow {
  room_id: string;
  app_id: string;
  room_config: string | null;
  state: RoomState;
  allocation_id: string | null;
  process_id: string | null;
  scheduled_at: number | null;
  ready_at: number | null;
}

/** A room joined with its current allocation and that allocation's process, for connection data. */
export interface ConnectionRow {
  room_id: string;
  app_id: string;
  region: Region;
  state: RoomState;
  process_id: string | null;
  ready_at: number | null;
  host: string | null;
  port: number | null;
  additional_ports: string | null;
  transport_type: TransportType | null;
}

/**
 * Row decoders for statements read in raw mode (arrays), in the column order of their SELECT in store.ts.
 */
export const decode = {
  room: (r: unknown[]): RoomRow => ({
    room_id: r[0] as string,
    app_id: r[1] as string,
    region: r[2] as Region,
    room_config: r[3] as string | null,
    state: r[4] as RoomState,
    current_allocation_id: r[5] as string | null,
  }),
  roomList: (r: unknown[]): RoomListRow => ({
    room_id: r[0] as string,
    app_id: r[1] as string,
    room_config: r[2] as string | null,
    state: r[3] as RoomState,
    allocation_id: r[4] as string | null,
    process_id: r[5] as string | null,
    scheduled_at: r[6] as number | null,
    ready_at: r[7] as number | null,
  }),
  connection: (r: unknown[]): ConnectionRow => ({
    room_id: r[0] as string,
    app_id: r[1] as string,
    region: r[2] as Region,
    state: r[3] as RoomState,
    process_id: r[4] as string | null,
    ready_at: r[5] as number | null,
    host: r[6] as string | null,
    port: r[7] as number | null,
    additional_ports: r[8] as string | null,
    transport_type: r[9] as TransportType | null,
  }),
};

const isoCache = new Map<number, string>();

/**
 * ISO-8601 of an epoch-ms time. Memoized: stored times never change and the same ones are formatted on every read
 * of a room (the cache is simply emptied when it reaches 50,000 entries).
 */
export function iso(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoCache.size >= 50_000) isoCache.clear();
    isoCache.set(ms, text);
  }
  return text;
}
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** `allocated` is stored; whether it is `scheduling` or `active` follows from the allocation's ready time. */
export function roomStatus(state: RoomState, readyAt: number | null, now: number): Schemas['RoomStatus'] {
  if (state !== 'allocated') return state;
  return readyAt !== null && readyAt <= now ? 'active' : 'scheduling';
}

export function roomListView(r: RoomListRow, now: number): RoomWithoutAllocations {
  return {
    currentAllocation:
      r.allocation_id === null || r.process_id === null || r.scheduled_at === null
        ? null
        : {
            unscheduledAt: null,
            scheduledAt: iso(r.scheduled_at),
            processId: r.process_id,
            roomAllocationId: r.allocation_id,
          },
    status: roomStatus(r.state, r.ready_at, now),
    roomConfig: r.room_config,
    roomId: r.room_id,
    appId: r.app_id,
  };
}

/**
 * A room from the rows of SQL.roomWithAllocations: the room's columns (0-5) on every row, then one allocation per
 * row (6-10, all null for a room without any), oldest first. Built in one pass: this is the hottest read.
 */
export function roomFromRows(rows: unknown[][], now: number): Room {
  const first = rows[0] as unknown[];
  const currentId = first[5] as string | null;
  let current: RoomAllocation | null = null;
  let readyAt: number | null = null;
  const allocations: RoomAllocation[] = [];
  for (const row of rows) {
    if (row[6] === null) continue;
    const allocation: RoomAllocation = {
      unscheduledAt: isoOrNull(row[10] as number | null),
      scheduledAt: iso(row[8] as number),
      processId: row[7] as string,
      roomAllocationId: row[6] as string,
    };
    allocations.push(allocation);
    if (row[6] === currentId) {
      current = allocation;
      readyAt = row[9] as number;
    }
  }
  return {
    currentAllocation: current,
    status: roomStatus(first[4] as RoomState, readyAt, now),
    allocations,
    roomConfig: first[3] as string | null,
    roomId: first[0] as string,
    appId: first[1] as string,
  };
}

export const defaultPort = (host: string, port: number, transportType: TransportType = 'tcp'): ExposedPort => ({
  transportType,
  port,
  host,
  name: 'default',
});

/**
 * Connection data of an allocated room: `starting` until its ready time, then `active` with the ports of its
 * process. Rooms of one process share the process's ports, as on Hathora.
 */
export function connectionView(r: ConnectionRow, now: number): CreateRoomResponse {
  if (r.process_id === null || r.host === null || r.port === null) {
    throw new Error(`Room ${r.room_id} has no current allocation`);
  }
  if (r.ready_at === null || r.ready_at > now) {
    return { additionalExposedPorts: [], status: 'starting', roomId: r.room_id, processId: r.process_id };
  }
  return {
    additionalExposedPorts: JSON.parse(r.additional_ports ?? '[]') as ExposedPort[],
    exposedPort: defaultPort(r.host, r.port, r.transport_type ?? 'tcp'),
    status: 'active',
    roomId: r.room_id,
    processId: r.process_id,
  };
}

const hasStarted = (p: ProcessRow, now: number): p is ProcessRow & { started_at: number } =>
  p.started_at !== null && p.started_at <= now;

export function processView(p: ProcessRow, now: number): Process {
  const started = hasStarted(p, now);
  return {
    egressedBytes: p.egressed_bytes,
    idleSince: isoOrNull(p.idle_since),
    activeConnectionsUpdatedAt: iso(p.rooms_updated_at),
    activeConnections: p.active_connections,
    roomsAllocatedUpdatedAt: iso(p.rooms_updated_at),
    roomsAllocated: p.active_rooms,
    roomSlotsAvailableUpdatedAt: iso(p.rooms_updated_at),
    roomSlotsAvailable: p.draining === 1 ? 0 : Math.max(0, p.rooms_per_process - p.active_rooms),
    draining: p.draining === 1 || p.stopping_at !== null,
    terminatedAt: isoOrNull(p.terminated_at),
    stoppingAt: isoOrNull(p.stopping_at),
    // A process stopped before it finished starting never started.
    startedAt: started && (p.stopping_at === null || p.started_at <= p.stopping_at) ? iso(p.started_at) : null,
    startingAt: iso(p.starting_at),
    roomsPerProcess: p.rooms_per_process,
    additionalExposedPorts: JSON.parse(p.additional_ports) as ExposedPort[],
    exposedPort: started ? defaultPort(p.host, p.port, p.transport_type) : null,
    port: p.port,
    host: p.host,
    region: p.region,
    processId: p.process_id,
    deploymentId: p.deployment_id,
    appId: p.app_id,
  };
}

/** A process's status (as store.ts PROCESS_STATUS computes it in SQL). */
export function processStatus(p: ProcessRow, now: number): ProcessStatus {
  if (p.terminated_at !== null && p.terminated_at <= now) return p.exit_kind ?? 'stopped';
  if (p.stopping_at !== null && p.stopping_at <= now) return 'stopping';
  if (!hasStarted(p, now)) return 'starting';
  return p.draining === 1 ? 'draining' : 'running';
}

export function processV3View(p: ProcessRow, now: number): ProcessV3 {
  const status = processStatus(p, now);
  const started = hasStarted(p, now) && (p.stopping_at === null || (p.started_at as number) <= p.stopping_at);
  const live = status === 'running' || status === 'draining' || status === 'stopping';
  return {
    processId: p.process_id,
    appId: p.app_id,
    deploymentId: String(p.deployment_id),
    region: p.region,
    status,
    roomsAllocated: p.active_rooms,
    roomsPerProcess: p.rooms_per_process,
    exposedPort: started && live ? defaultPort(p.host, p.port, p.transport_type) : null,
    additionalExposedPorts: started && live ? (JSON.parse(p.additional_ports) as ExposedPort[]) : [],
    createdAt: iso(p.starting_at),
    scheduledAt: iso(p.starting_at),
    bootedAt: p.booted_at !== null && p.booted_at <= now ? iso(p.booted_at) : null,
    startedAt: started ? iso(p.started_at as number) : null,
    stoppingAt: p.stopping_at !== null && p.stopping_at <= now ? iso(p.stopping_at) : null,
    terminatedAt: p.terminated_at !== null && p.terminated_at <= now ? iso(p.terminated_at) : null,
    ...(p.exit_reason !== null && (status === 'stopped' || status === 'failed' || status === 'stopping')
      ? { summaryExitReason: p.exit_reason }
      : status === 'stopped'
        ? { summaryExitReason: 'Stopped' }
        : {}),
  };
}
