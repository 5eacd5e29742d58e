import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { deploymentHash } from './deployment.ts';
import { ApiError, badRequest, notFound } from './errors.ts';
import { newAllocationId, newProcessId, newRoomId } from './ids.ts';
import { SimulatedRuntime } from './runtime/simulated.ts';
import type {
  AllocatedPort,
  Deployment,
  LiveProcess,
  MetricSample,
  ProcessExit,
  ProcessLaunch,
  Runtime,
  RuntimeEvents,
} from './runtime/types.ts';
import {
  type ConnectionInfoV2,
  type CreateRoomParams,
  type CreateRoomResponse,
  connectionView,
  decode,
  type Process,
  type ProcessRow,
  type ProcessStatus,
  type ProcessV3,
  type ProcessWithRooms,
  processV3View,
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
  /** What runs the processes; default a simulated runtime (nothing runs). */
  runtime?: Runtime;
  /** What the local runtime runs (ROOMDECK_DEPLOYMENT); unused by the simulated one. */
  deployment?: Deployment;
  /** The host of local processes' ports (ROOMDECK_PUBLIC_HOST). */
  publicHost?: string;
  /** Ports for local processes, inclusive. */
  portRange?: { min: number; max: number };
  /** The clock, injectable for tests. */
  now?: () => number;
}

/** ProcessesV3 latest: the 10 most recently created (Hathora). */
const LATEST_LIMIT = 10;

/** Metric series ProcessesV3 knows; egress is not measured by the local runtime (see docs). */
export type MetricName = 'cpu' | 'memory' | 'activeConnections' | 'rateEgress' | 'totalEgress';
export type MetricSeries = Partial<Record<MetricName, { value: number; timestamp: number }[]>>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

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
  private deploymentId = 1;
  private deployment: Deployment | undefined;
  readonly runtime: Runtime;
  private readonly s: ReturnType<typeof prepare>;
  private readonly runInTransaction;
  private txDepth = 0;
  /** Runtime calls decided inside a transaction, made once it has committed. */
  private afterCommit: (() => void)[] = [];
  /** sha256 of each live local process's token -> its process id. */
  private readonly processTokens = new Map<string, string>();
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
    this.runtime = options.runtime ?? new SimulatedRuntime();
    this.setDeployment(options.deployment);
    for (const row of this.s.liveTokens.all() as { process_id: string; token_hash: string }[]) {
      this.processTokens.set(row.token_hash, row.process_id);
    }
    const events: RuntimeEvents = {
      started: (processId, at) => this.processStarted(processId, at),
      exited: (processId, exit) => this.processExited(processId, exit),
    };
    this.runtime.attach(events);
  }

  /**
   * The deployment new processes get. Content differing from the latest recorded deployment makes a new one
   * (the next id): processes of older deployments keep running theirs, `draining` (no new rooms). Rows from before
   * deployments were recorded count as the simulated deployment.
   */
  setDeployment(deployment: Deployment | undefined): number {
    const appId = this.options.appId;
    const kind = this.runtime.kind;
    const hash = deploymentHash(kind, kind === 'local' ? deployment : undefined);
    this.tx(() => {
      const latest = this.s.latestDeployment.get(appId) as { deployment_id: number; spec_hash: string } | undefined;
      const maxUsed = (this.s.maxProcessDeployment.get(appId) as { d: number | null }).d;
      const current =
        latest ??
        (maxUsed === null ? undefined : { deployment_id: maxUsed, spec_hash: deploymentHash('simulated', undefined) });
      if (current?.spec_hash === hash) {
        this.deploymentId = current.deployment_id;
        if (!latest) this.s.insertDeployment.run(current.deployment_id, appId, kind, null, hash, this.now());
        return;
      }
      this.deploymentId = Math.max(current?.deployment_id ?? 0, maxUsed ?? 0) + 1;
      const spec = kind === 'local' && deployment ? JSON.stringify(deployment) : null;
      this.s.insertDeployment.run(this.deploymentId, appId, kind, spec, hash, this.now());
      this.s.drainOthers.run(appId, this.deploymentId);
    });
    this.deployment = deployment;
    return this.deploymentId;
  }

  get currentDeploymentId(): number {
    return this.deploymentId;
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
      this.schedule(appId, roomId, params.region, now, params.roomConfig ?? null);
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
    if (room.state === 'suspended') this.tx(() => this.schedule(appId, roomId, room.region, now, room.room_config));
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
   * Persists due transitions: processes without rooms for processIdleMs stop (a simulated one at once, a local
   * one is asked to stop). Called by the sweeper timer and before anything that reads or picks processes, so the
   * stored state is never behind the clock. Returns how many processes stopped or began stopping.
   */
  settle(): number {
    const now = this.now();
    const idle = this.options.processIdleMs;
    let changes = this.s.stopIdle.run({ idle, now, reason: idleReason(idle) }).changes;
    const due = this.s.idleLocal.all({ idle, now }) as { process_id: string }[];
    if (due.length > 0) {
      this.tx(() => {
        for (const { process_id } of due) this.beginStop(process_id, now, idleReason(idle));
      });
      changes += due.length;
    }
    return changes;
  }

  // ---- ProcessesV3 ---------------------------------------------------------------------------------------------

  /** The 10 most recently created processes, newest first; `before` (epoch ms) pages to older ones. */
  latestProcesses(appId: string, filter: ProcessFilter = {}): ProcessV3[] {
    this.requireApp(appId);
    this.settle();
    const now = this.now();
    const rows = this.s.latestProcesses.all({
      ...this.filterParams(appId, filter, now),
      limit: LATEST_LIMIT,
    }) as ProcessRow[];
    return rows.map((p) => processV3View(p, now));
  }

  countProcesses(appId: string, filter: ProcessFilter = {}): number {
    this.requireApp(appId);
    this.settle();
    const now = this.now();
    return (this.s.countProcesses.get(this.filterParams(appId, filter, now)) as { n: number }).n;
  }

  getProcessV3(appId: string, processId: string): ProcessV3 {
    this.requireApp(appId);
    this.settle();
    return processV3View(this.requireProcess(appId, processId), this.now());
  }

  /** Pre-warms a process of the current deployment in `region` (CreateProcess): it has no rooms, so it is idle. */
  createProcess(appId: string, region: Region): ProcessV3 {
    this.requireApp(appId);
    const processId = this.tx(() => this.newProcess(appId, region, this.now(), undefined).process_id);
    return processV3View(this.requireProcess(appId, processId), this.now());
  }

  /** StopProcess: its rooms are destroyed now; the process gets SIGTERM (a simulated one stops at once). */
  stopProcess(appId: string, processId: string): void {
    const p = this.requireProcess(appId, processId);
    if (p.stopping_at !== null && p.stopping_at <= this.now()) return;
    this.tx(() => this.beginStop(processId, this.now(), 'Stopped by StopProcess'));
  }

  /** The store's half of a stop: rooms destroyed, `stopping`; the runtime's `exited` makes it `stopped`. */
  private beginStop(processId: string, now: number, reason: string): void {
    const p = this.s.process.get(processId) as ProcessRow;
    if (p.stopping_at !== null && p.stopping_at <= now) return;
    this.destroyRoomsOf(processId, now);
    if (p.runtime === 'simulated') {
      this.s.terminate.run({ now, kind: 'stopped', reason, process_id: processId });
      return;
    }
    this.s.markStopping.run({ now, reason, process_id: processId });
    this.afterCommit.push(() => this.runtime.stop(processId, reason));
  }

  private destroyRoomsOf(processId: string, now: number): void {
    for (const { room_id } of this.s.currentRoomsOf.all(processId) as { room_id: string }[]) {
      const room = this.roomRow(room_id);
      if (room) this.unschedule(room, 'destroyed', now);
    }
  }

  /** Runtime event: the process bound its port. Its rooms become active. */
  processStarted(processId: string, at: number): void {
    this.tx(() => {
      if (this.s.markStarted.run(at, processId).changes === 0) return;
      for (const { room_id } of this.s.readyRooms.all(at, processId) as { room_id: string }[]) this.forget(room_id);
    });
  }

  /** Runtime event: the process ended. Its rooms are destroyed; a stop under way ends as `stopped`. */
  processExited(processId: string, exit: ProcessExit): void {
    this.tx(() => {
      const p = this.s.process.get(processId) as ProcessRow | undefined;
      if (!p || (p.terminated_at !== null && p.terminated_at <= exit.at)) return;
      this.destroyRoomsOf(processId, exit.at);
      this.s.terminate.run({ now: exit.at, kind: exit.kind, reason: exit.reason, process_id: processId });
    });
    for (const [hash, id] of this.processTokens) if (id === processId) this.processTokens.delete(hash);
  }

  /**
   * Where a room's game is or was: its current allocation's process, else its last one's (a destroyed room's last
   * address, to check that nothing answers there any more). Undefined when the process never started.
   */
  roomAddress(
    appId: string,
    roomId: string,
  ):
    | { host: string; port: number; transportType: ProcessRow['transport_type']; simulated: boolean; current: boolean }
    | undefined {
    const room = this.getRoom(appId, roomId); // 404s
    const allocation = room.currentAllocation ?? room.allocations.at(-1);
    if (!allocation) return undefined;
    const p = this.s.process.get(allocation.processId) as ProcessRow | undefined;
    if (!p || p.started_at === null || p.started_at > this.now()) return undefined;
    return {
      host: p.host,
      port: p.port,
      transportType: p.transport_type,
      simulated: p.runtime === 'simulated',
      current: room.currentAllocation !== null,
    };
  }

  /** The store's clock (epoch ms). */
  clock(): number {
    return this.now();
  }

  /** Whether the process has ended (for a following log to end). */
  isTerminated(processId: string): boolean {
    const p = this.s.process.get(processId) as ProcessRow | undefined;
    return p === undefined || (p.terminated_at !== null && p.terminated_at <= this.now());
  }

  /** Whether the process is a simulated one (nothing ran; it has no log). */
  isSimulated(processId: string): boolean {
    return (this.s.process.get(processId) as ProcessRow | undefined)?.runtime !== 'local';
  }

  /** The live process whose ROOMDECK_PROCESS_TOKEN this is, if any. */
  processForToken(token: string): string | undefined {
    return this.processTokens.size === 0 ? undefined : this.processTokens.get(sha256(token));
  }

  /** Local processes that have not terminated, for the runtime to adopt after a restart. */
  liveLocalProcesses(): LiveProcess[] {
    return (this.s.liveLocal.all() as ProcessRow[]).map((p) => ({
      processId: p.process_id,
      pid: p.pid,
      pidStartTime: p.pid_start,
      port: { name: 'default', port: p.port, transportType: p.transport_type },
      started: p.started_at !== null,
      stopping: p.stopping_at !== null,
      startingAt: p.starting_at,
    }));
  }

  /** Keeps the runtime's resource samples (one row per process and sample). */
  recordMetrics(samples: MetricSample[]): void {
    if (samples.length === 0) return;
    this.tx(() => {
      for (const m of samples) this.s.insertMetric.run(m.processId, m.at, m.cpu, m.memory, m.activeConnections);
    });
  }

  /**
   * GetProcessMetrics: each asked series averaged over `step` seconds from `start` to `end` (Unix seconds).
   * Egress is not measured (no honest per-process source without privileges), so its series are absent.
   */
  processMetrics(
    appId: string,
    processId: string,
    q: { metrics: MetricName[]; start: number; end: number; step: number },
  ): MetricSeries {
    this.requireProcess(appId, processId);
    const rows = this.s.metricBuckets.all({
      process_id: processId,
      start: q.start * 1000,
      end: q.end * 1000,
      step: q.step * 1000,
    }) as { bucket: number; cpu: number; memory: number; connections: number | null }[];
    const out: MetricSeries = {};
    for (const name of new Set(q.metrics)) {
      if (name === 'cpu') out.cpu = rows.map((r) => ({ value: round(r.cpu, 2), timestamp: r.bucket / 1000 }));
      if (name === 'memory')
        out.memory = rows.map((r) => ({ value: Math.round(r.memory), timestamp: r.bucket / 1000 }));
      if (name === 'activeConnections') {
        out.activeConnections = rows
          .filter((r) => r.connections !== null)
          .map((r) => ({ value: round(r.connections as number, 2), timestamp: r.bucket / 1000 }));
      }
    }
    return out;
  }

  /** Drops metrics older than `before` (epoch ms); returns how many samples went. */
  pruneMetrics(before: number): number {
    return this.s.pruneMetrics.run(before).changes;
  }

  private filterParams(appId: string, f: ProcessFilter, now: number) {
    return {
      app_id: appId,
      now,
      statuses: f.status?.length ? JSON.stringify(f.status) : null,
      regions: f.region?.length ? JSON.stringify(f.region) : null,
      before: f.before ?? null,
    };
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  /** Runs fn in one IMMEDIATE transaction (better-sqlite3 transactions are synchronous: nothing interleaves). */
  private tx<T>(fn: () => T): T {
    this.txDepth++;
    let result: T;
    try {
      result = (this.txDepth === 1 ? this.runInTransaction.immediate(fn) : this.runInTransaction(fn)) as T;
    } catch (err) {
      if (this.txDepth === 1) this.afterCommit = [];
      throw err;
    } finally {
      this.txDepth--;
    }
    if (this.txDepth === 0 && this.afterCommit.length > 0) {
      const calls = this.afterCommit;
      this.afterCommit = [];
      for (const call of calls) call();
    }
    return result;
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

  /** Allocates the room on a process of the current deployment in the region with a free slot, or on a new one. */
  private schedule(appId: string, roomId: string, region: Region, now: number, initialConfig: string | null): void {
    this.forget(roomId);
    this.settle();
    let p = this.s.freeProcess.get(appId, region, this.deploymentId) as
      | Pick<ProcessRow, 'process_id' | 'started_at'>
      | undefined;
    if (!p) p = this.newProcess(appId, region, now, { roomId, config: initialConfig });
    const allocationId = newAllocationId();
    // The room starts once its process has started: a new process first starts, then the room. A local process's
    // start time is unknown until it binds its port (processStarted sets the ready time then).
    const readyAt =
      p.started_at === null
        ? null
        : Math.max(now, p.started_at) + (this.runtime.kind === 'simulated' ? this.options.roomStartMs : 0);
    this.s.insertAllocation.run(allocationId, roomId, p.process_id, now, readyAt);
    this.s.allocateRoom.run(allocationId, roomId);
    this.s.roomAdded.run(now, p.process_id);
  }

  /** Records a new process as starting; a local one is launched once the transaction has committed. */
  private newProcess(
    appId: string,
    region: Region,
    now: number,
    initial: { roomId: string; config: string | null } | undefined,
  ): Pick<ProcessRow, 'process_id' | 'started_at'> {
    const processId = newProcessId();
    // Creation times are unique per app (a millisecond later than the last when two fall in one): ProcessesV3
    // pages by `before` = the last creation time seen, which would skip processes sharing one.
    const latest = (this.s.latestCreation.get(appId) as { t: number | null }).t;
    const createdAt = latest !== null && latest >= now ? latest + 1 : now;
    if (this.runtime.kind === 'simulated' || !this.deployment) {
      const startedAt = now + this.options.processStartMs;
      this.s.insertProcess.run({
        process_id: processId,
        app_id: appId,
        region,
        deployment_id: this.deploymentId,
        runtime: 'simulated',
        host: hostForRegion(region),
        port: randomInt(7000, 65000),
        transport_type: 'tcp',
        additional_ports: '[]',
        rooms_per_process: this.options.roomsPerProcess,
        starting_at: createdAt,
        started_at: startedAt,
        idle_since: initial ? null : now,
        idle_timeout: 1,
        token_hash: null,
      });
      return { process_id: processId, started_at: startedAt };
    }
    const deployment = this.deployment;
    const host = this.options.publicHost ?? '127.0.0.1';
    const [port, ...additional] = this.allocatePorts(1 + deployment.additionalContainerPorts.length);
    const defaultPort: AllocatedPort = {
      name: 'default',
      port: port as number,
      transportType: deployment.transportType,
    };
    const additionalPorts: AllocatedPort[] = deployment.additionalContainerPorts.map((c, i) => ({
      name: c.name,
      port: additional[i] as number,
      transportType: c.transportType,
    }));
    const token = randomBytes(24).toString('base64url');
    const tokenHash = sha256(token);
    this.s.insertProcess.run({
      process_id: processId,
      app_id: appId,
      region,
      deployment_id: this.deploymentId,
      runtime: 'local',
      host,
      port: defaultPort.port,
      transport_type: defaultPort.transportType,
      additional_ports: JSON.stringify(
        additionalPorts.map((a) => ({ transportType: a.transportType, port: a.port, host, name: a.name })),
      ),
      rooms_per_process: deployment.roomsPerProcess,
      starting_at: createdAt,
      started_at: null,
      idle_since: initial ? null : now,
      idle_timeout: deployment.idleTimeoutEnabled ? 1 : 0,
      token_hash: tokenHash,
    });
    this.processTokens.set(tokenHash, processId);
    const launch: ProcessLaunch = {
      processId,
      appId,
      region,
      deploymentId: this.deploymentId,
      deployment,
      host,
      port: defaultPort,
      additionalPorts,
      initialRoomId: initial?.roomId,
      initialRoomConfig: initial?.config ?? null,
      processToken: token,
    };
    this.afterCommit.push(() => {
      const handle = this.runtime.launch(launch);
      if (handle) this.s.processLaunched.run(this.now(), handle.pid, handle.pidStartTime, processId);
    });
    return { process_id: processId, started_at: null };
  }

  /** `count` free ports of the range: not used by a live process, chosen at random (fewer clashes with others). */
  private allocatePorts(count: number): number[] {
    const { min, max } = this.options.portRange ?? { min: 20000, max: 29999 };
    const used = new Set(
      (this.s.livePorts.all() as { port: number; additional_ports: string }[]).flatMap((r) => [
        r.port,
        ...(JSON.parse(r.additional_ports) as { port: number }[]).map((a) => a.port),
      ]),
    );
    const size = max - min + 1;
    if (used.size + count > size) {
      throw new ApiError(
        503,
        `No free port in ROOMDECK_PORT_RANGE ${min}-${max}: ${used.size} are in use by live processes`,
      );
    }
    const ports: number[] = [];
    let candidate = min + randomInt(size);
    while (ports.length < count) {
      if (!used.has(candidate)) {
        used.add(candidate);
        ports.push(candidate);
      }
      candidate = candidate === max ? min : candidate + 1;
    }
    return ports;
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

export interface ProcessFilter {
  status?: ProcessStatus[];
  region?: Region[];
  /** Only processes created before this (epoch ms). */
  before?: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const idleReason = (idleMs: number) => `Stopped after ${formatDuration(idleMs)} without rooms (idle timeout)`;

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
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

/** A process's ProcessesV3 status, from its stored times (as processV3View derives it). */
const PROCESS_STATUS = `(CASE
    WHEN terminated_at IS NOT NULL AND terminated_at <= @now THEN COALESCE(exit_kind, 'stopped')
    WHEN stopping_at IS NOT NULL AND stopping_at <= @now THEN 'stopping'
    WHEN started_at IS NULL OR started_at > @now THEN 'starting'
    WHEN draining = 1 THEN 'draining'
    ELSE 'running' END)`;

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
  connection: `SELECT r.room_id, r.app_id, r.region, r.state, a.process_id, a.ready_at, pr.host, pr.port, pr.additional_ports,
         pr.transport_type
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
       WHERE app_id = ? AND region = ? AND deployment_id = ? AND stopping_at IS NULL AND draining = 0
         AND active_rooms < rooms_per_process
       ORDER BY starting_at LIMIT 1`,
  insertProcess: `INSERT INTO processes (process_id, app_id, region, deployment_id, runtime, host, port, transport_type,
         additional_ports, rooms_per_process, rooms_updated_at, starting_at, booted_at, started_at, idle_since,
         idle_timeout, token_hash)
       VALUES (@process_id, @app_id, @region, @deployment_id, @runtime, @host, @port, @transport_type,
         @additional_ports, @rooms_per_process, @starting_at, @starting_at,
         CASE WHEN @runtime = 'simulated' THEN @starting_at END, @started_at, @idle_since, @idle_timeout, @token_hash)`,
  processLaunched: 'UPDATE processes SET booted_at = ?, pid = ?, pid_start = ? WHERE process_id = ?',
  livePorts: "SELECT port, additional_ports FROM processes WHERE runtime = 'local' AND terminated_at IS NULL",
  liveLocal: "SELECT * FROM processes WHERE runtime = 'local' AND terminated_at IS NULL ORDER BY starting_at",
  liveTokens: 'SELECT process_id, token_hash FROM processes WHERE terminated_at IS NULL AND token_hash IS NOT NULL',
  markStarted:
    'UPDATE processes SET started_at = ? WHERE process_id = ? AND started_at IS NULL AND terminated_at IS NULL',
  readyRooms: `UPDATE allocations SET ready_at = ? WHERE process_id = ? AND ready_at IS NULL AND unscheduled_at IS NULL
       RETURNING room_id`,
  markStopping: 'UPDATE processes SET stopping_at = @now, exit_reason = @reason WHERE process_id = @process_id',
  terminate: `UPDATE processes SET stopping_at = COALESCE(stopping_at, @now), terminated_at = @now, exit_kind = @kind,
         exit_reason = @reason, idle_since = NULL
       WHERE process_id = @process_id`,
  currentRoomsOf: 'SELECT room_id FROM allocations WHERE process_id = ? AND unscheduled_at IS NULL ORDER BY seq',
  latestDeployment:
    'SELECT deployment_id, spec_hash FROM deployments WHERE app_id = ? ORDER BY deployment_id DESC LIMIT 1',
  maxProcessDeployment: 'SELECT MAX(deployment_id) AS d FROM processes WHERE app_id = ?',
  latestCreation: 'SELECT MAX(starting_at) AS t FROM processes WHERE app_id = ?',
  insertDeployment: `INSERT INTO deployments (deployment_id, app_id, runtime, spec, spec_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
  drainOthers: `UPDATE processes SET draining = 1
       WHERE app_id = ? AND deployment_id <> ? AND stopping_at IS NULL AND draining = 0`,
  insertMetric: 'INSERT OR REPLACE INTO metrics (process_id, at, cpu, memory, connections) VALUES (?, ?, ?, ?, ?)',
  metricBuckets: `SELECT (at / @step) * @step AS bucket, AVG(cpu) AS cpu, AVG(memory) AS memory,
         AVG(connections) AS connections
       FROM metrics WHERE process_id = @process_id AND at >= @start AND at <= @end
       GROUP BY bucket ORDER BY bucket`,
  pruneMetrics: 'DELETE FROM metrics WHERE at < ?',
  latestProcesses: `SELECT * FROM processes
       WHERE app_id = @app_id AND (@before IS NULL OR starting_at < @before)
         AND (@regions IS NULL OR region IN (SELECT value FROM json_each(@regions)))
         AND (@statuses IS NULL OR ${PROCESS_STATUS} IN (SELECT value FROM json_each(@statuses)))
       ORDER BY starting_at DESC, process_id DESC LIMIT @limit`,
  countProcesses: `SELECT COUNT(*) AS n FROM processes
       WHERE app_id = @app_id AND (@before IS NULL OR starting_at < @before)
         AND (@regions IS NULL OR region IN (SELECT value FROM json_each(@regions)))
         AND (@statuses IS NULL OR ${PROCESS_STATUS} IN (SELECT value FROM json_each(@statuses)))`,
  roomAdded: `UPDATE processes SET active_rooms = active_rooms + 1, idle_since = NULL, rooms_updated_at = ?
       WHERE process_id = ?`,
  roomRemoved: `UPDATE processes SET active_rooms = active_rooms - 1, rooms_updated_at = @now,
         idle_since = CASE WHEN active_rooms = 1 THEN @now ELSE idle_since END
       WHERE process_id = @process_id`,
  // Simulated processes stop when idle by the clock; local ones are asked to (idleLocal).
  stopIdle: `UPDATE processes SET stopping_at = idle_since + @idle, terminated_at = idle_since + @idle,
         exit_kind = 'stopped', exit_reason = @reason
       WHERE stopping_at IS NULL AND idle_since IS NOT NULL AND idle_since <= @now - @idle AND runtime = 'simulated'`,
  idleLocal: `SELECT process_id FROM processes
       WHERE stopping_at IS NULL AND idle_since IS NOT NULL AND idle_since <= @now - @idle AND runtime = 'local'
         AND idle_timeout = 1`,
  runningProcesses: `SELECT * FROM processes INDEXED BY processes_running WHERE app_id = @app_id AND stopping_at IS NULL AND (@region IS NULL OR region = @region)
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
