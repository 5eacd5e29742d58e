import { randomInt } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { ApiError, badRequest, notFound } from './errors.ts';
import { newAllocationId, newProcessId, newRoomId } from './ids.ts';
import {
  type ConnectionInfoV2,
  type CreateRoomParams,
  type CreateRoomResponse,
  connectionView,
  decode,
  type Process,
  type ProcessRow,
  type ProcessWithRooms,
  processView,
  type Region,
  type Room,
  type RoomAllocationData,
  type RoomRow,
  type RoomWithoutAllocations,
  roomFromRows,
  roomListView,
} from './views.ts';

export interface StoreOptions {
  /** The one app this server serves; any other app id is answered 404. */
  appId: string;
  processStartMs: number;
  roomStartMs: number;
  roomsPerProcess: number;
  processIdleMs: number;
  /** The clock, injectable for tests. */
  now?: () => number;
}

/** How many stopped processes list/stopped returns (Hathora: "10 most recently stopped"). */
const STOPPED_LIST_LIMIT = 10;

/** How many rooms' rows the room cache keeps (about 1 kB each); the oldest entry goes first. */
const ROOM_CACHE_SIZE = 10_000;

const ROOM_LIST_COLUMNS = `r.room_id, r.app_id, r.room_config, r.state,
  a.allocation_id, a.process_id, a.scheduled_at, a.ready_at`;

export function hostForRegion(region: Region): string {
  return `${region.toLowerCase().replaceAll('_', '-')}.rooms.roomdeck.local`;
}

/**
 * The rooms and processes of the app, in SQLite. Every mutation is one transaction; every statement is prepared
 * once. Methods throw {@link ApiError}s (404 for an unknown app, room or process, 400 for a taken room id).
 */
export class Store {
  private readonly now: () => number;
  private readonly deploymentId: number;
  private readonly s: ReturnType<typeof prepare>;
  private readonly runInTransaction;
  /**
   * The rows of SQL.roomWithAllocations of recently read rooms, for GET room info (the read that clients poll).
   * This process is the database's only user (openDatabase locks the file) and every change to a room goes
   * through this class, which forgets the room's rows whenever it writes them (see `forget`); a room's status is
   * derived from the clock at each read, so nothing cached goes stale.
   */
  private readonly roomRows = new Map<string, unknown[][]>();

  constructor(
    readonly db: Db,
    readonly options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.s = prepare(db);
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
    const latest = db.prepare('SELECT MAX(deployment_id) AS d FROM processes WHERE app_id = ?').get(options.appId) as {
      d: number | null;
    };
    this.deploymentId = latest.d ?? 1;
  }

  // ---- rooms ---------------------------------------------------------------------------------------------------

  createRoom(appId: string, params: CreateRoomParams, customRoomId?: string): CreateRoomResponse {
    this.requireApp(appId);
    return this.tx(() => {
      const now = this.now();
      let roomId = customRoomId;
      if (roomId !== undefined) {
        if (this.s.roomExists.get(roomId) !== undefined) {
          throw badRequest(`Room ID '${roomId}' is already taken: room IDs are globally unique, even destroyed ones`);
        }
      } else {
        do roomId = newRoomId();
        while (this.s.roomExists.get(roomId) !== undefined);
      }
      this.s.insertRoom.run({
        room_id: roomId,
        app_id: appId,
        region: params.region,
        room_config: params.roomConfig ?? null,
        created_at: now,
        deployment_id: params.deploymentId ?? null,
        client_ips: params.clientIPs ? JSON.stringify(params.clientIPs) : null,
      });
      this.schedule(appId, roomId, params.region, now);
      return this.connection(roomId, now);
    });
  }

  getRoom(appId: string, roomId: string): Room {
    this.requireApp(appId);
    let rows = this.roomRows.get(roomId);
    if (rows === undefined) {
      rows = this.s.roomWithAllocations.all(roomId) as unknown[][];
      if (rows[0] === undefined) throw roomNotFound(appId, roomId);
      if (this.roomRows.size >= ROOM_CACHE_SIZE) this.roomRows.delete(this.roomRows.keys().next().value as string);
      this.roomRows.set(roomId, rows);
    }
    if (rows[0]?.[1] !== appId) throw roomNotFound(appId, roomId);
    return roomFromRows(rows, this.now());
  }

  /**
   * A room's connection data. A suspended room is scheduled again only with `resume` (the caller may resume it);
   * otherwise it stays suspended and this throws a 409 (see `isSuspendedError`).
   */
  getConnectionInfo(appId: string, roomId: string, resume: boolean, readOnly = false): ConnectionInfoV2 {
    if (!resume) {
      this.requireApp(appId);
      if (this.liveRoom(appId, roomId).state === 'suspended') throw roomSuspended(roomId, readOnly);
    }
    const { processId: _, ...info } = this.resumeRoom(appId, roomId);
    return info;
  }

  /** Schedules a suspended room again; for a room that is scheduled already, answers its connection data. */
  resumeRoom(appId: string, roomId: string): RoomAllocationData {
    this.requireApp(appId);
    const now = this.now();
    const room = this.liveRoom(appId, roomId);
    if (room.state === 'suspended') this.tx(() => this.schedule(appId, roomId, room.region, now));
    return this.connection(roomId, now);
  }

  suspendRoom(appId: string, roomId: string): void {
    this.requireApp(appId);
    this.tx(() => {
      const room = this.liveRoom(appId, roomId);
      if (room.state === 'suspended') return;
      this.unschedule(room, 'suspended', this.now());
    });
  }

  destroyRoom(appId: string, roomId: string): void {
    this.requireApp(appId);
    this.tx(() => {
      const room = this.liveRoom(appId, roomId);
      this.unschedule(room, 'destroyed', this.now());
    });
  }

  updateRoomConfig(appId: string, roomId: string, roomConfig: string): void {
    this.requireApp(appId);
    this.forget(roomId);
    const { changes } = this.s.updateConfig.run(roomConfig, roomId, appId);
    if (changes === 0) this.liveRoom(appId, roomId); // throws the right 404
  }

  listActiveRooms(appId: string, processId: string): RoomWithoutAllocations[] {
    this.requireProcess(appId, processId);
    return this.activeRooms(processId, this.now());
  }

  listInactiveRooms(appId: string, processId: string): RoomWithoutAllocations[] {
    this.requireProcess(appId, processId);
    const now = this.now();
    return (this.s.inactiveRooms.all(processId, processId) as unknown[][]).map((r) =>
      roomListView(decode.roomList(r), now),
    );
  }

  // ---- processes -----------------------------------------------------------------------------------------------

  listRunningProcesses(appId: string, region?: Region): ProcessWithRooms[] {
    this.requireApp(appId);
    this.settle();
    const now = this.now();
    const rows = this.s.runningProcesses.all({ app_id: appId, region: region ?? null }) as ProcessRow[];
    return rows.map((p) => {
      const rooms = this.activeRooms(p.process_id, now);
      return { ...processView(p, now), totalRooms: rooms.length, rooms };
    });
  }

  listStoppedProcesses(appId: string, region?: Region): Process[] {
    this.requireApp(appId);
    this.settle();
    const now = this.now();
    const rows = this.s.stoppedProcesses.all({
      app_id: appId,
      region: region ?? null,
      limit: STOPPED_LIST_LIMIT,
    }) as ProcessRow[];
    return rows.map((p) => processView(p, now));
  }

  getProcess(appId: string, processId: string): Process {
    this.requireApp(appId);
    this.settle();
    return processView(this.requireProcess(appId, processId), this.now());
  }

  /**
   * Persists due transitions: processes without rooms for processIdleMs stop. Called by the sweeper timer and
   * before anything that reads or picks processes, so the stored state is never behind the clock.
   * Returns how many processes stopped.
   */
  settle(): number {
    return this.s.stopIdle.run({ idle: this.options.processIdleMs, now: this.now() }).changes;
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  /** Runs fn in one IMMEDIATE transaction (better-sqlite3 transactions are synchronous: nothing interleaves). */
  private tx<T>(fn: () => T): T {
    return this.runInTransaction.immediate(fn) as T;
  }

  /** Drops a room's cached rows: call it wherever the room or its allocations are written. */
  private forget(roomId: string): void {
    this.roomRows.delete(roomId);
  }

  private requireApp(appId: string): void {
    if (appId !== this.options.appId) throw notFound(`App '${appId}' not found`);
  }

  private requireProcess(appId: string, processId: string): ProcessRow {
    this.requireApp(appId);
    const p = this.s.process.get(processId) as ProcessRow | undefined;
    if (!p || p.app_id !== appId) throw notFound(`Process '${processId}' not found in app '${appId}'`);
    return p;
  }

  /** The room, unless it does not exist or is destroyed (both 404). */
  private liveRoom(appId: string, roomId: string): RoomRow {
    const room = this.roomRow(roomId);
    if (!room || room.app_id !== appId) throw roomNotFound(appId, roomId);
    if (room.state === 'destroyed') throw notFound(`Room '${roomId}' was destroyed`);
    return room;
  }

  private activeRooms(processId: string, now: number): RoomWithoutAllocations[] {
    return (this.s.activeRooms.all(processId) as unknown[][]).map((r) => roomListView(decode.roomList(r), now));
  }

  private connection(roomId: string, now: number): CreateRoomResponse {
    return connectionView(decode.connection(this.s.connection.get(roomId) as unknown[]), now);
  }

  private roomRow(roomId: string): RoomRow | undefined {
    const row = this.s.room.get(roomId) as unknown[] | undefined;
    return row && decode.room(row);
  }

  /** Allocates the room on a running process of the region with a free slot, or on a new one. */
  private schedule(appId: string, roomId: string, region: Region, now: number): void {
    this.forget(roomId);
    this.settle();
    let p = this.s.freeProcess.get(appId, region) as Pick<ProcessRow, 'process_id' | 'started_at'> | undefined;
    if (!p) {
      p = { process_id: newProcessId(), started_at: now + this.options.processStartMs };
      this.s.insertProcess.run({
        process_id: p.process_id,
        app_id: appId,
        region,
        deployment_id: this.deploymentId,
        host: hostForRegion(region),
        port: randomInt(7000, 65000),
        rooms_per_process: this.options.roomsPerProcess,
        starting_at: now,
        started_at: p.started_at,
      });
    }
    const allocationId = newAllocationId();
    // The room starts once its process has started: a new process first starts, then the room.
    const readyAt = Math.max(now, p.started_at) + this.options.roomStartMs;
    this.s.insertAllocation.run(allocationId, roomId, p.process_id, now, readyAt);
    this.s.allocateRoom.run(allocationId, roomId);
    this.s.roomAdded.run(now, p.process_id);
  }

  /** Ends the room's current allocation, if any, and moves the room to `state`. */
  private unschedule(room: RoomRow, state: 'suspended' | 'destroyed', now: number): void {
    this.forget(room.room_id);
    if (room.current_allocation_id !== null) {
      const a = this.s.endAllocation.get(now, room.current_allocation_id) as { process_id: string };
      this.s.roomRemoved.run({ now, process_id: a.process_id });
    }
    this.s.unallocateRoom.run(state, room.room_id);
  }
}

const roomNotFound = (appId: string, roomId: string) => notFound(`Room '${roomId}' not found in app '${appId}'`);

/** Thrown by getConnectionInfo for a suspended room that the caller may not resume. */
export class RoomSuspendedError extends ApiError {
  constructor(roomId: string, readOnly: boolean) {
    super(
      409,
      readOnly
        ? `Room ${roomId} is suspended, and this Roomdeck is read-only (ROOMDECK_READ_ONLY=1), so it cannot be resumed here`
        : `Room ${roomId} is suspended; resume it (ResumeRoom, POST /rooms/v2/{appId}/resume/{roomId} with a dev token) to schedule it again`,
    );
  }
}
const roomSuspended = (roomId: string, readOnly: boolean) => new RoomSuspendedError(roomId, readOnly);

/** Every statement of the store, exported so tests can check their query plans. */
export const SQL = {
  roomExists: 'SELECT 1 FROM rooms WHERE room_id = ?',
  room: 'SELECT room_id, app_id, region, room_config, state, current_allocation_id FROM rooms WHERE room_id = ?',
  roomWithAllocations: `SELECT r.room_id, r.app_id, r.region, r.room_config, r.state, r.current_allocation_id,
       a.allocation_id, a.process_id, a.scheduled_at, a.ready_at, a.unscheduled_at
     FROM rooms r LEFT JOIN allocations a ON a.room_id = r.room_id
     WHERE r.room_id = ? ORDER BY a.seq`,
  // Inserted unallocated; schedule() then allocates it in the same transaction.
  insertRoom: `INSERT INTO rooms (room_id, app_id, region, room_config, state, created_at, deployment_id, client_ips)
       VALUES (@room_id, @app_id, @region, @room_config, 'suspended', @created_at, @deployment_id, @client_ips)`,
  allocateRoom: "UPDATE rooms SET state = 'allocated', current_allocation_id = ? WHERE room_id = ?",
  unallocateRoom: 'UPDATE rooms SET state = ?, current_allocation_id = NULL WHERE room_id = ?',
  updateConfig: "UPDATE rooms SET room_config = ? WHERE room_id = ? AND app_id = ? AND state <> 'destroyed'",
  connection: `SELECT r.room_id, r.app_id, r.region, r.state, a.process_id, a.ready_at, pr.host, pr.port, pr.additional_ports
       FROM rooms r
       LEFT JOIN allocations a ON a.allocation_id = r.current_allocation_id
       LEFT JOIN processes pr ON pr.process_id = a.process_id
       WHERE r.room_id = ?`,
  insertAllocation: `INSERT INTO allocations (allocation_id, room_id, process_id, scheduled_at, ready_at)
       VALUES (?, ?, ?, ?, ?)`,
  endAllocation: 'UPDATE allocations SET unscheduled_at = ? WHERE allocation_id = ? RETURNING process_id',
  activeRooms: `SELECT ${ROOM_LIST_COLUMNS}
       FROM allocations a JOIN rooms r ON r.room_id = a.room_id
       WHERE a.process_id = ? AND a.unscheduled_at IS NULL
       ORDER BY a.seq`,
  // Rooms with an ended allocation on the process, except those allocated on it again; latest ended first.
  inactiveRooms: `SELECT ${ROOM_LIST_COLUMNS}
       FROM (SELECT room_id, MAX(unscheduled_at) AS ended_at FROM allocations
             WHERE process_id = ? AND unscheduled_at IS NOT NULL GROUP BY room_id) e
       JOIN rooms r ON r.room_id = e.room_id
       LEFT JOIN allocations a ON a.allocation_id = r.current_allocation_id
       WHERE a.process_id IS NULL OR a.process_id <> ?
       ORDER BY e.ended_at DESC, r.room_id`,
  process: 'SELECT * FROM processes WHERE process_id = ?',
  freeProcess: `SELECT process_id, started_at FROM processes
       WHERE app_id = ? AND region = ? AND stopping_at IS NULL AND active_rooms < rooms_per_process
       ORDER BY starting_at LIMIT 1`,
  insertProcess: `INSERT INTO processes (process_id, app_id, region, deployment_id, host, port, rooms_per_process,
         rooms_updated_at, starting_at, started_at)
       VALUES (@process_id, @app_id, @region, @deployment_id, @host, @port, @rooms_per_process,
         @starting_at, @starting_at, @started_at)`,
  roomAdded: `UPDATE processes SET active_rooms = active_rooms + 1, idle_since = NULL, rooms_updated_at = ?
       WHERE process_id = ?`,
  roomRemoved: `UPDATE processes SET active_rooms = active_rooms - 1, rooms_updated_at = @now,
         idle_since = CASE WHEN active_rooms = 1 THEN @now ELSE idle_since END
       WHERE process_id = @process_id`,
  stopIdle: `UPDATE processes SET stopping_at = idle_since + @idle, terminated_at = idle_since + @idle
       WHERE stopping_at IS NULL AND idle_since IS NOT NULL AND idle_since <= @now - @idle`,
  runningProcesses: `SELECT * FROM processes WHERE app_id = @app_id AND stopping_at IS NULL AND (@region IS NULL OR region = @region)
       ORDER BY starting_at DESC, process_id`,
  stoppedProcesses: `SELECT * FROM processes WHERE app_id = @app_id AND stopping_at IS NOT NULL AND (@region IS NULL OR region = @region)
       ORDER BY stopping_at DESC, process_id LIMIT @limit`,
} as const;

/**
 * Statements read in better-sqlite3's raw mode (arrays): building row objects in JavaScript (views.ts `decode`)
 * is several times cheaper than better-sqlite3 building them through V8's C++ API, which matters for lists.
 */
const RAW: ReadonlySet<keyof typeof SQL> = new Set([
  'room',
  'roomWithAllocations',
  'activeRooms',
  'inactiveRooms',
  'connection',
]);

function prepare(db: Db) {
  const statements = Object.fromEntries(
    Object.entries(SQL).map(([name, sql]) => {
      const statement = db.prepare(sql);
      return [name, RAW.has(name as keyof typeof SQL) ? statement.raw(true) : statement];
    }),
  );
  return statements as Record<keyof typeof SQL, Statement>;
}
