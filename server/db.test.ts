import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db.ts';
import { SQL } from './store.ts';

const dir = mkdtempSync(join(tmpdir(), 'roomdeck-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plan(sql: string): string {
  const db = openDatabase(':memory:');
  try {
    const named = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], 1]));
    const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
    const rows = Object.keys(named).length > 0 ? stmt.all(named) : stmt.all(...(sql.match(/\?/g) ?? []).map(() => 'x'));
    return (rows as { detail: string }[]).map((r) => r.detail).join('\n');
  } finally {
    db.close();
  }
}

const V1_SCHEMA = `
CREATE TABLE processes (
  process_id         TEXT PRIMARY KEY,
  app_id             TEXT NOT NULL,
  region             TEXT NOT NULL,
  deployment_id      INTEGER NOT NULL,
  host               TEXT NOT NULL,
  port               INTEGER NOT NULL,
  additional_ports   TEXT NOT NULL DEFAULT '[]',
  rooms_per_process  INTEGER NOT NULL,
  active_rooms       INTEGER NOT NULL DEFAULT 0,
  rooms_updated_at   INTEGER NOT NULL,
  active_connections INTEGER NOT NULL DEFAULT 0,
  egressed_bytes     INTEGER NOT NULL DEFAULT 0,
  starting_at        INTEGER NOT NULL,
  started_at         INTEGER NOT NULL,
  idle_since         INTEGER,
  stopping_at        INTEGER,
  terminated_at      INTEGER
) STRICT;

-- Placement: a running process of the app in the region with a free slot.
CREATE INDEX processes_free ON processes (app_id, region, starting_at)
  WHERE stopping_at IS NULL AND active_rooms < rooms_per_process;
-- list/running, most recently started first.
CREATE INDEX processes_running ON processes (app_id, starting_at) WHERE stopping_at IS NULL;
-- list/stopped, most recently stopped first.
CREATE INDEX processes_stopped ON processes (app_id, stopping_at) WHERE stopping_at IS NOT NULL;
-- The idle sweep: running processes without rooms.
CREATE INDEX processes_idle ON processes (idle_since) WHERE stopping_at IS NULL AND idle_since IS NOT NULL;

CREATE TABLE rooms (
  room_id               TEXT PRIMARY KEY,
  app_id                TEXT NOT NULL,
  region                TEXT NOT NULL,
  room_config           TEXT,
  state                 TEXT NOT NULL CHECK (state IN ('allocated', 'suspended', 'destroyed')),
  current_allocation_id TEXT,
  created_at            INTEGER NOT NULL,
  deployment_id         TEXT,
  client_ips            TEXT
) STRICT;

CREATE TABLE allocations (
  seq            INTEGER PRIMARY KEY,
  allocation_id  TEXT NOT NULL UNIQUE,
  room_id        TEXT NOT NULL REFERENCES rooms (room_id),
  process_id     TEXT NOT NULL REFERENCES processes (process_id),
  scheduled_at   INTEGER NOT NULL,
  ready_at       INTEGER NOT NULL,
  unscheduled_at INTEGER
) STRICT;

-- A room's history, oldest first.
CREATE INDEX allocations_room ON allocations (room_id, seq);
-- A process's active rooms: its current allocations.
CREATE INDEX allocations_process_current ON allocations (process_id, seq) WHERE unscheduled_at IS NULL;
-- A process's inactive rooms: its ended allocations.
CREATE INDEX allocations_process_ended ON allocations (process_id, room_id) WHERE unscheduled_at IS NOT NULL;
`;

describe('database', () => {
  it('creates the directory and opens the file in WAL mode with synchronous=NORMAL', () => {
    const path = join(dir, 'nested', 'dir', 'roomdeck.db');
    const db = openDatabase(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('locking_mode', { simple: true })).toBe('exclusive');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10000);
      expect(db.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
    // Reopening an existing database keeps it.
    openDatabase(path).close();
  });

  it('is locked to the process that opened it: a second opener gets a clear error until it is closed', () => {
    const path = join(dir, 'locked.db');
    const db = openDatabase(path);
    try {
      expect(() => openDatabase(path)).toThrow(`Database ${path} is in use by another process`);
    } finally {
      db.close();
    }
    openDatabase(path).close();
  });

  it('migrates a version 1 database to version 2 and keeps every row', () => {
    const path = join(dir, 'v1.db');
    const old = new Database(path);
    old.exec(V1_SCHEMA);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO processes (process_id, app_id, region, deployment_id, host, port, rooms_per_process,
        active_rooms, rooms_updated_at, starting_at, started_at, stopping_at, terminated_at)
      VALUES ('p-live', 'app', 'Seattle', 3, 'h', 7001, 4, 1, 10, 10, 20, NULL, NULL),
             ('p-gone', 'app', 'Tokyo', 2, 'h', 7002, 4, 0, 10, 5, 6, 30, 30)`);
    old.exec(`INSERT INTO rooms (room_id, app_id, region, room_config, state, current_allocation_id, created_at)
      VALUES ('r1', 'app', 'Seattle', '{"a":1}', 'allocated', 'a1', 10)`);
    old.exec(`INSERT INTO allocations (allocation_id, room_id, process_id, scheduled_at, ready_at)
      VALUES ('a1', 'r1', 'p-live', 10, 25)`);
    old.close();

    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(
        db.prepare('SELECT process_id, runtime, started_at, exit_kind FROM processes ORDER BY process_id').all(),
      ).toEqual([
        { process_id: 'p-gone', runtime: 'simulated', started_at: 6, exit_kind: 'stopped' },
        { process_id: 'p-live', runtime: 'simulated', started_at: 20, exit_kind: null },
      ]);
      expect(db.prepare('SELECT allocation_id, ready_at FROM allocations').all()).toEqual([
        { allocation_id: 'a1', ready_at: 25 },
      ]);
      expect(db.prepare('SELECT room_config FROM rooms').get()).toEqual({ room_config: '{"a":1}' });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // A local process's start time is unknown until it binds: the column is nullable now.
      db.prepare("UPDATE processes SET started_at = NULL WHERE process_id = 'p-live'").run();
    } finally {
      db.close();
    }
  });

  it('refuses a database of another schema version', () => {
    const path = join(dir, 'future.db');
    const db = openDatabase(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(path)).toThrow(/schema version 99/);
  });
});

describe('query plans: lists read through indexes', () => {
  it.each([
    ['activeRooms', 'SEARCH a USING INDEX allocations_process_current (process_id=?)'],
    ['inactiveRooms', 'SEARCH allocations USING INDEX allocations_process_ended (process_id=?)'],
    ['roomWithAllocations', 'SEARCH a USING INDEX allocations_room (room_id=?)'],
    ['freeProcess', 'SEARCH processes USING INDEX processes_free (app_id=? AND region=? AND deployment_id=?)'],
    ['latestProcesses', 'SEARCH processes USING INDEX processes_latest (app_id=?)'],
    ['countProcesses', 'SEARCH processes USING INDEX processes_latest (app_id=?)'],
    ['liveLocal', 'SEARCH processes USING INDEX processes_live (runtime=?)'],
    ['stopIdle', 'SEARCH processes USING INDEX processes_idle'],
    ['runningProcesses', 'SEARCH processes USING INDEX processes_running (app_id=?)'],
    ['stoppedProcesses', 'SEARCH processes USING INDEX processes_stopped'],
  ] as const)('%s uses its index', (name, expected) => {
    const detail = plan(SQL[name]);
    expect(detail).toContain(expected);
    expect(detail).not.toMatch(/^SCAN (allocations|rooms|processes)\b/m);
  });

  it('no statement scans a whole table', () => {
    for (const [name, sql] of Object.entries(SQL)) {
      if (sql.trimStart().startsWith('INSERT')) continue;
      // A scan of processes_live reads only the processes that have not ended (a partial index).
      const detail = plan(sql).replaceAll('SCAN processes USING INDEX processes_live', 'live processes');
      expect(detail, name).not.toMatch(/\bSCAN (a|r|pr|allocations|rooms|processes|metrics)\b/);
    }
  });
});
