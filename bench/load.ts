import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_APP_ID } from '../server/config.ts';
import { formatReport, runLoad } from '../server/test/load.ts';
import { startMain, stopMain } from '../server/test/spawn.ts';

/**
 * `npm run test:load`: 200 connections for 20 s of mixed reads and writes against server/main.ts (its own
 * process, on a SQLite file in a temp dir), then every acknowledged write is read back (issue 7). Exits 1 on any
 * error or lost write. Options: LOAD_CONNECTIONS (default 200), LOAD_DURATION (seconds, default 20),
 * LOAD_MAX_REQUESTS (default 5,000,000).
 */
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const DURATION_S = Number(process.env.LOAD_DURATION ?? 20);
const MAX_REQUESTS = Number(process.env.LOAD_MAX_REQUESTS ?? 5_000_000);
const TOKEN = 'load-token';

const dir = mkdtempSync(join(tmpdir(), 'roomdeck-load-'));
const server = await startMain({
  ROOMDECK_DB: join(dir, 'load.db'),
  ROOMDECK_TOKEN: TOKEN,
  ROOMDECK_ROOMS_PER_PROCESS: '20',
});
let failed = true;
try {
  const loadAtStart = loadavg()[0] ?? 0;
  console.log(`Load: ${CONNECTIONS} connections, ${DURATION_S} s of mixed reads and writes against ${server.base} ...`);
  const report = await runLoad({
    base: server.base,
    appId: DEFAULT_APP_ID,
    token: TOKEN,
    connections: CONNECTIONS,
    durationMs: DURATION_S * 1000,
    maxRequests: MAX_REQUESTS,
  });
  console.log(`\n${formatReport(report)}`);
  console.log(
    `\nLoad average at start ${loadAtStart.toFixed(1)}, at end ${(loadavg()[0] ?? 0).toFixed(1)} (${cpus().length} CPUs; client and server share them)`,
  );
  failed = report.errors > 0 || report.writes.lost > 0;
  console.log(failed ? 'FAIL: errors or lost writes' : 'PASS: no errors, no lost write');
} finally {
  await stopMain(server);
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
