import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA_VERSION = 2;

/**
 * All times are integer milliseconds since the epoch. Room and process states are derived from these stored
 * timestamps at read time (see store.ts), so a restart, or a `kill -9`, never loses a pending transition:
 *   - processes.started_at is when the process has started (bound its port). A simulated process's lies in the
 *     future while it is starting; a local one's is null until the runtime sees the port bound;
 *   - allocations.ready_at is when the room on that allocation becomes active (may lie in the future; null while
 *     its local process has not started);
 *   - processes.idle_since is when the process lost its last active room; it stops idle_ms later;
 *   - processes.exit_kind/exit_reason say how a terminated process ended (null: stopped, for version 1 rows).
 */
const PROCESSES = `
CREATE TABLE processes (
  process_id         TEXT PRIMARY KEY,
  app_id             TEXT NOT NULL,
  region             TEXT NOT NULL,
  deployment_id      INTEGER NOT NULL,
  runtime            TEXT NOT NULL DEFAULT 'simulated' CHECK (runtime IN ('simulated', 'local')),
  host               TEXT NOT NULL,
  port               INTEGER NOT NULL,
  transport_type     TEXT NOT NULL DEFAULT 'tcp',
  additional_ports   TEXT NOT NULL DEFAULT '[]',
  rooms_per_process  INTEGER NOT NULL,
  active_rooms       INTEGER NOT NULL DEFAULT 0,
  rooms_updated_at   INTEGER NOT NULL,
  active_connections INTEGER NOT NULL DEFAULT 0,
  egressed_bytes     INTEGER NOT NULL DEFAULT 0,
  starting_at        INTEGER NOT NULL,
  booted_at          INTEGER,
  started_at         INTEGER,
  idle_since         INTEGER,
  idle_timeout       INTEGER NOT NULL DEFAULT 1,
  draining           INTEGER NOT NULL DEFAULT 0,
  stopping_at        INTEGER,
  terminated_at      INTEGER,
  exit_kind          TEXT CHECK (exit_kind IN ('stopped', 'failed')),
  exit_reason        TEXT,
  pid                INTEGER,
  pid_start          TEXT,
  token_hash         TEXT
) STRICT;`;

const ALLOCATIONS = `
CREATE TABLE allocations (
  seq            INTEGER PRIMARY KEY,
  allocation_id  TEXT NOT NULL UNIQUE,
  room_id        TEXT NOT NULL REFERENCES rooms (room_id),
  process_id     TEXT NOT NULL REFERENCES processes (process_id),
  scheduled_at   INTEGER NOT NULL,
  ready_at       INTEGER,
  unscheduled_at INTEGER
) STRICT;`;

const INDEXES = `
-- Placement: a process of the app in the region, of the current deployment, with a free slot.
CREATE INDEX processes_free ON processes (app_id, region, deployment_id, starting_at)
  WHERE stopping_at IS NULL AND draining = 0 AND active_rooms < rooms_per_process;
-- list/running, most recently started first.
CREATE INDEX processes_running ON processes (app_id, starting_at) WHERE stopping_at IS NULL;
-- list/stopped, most recently stopped first.
CREATE INDEX processes_stopped ON processes (app_id, stopping_at) WHERE stopping_at IS NOT NULL;
-- The idle sweep: running processes without rooms.
CREATE INDEX processes_idle ON processes (idle_since) WHERE stopping_at IS NULL AND idle_since IS NOT NULL;
-- ProcessesV3 latest: newest first, paged by creation time.
CREATE INDEX processes_latest ON processes (app_id, starting_at);
-- Processes a runtime runs: not yet terminated.
CREATE INDEX processes_live ON processes (runtime) WHERE terminated_at IS NULL;
-- A room's history, oldest first.
CREATE INDEX allocations_room ON allocations (room_id, seq);
-- A process's active rooms: its current allocations.
CREATE INDEX allocations_process_current ON allocations (process_id, seq) WHERE unscheduled_at IS NULL;
-- A process's inactive rooms: its ended allocations.
CREATE INDEX allocations_process_ended ON allocations (process_id, room_id) WHERE unscheduled_at IS NOT NULL;`;

const ROOMS = `
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
) STRICT;`;

/** Version 2: deployments (a changed deployment file is a new one) and process metrics. */
const V2_TABLES = `
CREATE TABLE deployments (
  deployment_id INTEGER PRIMARY KEY,
  app_id        TEXT NOT NULL,
  runtime       TEXT NOT NULL,
  spec          TEXT,
  spec_hash     TEXT NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;

-- One sample per process per metrics interval; kept ROOMDECK_LOG_RETENTION_HOURS.
CREATE TABLE metrics (
  process_id  TEXT NOT NULL,
  at          INTEGER NOT NULL,
  cpu         REAL NOT NULL,
  memory      INTEGER NOT NULL,
  connections INTEGER,
  PRIMARY KEY (process_id, at)
) STRICT, WITHOUT ROWID;
CREATE INDEX metrics_at ON metrics (at);`;

const SCHEMA = `${PROCESSES}\n${ROOMS}\n${ALLOCATIONS}\n${INDEXES}\n${V2_TABLES}`;

/**
 * Version 1 -> 2: processes and allocations are rebuilt (started_at and ready_at become nullable, a local
 * process's are unknown until it binds its port); every row is kept, version 1 processes are simulated ones.
 */
function migrateV1(db: Database.Database): void {
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    db.exec('ALTER TABLE processes RENAME TO processes_v1; ALTER TABLE allocations RENAME TO allocations_v1;');
    for (const index of ['processes_free', 'processes_running', 'processes_stopped', 'processes_idle']) {
      db.exec(`DROP INDEX IF EXISTS ${index}`);
    }
    for (const index of ['allocations_room', 'allocations_process_current', 'allocations_process_ended']) {
      db.exec(`DROP INDEX IF EXISTS ${index}`);
    }
    db.exec(PROCESSES);
    db.exec(ALLOCATIONS);
    db.exec(`INSERT INTO processes (process_id, app_id, region, deployment_id, host, port, additional_ports,
        rooms_per_process, active_rooms, rooms_updated_at, active_connections, egressed_bytes, starting_at, booted_at,
        started_at, idle_since, stopping_at, terminated_at, exit_kind)
      SELECT process_id, app_id, region, deployment_id, host, port, additional_ports, rooms_per_process, active_rooms,
        rooms_updated_at, active_connections, egressed_bytes, starting_at, starting_at, started_at, idle_since,
        stopping_at, terminated_at, CASE WHEN terminated_at IS NULL THEN NULL ELSE 'stopped' END
      FROM processes_v1`);
    db.exec('INSERT INTO allocations SELECT * FROM allocations_v1');
    db.exec('DROP TABLE allocations_v1; DROP TABLE processes_v1;');
    db.exec(INDEXES);
    db.exec(V2_TABLES);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`migration to schema 2 found ${broken.length} broken references`);
    db.pragma('user_version = 2');
  })();
  db.pragma('foreign_keys = ON');
}

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
  } else if (version === 1) {
    migrateV1(db);
  } else if (version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `Database ${path} has schema version ${version}, this server knows version ${SCHEMA_VERSION}; ` +
        'use another ROOMDECK_DB file',
    );
  }
  return db;
}
