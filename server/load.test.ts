import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './test/harness.ts';
import { formatReport, runLoad } from './test/load.ts';

/**
 * A short run of `npm run test:load` (bench/load.ts: 200 connections for 20 s against server/main.ts in its own
 * process), so that its code runs in npm test: here the server runs in-process, on a SQLite file.
 */
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roomdeck-load-test-'));
  server = await startServer({
    ROOMDECK_DB: join(dir, 'load.db'),
    ROOMDECK_SEED: '0',
    ROOMDECK_ROOMS_PER_PROCESS: '20',
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('load', () => {
  it('50 connections of mixed reads and writes for 2 s: no error, no lost write', async () => {
    const report = await runLoad({
      base: server.base,
      appId: server.appId,
      token: server.token,
      connections: 50,
      durationMs: 2000,
    });
    expect(report.errors, formatReport(report)).toBe(0);
    expect(report.writes.lost, formatReport(report)).toBe(0);
    // Reads were made, and writes were acknowledged (and then read back).
    expect(report.ops.find((o) => o.op === 'GET info')?.count).toBeGreaterThan(0);
    expect(report.writes.creates).toBeGreaterThan(0);
    expect(report.writes.updates).toBeGreaterThan(0);
    expect(report.writes.suspends).toBeGreaterThan(0);
  });
});
