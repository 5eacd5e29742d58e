import type { Db } from './db.ts';
import { hostForRegion, type Store } from './store.ts';
import type { ExposedPort, Region } from './views.ts';

/**
 * Demo data for a fresh database (ROOMDECK_SEED=1, the default). The ids are stable, so tests and docs can
 * rely on them. What is seeded depends on the runtime.
 *
 * Local runtime (the default; seedLocalHistory, then seedLocalRooms once the server listens): the demo game
 * (demo-game/, 4 rooms per process) runs for real. History is plain rows; the live rooms are created through the
 * Store, so their processes are real child processes with 127.0.0.1 and a port of ROOMDECK_PORT_RANGE:
 *   - DEMO.processes.stopped   d6f4c9b5-…  Frankfurt, deployment 1 (an earlier one), stopped by StopProcess about
 *                                          four days ago (its log is past the default 72 h retention)
 *   - demo-match-destroyed  destroyed   was on the stopped process
 *   - demo-lobby-eu         active      Frankfurt: a process of its own
 *   - demo-duel-sea         active      Seattle ┐ the same process
 *   - demo-sandbox-sea      active      Seattle │ (roomConfig null)
 *   - demo-arena-suspended  suspended   Seattle ┘ created there, then suspended
 *   - demo-coop-tokyo       active      Tokyo: a process of its own
 * Their process ids are random. The rooms stay until someone destroys them: the demo game destroys a room only
 * after a finished match, and the idle timeout applies to processes without rooms. Only an empty database is
 * seeded: after a restart the processes from before are adopted (or marked failed) by the runtime, never seeded
 * again.
 *
 * Simulated runtime (ROOMDECK_RUNTIME=simulated; seedDemo): nothing runs, every row is inserted as is:
 *
 * Running processes (deploymentId 3):
 *   - DEMO.processes.seattle   a3c1f6e2-5b7d-4c8e-9f10-2b3c4d5e6f70  Seattle, has an extra exposed port `debug` (udp)
 *   - DEMO.processes.frankfurt b4d2a7f3-6c8e-4d9f-8a21-3c4d5e6f7081  Frankfurt
 *   - DEMO.processes.tokyo     c5e3b8a4-7d9f-4eaf-9b32-4d5e6f708192  Tokyo
 * Stopped process (deploymentId 2):
 *   - DEMO.processes.stopped   d6f4c9b5-8eaf-4fb0-8c43-5e6f708192a3  Frankfurt, stopped about 20 hours ago
 *
 * Rooms:
 *   - demo-lobby-eu         active      Frankfurt
 *   - demo-ranked-history   active      Frankfurt, 3 allocations: the stopped process, then twice the Frankfurt one
 *   - demo-match-destroyed  destroyed   was on Frankfurt
 *   - demo-duel-sea         active      Seattle
 *   - demo-sandbox-sea      active      Seattle, roomConfig null
 *   - demo-arena-suspended  suspended   was on Seattle (in its inactive list)
 *   - demo-coop-tokyo       active      Tokyo
 *   - demo-raid-starting    scheduling  Tokyo (connection status `starting`): its ready time is an hour after each
 *                                       server start (see refreshDemoStartingRoom), so the demo always shows one.
 *
 * Active lists: Seattle [demo-duel-sea, demo-sandbox-sea], Frankfurt [demo-lobby-eu, demo-ranked-history],
 * Tokyo [demo-coop-tokyo, demo-raid-starting]. Inactive lists: Seattle [demo-arena-suspended],
 * Frankfurt [demo-match-destroyed], stopped process [demo-ranked-history].
 */
export const DEMO = {
  processes: {
    seattle: 'a3c1f6e2-5b7d-4c8e-9f10-2b3c4d5e6f70',
    frankfurt: 'b4d2a7f3-6c8e-4d9f-8a21-3c4d5e6f7081',
    tokyo: 'c5e3b8a4-7d9f-4eaf-9b32-4d5e6f708192',
    stopped: 'd6f4c9b5-8eaf-4fb0-8c43-5e6f708192a3',
  },
  rooms: {
    lobbyEu: 'demo-lobby-eu',
    rankedHistory: 'demo-ranked-history',
    matchDestroyed: 'demo-match-destroyed',
    duelSea: 'demo-duel-sea',
    sandboxSea: 'demo-sandbox-sea',
    arenaSuspended: 'demo-arena-suspended',
    coopTokyo: 'demo-coop-tokyo',
    raidStarting: 'demo-raid-starting',
  },
} as const;

/** How long after a server start the demo's starting room stays `starting`. */
export const DEMO_STARTING_HOLD_MS = 60 * 60 * 1000;
const RAID_ALLOCATION = '0f6a2c1e-93b4-4d7a-b5e8-7c2d9e1f4a60';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;

interface SeedProcess {
  id: string;
  region: Region;
  deployment: number;
  port: number;
  extraPorts?: ExposedPort[];
  startingAgo: number;
  stoppedAgo?: number;
  connections: number;
  egressedBytes: number;
}

interface SeedAllocation {
  id: string;
  process: string;
  scheduledAgo: number;
  /** How long the room took to start. */
  startMs: number;
  endedAgo?: number;
}

interface SeedRoom {
  id: string;
  region: Region;
  state: 'allocated' | 'suspended' | 'destroyed';
  config: Record<string, unknown> | null;
  allocations: SeedAllocation[];
}

const PROCESSES: SeedProcess[] = [
  {
    id: DEMO.processes.seattle,
    region: 'Seattle',
    deployment: 3,
    port: 31724,
    extraPorts: [{ transportType: 'udp', port: 31725, host: hostForRegion('Seattle'), name: 'debug' }],
    startingAgo: 3 * HOUR,
    connections: 9,
    egressedBytes: 48_213_771,
  },
  {
    id: DEMO.processes.frankfurt,
    region: 'Frankfurt',
    deployment: 3,
    port: 28410,
    startingAgo: 95 * MIN,
    connections: 14,
    egressedBytes: 131_904_512,
  },
  {
    id: DEMO.processes.tokyo,
    region: 'Tokyo',
    deployment: 3,
    port: 40977,
    startingAgo: 25 * MIN,
    connections: 3,
    egressedBytes: 5_482_119,
  },
  {
    id: DEMO.processes.stopped,
    region: 'Frankfurt',
    deployment: 2,
    port: 19342,
    startingAgo: 26 * HOUR,
    stoppedAgo: 20 * HOUR,
    connections: 0,
    egressedBytes: 902_331_004,
  },
];

const ROOMS: SeedRoom[] = [
  {
    id: DEMO.rooms.lobbyEu,
    region: 'Frankfurt',
    state: 'allocated',
    config: { mode: 'lobby', map: 'harbor', maxPlayers: 16, visibility: 'public', host: 'Kestrel' },
    allocations: [
      {
        id: '5b1e7c3a-2d4f-4a8b-9c6d-1e2f3a4b5c6d',
        process: DEMO.processes.frankfurt,
        scheduledAgo: 90 * MIN,
        startMs: 480,
      },
    ],
  },
  {
    id: DEMO.rooms.rankedHistory,
    region: 'Frankfurt',
    state: 'allocated',
    config: { mode: 'ranked', map: 'foundry', maxPlayers: 10, season: 7, teams: ['amber', 'cobalt'] },
    allocations: [
      {
        id: '6c2f8d4b-3e5a-4b9c-8d7e-2f3a4b5c6d7e',
        process: DEMO.processes.stopped,
        scheduledAgo: 25 * HOUR,
        startMs: 2600,
        endedAgo: 21 * HOUR,
      },
      {
        id: '7d3a9e5c-4f6b-4cad-9e8f-3a4b5c6d7e8f',
        process: DEMO.processes.frankfurt,
        scheduledAgo: 85 * MIN,
        startMs: 510,
        endedAgo: 60 * MIN,
      },
      {
        id: '8e4baf6d-5a7c-4dbe-8f9a-4b5c6d7e8f90',
        process: DEMO.processes.frankfurt,
        scheduledAgo: 10 * MIN,
        startMs: 495,
      },
    ],
  },
  {
    id: DEMO.rooms.matchDestroyed,
    region: 'Frankfurt',
    state: 'destroyed',
    config: { mode: 'deathmatch', map: 'quarry', maxPlayers: 8, timeLimitMinutes: 15 },
    allocations: [
      {
        id: '9f5cb07e-6b8d-4ecf-9a0b-5c6d7e8f90a1',
        process: DEMO.processes.frankfurt,
        scheduledAgo: 80 * MIN,
        startMs: 505,
        endedAgo: 30 * MIN,
      },
    ],
  },
  {
    id: DEMO.rooms.duelSea,
    region: 'Seattle',
    state: 'allocated',
    config: { mode: 'duel', map: 'canyon', maxPlayers: 2, ranked: true, players: ['mira', 'oskar'] },
    allocations: [
      {
        id: 'a06dc18f-7c9e-4fd0-8b1c-6d7e8f90a1b2',
        process: DEMO.processes.seattle,
        scheduledAgo: 2 * HOUR,
        startMs: 470,
      },
    ],
  },
  {
    id: DEMO.rooms.sandboxSea,
    region: 'Seattle',
    state: 'allocated',
    config: null,
    allocations: [
      {
        id: 'b17ed29a-8daf-4ae1-9c2d-7e8f90a1b2c3',
        process: DEMO.processes.seattle,
        scheduledAgo: 45 * MIN,
        startMs: 520,
      },
    ],
  },
  {
    id: DEMO.rooms.arenaSuspended,
    region: 'Seattle',
    state: 'suspended',
    config: { mode: 'arena', map: 'colosseum', maxPlayers: 6, roundsToWin: 3 },
    allocations: [
      {
        id: 'c28fe3ab-9eb0-4bf2-8d3e-8f90a1b2c3d4',
        process: DEMO.processes.seattle,
        scheduledAgo: 2 * HOUR + 20 * MIN,
        startMs: 2450,
        endedAgo: 40 * MIN,
      },
    ],
  },
  {
    id: DEMO.rooms.coopTokyo,
    region: 'Tokyo',
    state: 'allocated',
    config: { mode: 'coop', difficulty: 'hard', maxPlayers: 4, worldSeed: 48213 },
    allocations: [
      {
        id: 'd390f4bc-afc1-4c03-9e4f-90a1b2c3d4e5',
        process: DEMO.processes.tokyo,
        scheduledAgo: 25 * MIN,
        startMs: 2530,
      },
    ],
  },
  {
    id: DEMO.rooms.raidStarting,
    region: 'Tokyo',
    state: 'allocated',
    config: { mode: 'raid', boss: 'leviathan', maxPlayers: 8, difficulty: 'mythic' },
    allocations: [
      { id: RAID_ALLOCATION, process: DEMO.processes.tokyo, scheduledAgo: 5000, startMs: DEMO_STARTING_HOLD_MS },
    ],
  },
];

/** Inserts the demo app's data if the database has no processes and no rooms. Returns whether it seeded. */
export function seedDemo(db: Db, appId: string, roomsPerProcess: number, now = Date.now()): boolean {
  const empty = db.prepare('SELECT (SELECT COUNT(*) FROM processes) + (SELECT COUNT(*) FROM rooms)').pluck().get();
  if (empty !== 0) return false;

  const insertProcess = db.prepare(
    `INSERT INTO processes (process_id, app_id, region, deployment_id, host, port, additional_ports, rooms_per_process,
       active_rooms, rooms_updated_at, active_connections, egressed_bytes, starting_at, started_at, idle_since,
       stopping_at, terminated_at)
     VALUES (@id, @appId, @region, @deployment, @host, @port, @extraPorts, @capacity, @active, @roomsUpdatedAt,
       @connections, @egressedBytes, @startingAt, @startedAt, @idleSince, @stoppingAt, @stoppingAt)`,
  );
  const insertRoom = db.prepare(
    `INSERT INTO rooms (room_id, app_id, region, room_config, state, current_allocation_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAllocation = db.prepare(
    `INSERT INTO allocations (allocation_id, room_id, process_id, scheduled_at, ready_at, unscheduled_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );

  db.transaction(() => {
    const ago = (ms: number) => now - ms;
    for (const p of PROCESSES) {
      const current = ROOMS.flatMap((r) => r.allocations).filter((a) => a.process === p.id && a.endedAgo === undefined);
      // The last time a room arrived on or left the process.
      const events = ROOMS.flatMap((r) => r.allocations)
        .filter((a) => a.process === p.id)
        .map((a) => a.endedAgo ?? a.scheduledAgo);
      insertProcess.run({
        id: p.id,
        appId,
        region: p.region,
        deployment: p.deployment,
        host: hostForRegion(p.region),
        port: p.port,
        extraPorts: JSON.stringify(p.extraPorts ?? []),
        capacity: Math.max(roomsPerProcess, 4),
        active: current.length,
        roomsUpdatedAt: ago(Math.min(...events)),
        connections: p.connections,
        egressedBytes: p.egressedBytes,
        startingAt: ago(p.startingAgo),
        startedAt: ago(p.startingAgo) + 2150,
        idleSince: p.stoppedAgo === undefined ? null : ago(p.stoppedAgo) - 5 * MIN,
        stoppingAt: p.stoppedAgo === undefined ? null : ago(p.stoppedAgo),
      });
    }
    for (const r of ROOMS) {
      const first = r.allocations[0];
      const current = r.allocations.find((a) => a.endedAgo === undefined);
      insertRoom.run(
        r.id,
        appId,
        r.region,
        r.config && JSON.stringify(r.config),
        r.state,
        r.state === 'allocated' ? (current?.id ?? null) : null,
        first ? ago(first.scheduledAgo) : now,
      );
      for (const a of r.allocations) {
        const scheduledAt = ago(a.scheduledAgo);
        const readyAt = a.id === RAID_ALLOCATION ? now + DEMO_STARTING_HOLD_MS : scheduledAt + a.startMs;
        insertAllocation.run(
          a.id,
          r.id,
          a.process,
          scheduledAt,
          readyAt,
          a.endedAgo === undefined ? null : ago(a.endedAgo),
        );
      }
    }
  })();
  return true;
}

/**
 * Keeps the demo's starting room starting: at each server start (with seeding on), if demo-raid-starting is still
 * on its seeded allocation, its ready time moves to an hour from now. Once anyone suspends, resumes or destroys
 * it, it is left alone.
 */
export function refreshDemoStartingRoom(db: Db, now = Date.now()): void {
  db.prepare(
    `UPDATE allocations SET ready_at = ?
     WHERE allocation_id = ? AND unscheduled_at IS NULL
       AND EXISTS (SELECT 1 FROM rooms WHERE room_id = ? AND current_allocation_id = ?)`,
  ).run(now + DEMO_STARTING_HOLD_MS, RAID_ALLOCATION, DEMO.rooms.raidStarting, RAID_ALLOCATION);
}

/** How long ago the local demo's history process stopped: past the default log retention (72 h). */
const LOCAL_HISTORY_AGO = 4 * 24 * HOUR;

/**
 * The local runtime's demo history, as plain rows: the stopped process of an earlier deployment (1) and the
 * destroyed room that was on it. Only into an empty database; returns whether it seeded (then call
 * {@link seedLocalRooms} once the server listens).
 */
export function seedLocalHistory(
  db: Db,
  appId: string,
  options: { publicHost: string; port: number; roomsPerProcess: number },
  now = Date.now(),
): boolean {
  const empty = db.prepare('SELECT (SELECT COUNT(*) FROM processes) + (SELECT COUNT(*) FROM rooms)').pluck().get();
  if (empty !== 0) return false;
  const startedAgo = LOCAL_HISTORY_AGO + 6 * HOUR;
  const scheduledAgo = LOCAL_HISTORY_AGO + 5 * HOUR;
  const endedAgo = LOCAL_HISTORY_AGO + 5 * MIN;
  const ago = (ms: number) => now - ms;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO processes (process_id, app_id, region, deployment_id, runtime, host, port, rooms_per_process,
         active_rooms, rooms_updated_at, starting_at, booted_at, started_at, idle_since, idle_timeout, stopping_at,
         terminated_at, exit_kind, exit_reason)
       VALUES (@id, @appId, 'Frankfurt', 1, 'local', @host, @port, @capacity, 0, @endedAt, @startingAt, @startingAt,
         @startedAt, NULL, 1, @stoppedAt, @terminatedAt, 'stopped', @reason)`,
    ).run({
      id: DEMO.processes.stopped,
      appId,
      host: options.publicHost,
      port: options.port,
      capacity: options.roomsPerProcess,
      endedAt: ago(endedAgo),
      startingAt: ago(startedAgo),
      startedAt: ago(startedAgo) + 850,
      stoppedAt: ago(LOCAL_HISTORY_AGO),
      terminatedAt: ago(LOCAL_HISTORY_AGO) + 120,
      reason: 'Stopped by StopProcess: exited with code 0 0.1 s after SIGTERM',
    });
    db.prepare(
      `INSERT INTO rooms (room_id, app_id, region, room_config, state, current_allocation_id, created_at)
       VALUES (?, ?, 'Frankfurt', ?, 'destroyed', NULL, ?)`,
    ).run(DEMO.rooms.matchDestroyed, appId, JSON.stringify({ target: 20, mode: 'deathmatch' }), ago(scheduledAgo));
    db.prepare(
      `INSERT INTO allocations (allocation_id, room_id, process_id, scheduled_at, ready_at, unscheduled_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      '9f5cb07e-6b8d-4ecf-9a0b-5c6d7e8f90a1',
      DEMO.rooms.matchDestroyed,
      DEMO.processes.stopped,
      ago(scheduledAgo),
      ago(scheduledAgo),
      ago(endedAgo),
    );
  })();
  return true;
}

/** The local demo's live rooms, in the order they are created (see the header). */
export const LOCAL_DEMO_ROOMS: { roomId: string; region: Region; roomConfig: string | null }[] = [
  { roomId: DEMO.rooms.lobbyEu, region: 'Frankfurt', roomConfig: '{"target":20,"mode":"lobby"}' },
  { roomId: DEMO.rooms.duelSea, region: 'Seattle', roomConfig: '{"target":10,"mode":"duel"}' },
  { roomId: DEMO.rooms.sandboxSea, region: 'Seattle', roomConfig: null },
  { roomId: DEMO.rooms.arenaSuspended, region: 'Seattle', roomConfig: '{"target":30,"mode":"arena"}' },
  { roomId: DEMO.rooms.coopTokyo, region: 'Tokyo', roomConfig: '{"target":50,"mode":"coop"}' },
];

/**
 * Creates the local demo's live rooms through the store (real processes start) and suspends demo-arena-suspended.
 * Call it after {@link seedLocalHistory} seeded, once the server listens (the games get its API URL). A room that
 * cannot be created (no free port) is reported through `warn` and skipped.
 */
export function seedLocalRooms(store: Store, appId: string, warn: (message: string) => void): void {
  for (const room of LOCAL_DEMO_ROOMS) {
    try {
      store.createRoom(appId, { region: room.region, roomConfig: room.roomConfig ?? undefined }, room.roomId);
      if (room.roomId === DEMO.rooms.arenaSuspended) store.suspendRoom(appId, room.roomId);
    } catch (err) {
      warn(`demo seed: could not create room ${room.roomId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
