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

export type RoomState = 'allocated' | 'suspended' | 'destroyed';

export interface ProcessRow {
  process_id: string;
  app_id: string;
  region: Region;
  deployment_id: number;
  host: string;
  port: number;
  additional_ports: string;
  rooms_per_process: number;
  active_rooms: number;
  rooms_updated_at: number;
  active_connections: number;
  egressed_bytes: number;
  starting_at: number;
  started_at: number;
  idle_since: number | null;
  stopping_at: number | null;
  terminated_at: number | null;
}

export interface AllocationRow {
  allocation_id: string;
  process_id: string;
  scheduled_at: number;
  ready_at: number;
  unscheduled_at: number | null;
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
}

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** `allocated` is stored; whether it is `scheduling` or `active` follows from the allocation's ready time. */
export function roomStatus(state: RoomState, readyAt: number | null, now: number): Schemas['RoomStatus'] {
  if (state !== 'allocated') return state;
  return readyAt !== null && readyAt <= now ? 'active' : 'scheduling';
}

export function allocationView(a: AllocationRow): RoomAllocation {
  return {
    unscheduledAt: isoOrNull(a.unscheduled_at),
    scheduledAt: iso(a.scheduled_at),
    processId: a.process_id,
    roomAllocationId: a.allocation_id,
  };
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

export function roomView(r: RoomRow, allocations: AllocationRow[], now: number): Room {
  const current = allocations.find((a) => a.allocation_id === r.current_allocation_id) ?? null;
  return {
    currentAllocation: current && allocationView(current),
    status: roomStatus(r.state, current?.ready_at ?? null, now),
    allocations: allocations.map(allocationView),
    roomConfig: r.room_config,
    roomId: r.room_id,
    appId: r.app_id,
  };
}

export const defaultPort = (host: string, port: number): ExposedPort => ({
  transportType: 'tcp',
  port,
  host,
  name: 'default',
});

/**
 * Connection data of an allocated room: `starting` until its ready time, then `active` with the ports of its
 * process. Rooms of one process share the process's ports, as on Hathora.
 */
export function connectionView(r: ConnectionRow, now: number): CreateRoomResponse {
  if (r.process_id === null || r.ready_at === null || r.host === null || r.port === null) {
    throw new Error(`Room ${r.room_id} has no current allocation`);
  }
  if (r.ready_at > now) {
    return { additionalExposedPorts: [], status: 'starting', roomId: r.room_id, processId: r.process_id };
  }
  return {
    additionalExposedPorts: JSON.parse(r.additional_ports ?? '[]') as ExposedPort[],
    exposedPort: defaultPort(r.host, r.port),
    status: 'active',
    roomId: r.room_id,
    processId: r.process_id,
  };
}

export function processView(p: ProcessRow, now: number): Process {
  const started = p.started_at <= now;
  return {
    egressedBytes: p.egressed_bytes,
    idleSince: isoOrNull(p.idle_since),
    activeConnectionsUpdatedAt: iso(p.rooms_updated_at),
    activeConnections: p.active_connections,
    roomsAllocatedUpdatedAt: iso(p.rooms_updated_at),
    roomsAllocated: p.active_rooms,
    roomSlotsAvailableUpdatedAt: iso(p.rooms_updated_at),
    roomSlotsAvailable: Math.max(0, p.rooms_per_process - p.active_rooms),
    draining: p.stopping_at !== null,
    terminatedAt: isoOrNull(p.terminated_at),
    stoppingAt: isoOrNull(p.stopping_at),
    // A process stopped before it finished starting never started.
    startedAt: started && (p.stopping_at === null || p.started_at <= p.stopping_at) ? iso(p.started_at) : null,
    startingAt: iso(p.starting_at),
    roomsPerProcess: p.rooms_per_process,
    additionalExposedPorts: JSON.parse(p.additional_ports) as ExposedPort[],
    exposedPort: started ? defaultPort(p.host, p.port) : null,
    port: p.port,
    host: p.host,
    region: p.region,
    processId: p.process_id,
    deploymentId: p.deployment_id,
    appId: p.app_id,
  };
}
