import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      expect(db.pragma('user_version', { simple: true })).toBe(1);
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
    ['freeProcess', 'SEARCH processes USING INDEX processes_free (app_id=? AND region=?)'],
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
      expect(plan(sql), name).not.toMatch(/\bSCAN (a|r|pr|allocations|rooms|processes)\b/);
    }
  });
});
