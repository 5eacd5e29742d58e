import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ID, forEachConcurrently, waitFor } from './test/harness.ts';
import { callMain, killAllMains, type MainProcess, startMain, stopMain } from './test/spawn.ts';
import type { CreateRoomResponse, ProcessWithRooms, Room } from './views.ts';

/**
 * kill -9 in the middle of concurrent writes (issue 7): every write the server acknowledged (answered 2xx before
 * it died) is there after a restart on the same database, nothing is half-written, and rooms that were starting
 * become active.
 */
const TOKEN = 'crash-token';
const WORKERS = 24;
/** Acknowledged creates before the kill: enough that the kill lands in the middle of steady load. */
const CREATES_BEFORE_KILL = 100;
const REGIONS = ['Seattle', 'Frankfurt', 'Tokyo', 'London', 'Sydney', 'Chicago'] as const;

const dir = mkdtempSync(join(tmpdir(), 'roomdeck-crash-'));
afterAll(() => {
  killAllMains();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Every room becomes active at least this long after its create (a new process and a room on a running one alike),
 * so a room whose create was sent less than this before the kill was certainly still starting when it died.
 */
const START_MS = 2500;

const ENV = {
  ROOMDECK_DB: join(dir, 'crash.db'),
  ROOMDECK_TOKEN: TOKEN,
  ROOMDECK_PROCESS_START_MS: String(START_MS),
  ROOMDECK_ROOM_START_MS: String(START_MS),
};

const rooms = (op: string, id = '') => `/rooms/v2/${APP_ID}/${op}${id ? `/${id}` : ''}`;

/** What the clients know: only answers they received count as acknowledged. */
class Ledger {
  /** Acknowledged creates, with the answer, the config sent and when the request was sent (performance.now()). */
  readonly created = new Map<string, { response: CreateRoomResponse; roomConfig: string; sentAt: number }>();
  /** Creates sent but not answered: they may or may not have happened. */
  readonly createsInFlight = new Set<string>();
  /** Rooms whose suspend was acknowledged. */
  readonly suspended = new Set<string>();
  /** Rooms whose suspend was sent but not answered. */
  readonly suspendsInFlight = new Set<string>();
  /** Per update room (each updated by one worker, one request at a time): last acknowledged and in-flight values. */
  readonly configs = new Map<string, { acknowledged: string; inFlight: string | null }>();
  /** Rooms created and not yet picked for a suspend. */
  readonly toSuspend: string[] = [];
  /** Anything that went wrong before the kill (a non-2xx answer, a failed request). */
  readonly errors: string[] = [];
  requestsInFlight = 0;
  killed = false;
}

async function track<T>(ledger: Ledger, what: string, call: () => Promise<{ status: number; body: T }>) {
  ledger.requestsInFlight++;
  try {
    const res = await call();
    if (res.status >= 300) ledger.errors.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.status < 300 ? res : undefined;
  } catch (err) {
    if (!ledger.killed) ledger.errors.push(`${what}: ${(err as Error).message}`);
    return undefined;
  } finally {
    ledger.requestsInFlight--;
  }
}

/** One client: create a room, update its own room's config, suspend a room created earlier; until the kill. */
async function worker(server: MainProcess, ledger: Ledger, w: number): Promise<void> {
  const updateRoom = `crash-config-${w}`;
  for (let i = 0; !ledger.killed; i++) {
    const roomId = `crash-${w}-${i}`;
    const roomConfig = JSON.stringify({ worker: w, i });
    ledger.createsInFlight.add(roomId);
    const sentAt = performance.now();
    const created = await track(ledger, `create ${roomId}`, () =>
      callMain<CreateRoomResponse>(server, TOKEN, 'POST', `${rooms('create')}?roomId=${roomId}`, {
        region: REGIONS[(w + i) % REGIONS.length],
        roomConfig,
      }),
    );
    if (created) {
      ledger.createsInFlight.delete(roomId);
      ledger.created.set(roomId, { response: created.body, roomConfig, sentAt });
      ledger.toSuspend.push(roomId);
    }
    if (ledger.killed) return;

    const config = ledger.configs.get(updateRoom);
    if (!config) throw new Error(`${updateRoom} was not created`);
    config.inFlight = `v${i}`;
    const updated = await track(ledger, `update ${updateRoom}`, () =>
      callMain(server, TOKEN, 'POST', rooms('update', updateRoom), { roomConfig: `v${i}` }),
    );
    if (updated) config.acknowledged = `v${i}`;
    if (updated || !ledger.killed) config.inFlight = null;
    if (ledger.killed) return;

    // Every other room is suspended, the older ones first (some of them are still starting).
    const victim = i % 2 === 0 ? ledger.toSuspend.shift() : undefined;
    if (victim !== undefined) {
      ledger.suspendsInFlight.add(victim);
      const suspended = await track(ledger, `suspend ${victim}`, () =>
        callMain(server, TOKEN, 'POST', rooms('suspend', victim)),
      );
      if (suspended) {
        ledger.suspendsInFlight.delete(victim);
        ledger.suspended.add(victim);
      }
    }
  }
}

describe('crash', () => {
  it('keeps every acknowledged create, suspend and config update across SIGKILL under concurrent load', async () => {
    const ledger = new Ledger();
    const first = await startMain(ENV);
    await forEachConcurrently([...Array(WORKERS).keys()], WORKERS, async (w) => {
      const roomId = `crash-config-${w}`;
      const res = await callMain(first, TOKEN, 'POST', `${rooms('create')}?roomId=${roomId}`, {
        region: 'Dubai',
        roomConfig: 'v-initial',
      });
      expect(res.status).toBe(201);
      ledger.configs.set(roomId, { acknowledged: 'v-initial', inFlight: null });
    });

    const workers = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(first, ledger, w)));
    await waitFor(
      async () => ledger.created.size,
      (n) => n >= CREATES_BEFORE_KILL || ledger.errors.length > 0,
      `${CREATES_BEFORE_KILL} acknowledged creates`,
    );
    const inFlightAtKill = ledger.requestsInFlight;
    const killedAt = performance.now();
    ledger.killed = true;
    const [, signal] = await stopMain(first, 'SIGKILL');
    await workers;
    expect(signal).toBe('SIGKILL');
    expect(ledger.errors, 'errors before the kill').toEqual([]);
    expect(inFlightAtKill, 'requests in flight when the server was killed').toBeGreaterThan(0);

    const second = await startMain(ENV);
    const info = (roomId: string) => callMain<Room>(second, TOKEN, 'GET', rooms('info', roomId));

    // Every acknowledged create is there, on the process it was given, with its config; suspends as acknowledged.
    const starting: string[] = [];
    await forEachConcurrently([...ledger.created], 16, async ([roomId, { response, roomConfig, sentAt }]) => {
      const res = await info(roomId);
      expect(res.status, roomId).toBe(200);
      expect(res.body.roomConfig, roomId).toBe(roomConfig);
      expect(res.body.allocations[0]?.processId, roomId).toBe(response.processId);
      if (ledger.suspended.has(roomId)) {
        expect(res.body, roomId).toMatchObject({ status: 'suspended', currentAllocation: null });
      } else if (ledger.suspendsInFlight.has(roomId)) {
        expect(['suspended', 'scheduling', 'active'], roomId).toContain(res.body.status);
      } else {
        expect(['scheduling', 'active'], roomId).toContain(res.body.status);
        expect(res.body.currentAllocation?.processId, roomId).toBe(response.processId);
        if (sentAt > killedAt - START_MS) starting.push(roomId);
      }
    });

    // Creates that were not answered either happened completely or not at all.
    for (const roomId of ledger.createsInFlight) {
      const res = await info(roomId);
      expect([200, 404], roomId).toContain(res.status);
      if (res.status === 200) expect(res.body.allocations, roomId).toHaveLength(1);
    }

    // Config updates: the last acknowledged value, or the one in flight at the kill (sent after it).
    for (const [roomId, { acknowledged, inFlight }] of ledger.configs) {
      const res = await info(roomId);
      expect([acknowledged, inFlight ?? acknowledged], roomId).toContain(res.body.roomConfig);
    }

    // Each process's room count matches its rooms: no transaction was half-applied.
    const running = await callMain<ProcessWithRooms[]>(second, TOKEN, 'GET', `/processes/v1/${APP_ID}/list/running`);
    for (const p of running.body) {
      expect(p.roomsAllocated, p.processId).toBe(p.rooms.length);
      expect(p.totalRooms, p.processId).toBe(p.rooms.length);
    }

    // Rooms that were starting at the kill (created less than START_MS before it) become active after the restart.
    expect(starting.length, 'rooms starting at the kill').toBeGreaterThan(0);
    await forEachConcurrently(starting, 16, async (roomId) => {
      await waitFor(
        () => info(roomId),
        (r) => r.body.status === 'active',
        `${roomId} to become active after the restart`,
        10_000,
      );
    });

    const [code] = await stopMain(second);
    expect(code).toBe(0);
    const db = new Database(ENV.ROOMDECK_DB, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
