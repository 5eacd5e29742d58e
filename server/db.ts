import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA_VERSION = 1;

/**
 * All times are integer milliseconds since the epoch. Room and process states are derived from these stored
 * timestamps at read time (see store.ts), so a restart, or a `kill -9`, never loses a pending transition:
 *   - processes.started_at is when the process has started (or will have: it may lie in the future);
 *   - allocations.ready_at is when the room on that allocation becomes active (may lie in the future);
 *   - processes.idle_since is when the process lost its last active room; it stops idle_ms later.
 */
const SCHEMA = `
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

/**
 * Opens (and creates or migrates) the database. For a file path the directory is created.
 *
 * Durability: WAL with synchronous=NORMAL. In WAL mode a commit appends the transaction to the -wal file with
 * write(2) before the statement returns, so once a response is sent its write is in the OS page cache and
 * survives the server process being killed (`kill -9`, a crash). What NORMAL gives up, compared with FULL, is
 * only the fsync per commit: a power loss or OS crash may lose the last transactions (never corrupt the file).
 * That is the right trade for a local emulator: FULL would make every create wait for the disk.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // A server that is still closing holds the lock for a moment; another one that keeps running never lets go.
  const db = new Database(path, { timeout: 1000 });
  try {
    // Before WAL is entered: this connection then keeps the WAL index in its own memory instead of a shared -shm
    // file and holds its file lock until it closes, so a statement pays no lock and shared-memory system calls
    // (a primary-key read: ~5.6 -> ~0.8 us). The server is the database's only user; another process (a second
    // server, the sqlite3 shell) gets "database is locked" while it runs.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(
        `Database ${path} is in use by another process (another Roomdeck server?): stop it or set ROOMDECK_DB to another file`,
      );
    }
    throw err;
  }
  db.pragma('synchronous = NORMAL');
  // A checkpoint (copying the WAL into the database file) runs on the committing request and fsyncs twice; the
  // default of every 1,000 pages (~250 creates) made it the largest cost of creating rooms. Every 10,000 pages
  // (a WAL of up to ~40 MB) keeps commits cheap; journal_size_limit truncates the WAL after a checkpoint.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  db.pragma('foreign_keys = ON');

  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) {
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  } else if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `Database ${path} has schema version ${version}, this server knows version ${SCHEMA_VERSION}; ` +
        'use another ROOMDECK_DB file',
    );
  }
  return db;
}
