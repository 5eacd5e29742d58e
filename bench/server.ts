import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { createTestApiClient, type Schemas, type TestApiClient } from '../e2e/api.ts';

/**
 * `npm run bench:server`: the local server's throughput and latency, each scenario beside a bare node:http JSON
 * endpoint answering the same payload, measured in the same run with autocannon (32 connections):
 *   1. GET room info                                         (target: >= 50% of bare req/s, p99 < 10 ms)
 *   2. GET the active rooms of a process holding 1,000 rooms (measured, no target)
 *   3. POST create room                                      (target: >= 1,000 rooms/s)
 * Every server runs in its own process (autocannon in this one) on a SQLite file in a temp dir (WAL, as in use):
 * scenarios 1 and 2 on one with ROOMDECK_ROOMS_PER_PROCESS=1000, scenario 3 on one with the default capacity
 * (a new process every 4 rooms). Bare and Roomdeck are measured in alternating rounds after a warm-up.
 * Prints a table and writes bench-results/server-<time>.json; exits 1 if a target is missed.
 * Options: BENCH_DURATION (seconds per server and scenario, default 9), BENCH_CONNECTIONS (default 32).
 *
 * `npm run bench` (bench/run.ts) calls {@link measureServer} and uses the helpers exported here.
 */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 9);
const WARMUP = 2;
const ROUNDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const TOKEN = 'bench-token';
export const APP_ID = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';
const LIST_SIZE = 1000;

export interface Started {
  proc: ChildProcess;
  base: string;
}

/** Runs `node --import tsx <args>` and resolves once it prints `listening on http://127.0.0.1:<port>/`. */
export function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1]) {
        proc.stdout?.off('data', onData);
        resolvePromise({ proc, base: match[1] });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}):\n${output}`)));
  });
}

/** Stops a server started with {@link start} and waits for it to exit. */
export function stop({ proc }: Started): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolvePromise());
    proc.kill('SIGTERM');
  });
}

/**
 * A Roomdeck local server in its own process with instant start-ups, no demo data and the bench token; `env`
 * overrides any of it. With `webRoot` it also serves that build of the dashboard (bench/serve.ts).
 */
export function roomdeck(dir: string, name: string, env: Record<string, string>, webRoot?: string): Promise<Started> {
  return start(webRoot === undefined ? ['server/main.ts'] : ['bench/serve.ts', webRoot], {
    HOST: '127.0.0.1',
    PORT: '0',
    ROOMDECK_DB: join(dir, `${name}.db`),
    ROOMDECK_TOKEN: TOKEN,
    ROOMDECK_SEED: '0',
    ROOMDECK_PROCESS_START_MS: '0',
    ROOMDECK_ROOM_START_MS: '0',
    ROOMDECK_RUNTIME: 'simulated',
    ...env,
  });
}

const auth = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

const clients = new Map<string, TestApiClient>();
const methods = new WeakMap<Response, string>();

/**
 * The typed API client of e2e tests (e2e/api.ts, from src/api/schema.d.ts) for the server at `base`, with the bench
 * token; one per server. Wrap its calls in {@link must}. The autocannon targets below and the in-page references
 * of bench/panels.ts stay raw HTTP on purpose: they measure the bare request, without a client around it.
 */
export function apiClient(base: string): TestApiClient {
  let client = clients.get(base);
  if (!client) {
    client = createTestApiClient({ origin: base, token: TOKEN });
    client.use({
      onResponse({ request, response }) {
        methods.set(response, request.method);
      },
    });
    clients.set(base, client);
  }
  return client;
}

/** A call's data; an error `METHOD /path: status body` (which stops the bench) if it failed. */
export async function must<T>(
  call: { data?: T; error?: unknown; response: Response } | Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const url = new URL(response.url);
    const path = `${url.pathname.replace(/^\/api(?=\/)/, '')}${url.search}`;
    const body = error === undefined ? '' : typeof error === 'string' ? error : JSON.stringify(error);
    throw new Error(`${methods.get(response) ?? '?'} ${path}: ${response.status} ${body}`);
  }
  return data as T;
}

const ROOM_CONFIG = JSON.stringify({ mode: 'ranked', map: 'foundry', maxPlayers: 10, season: 7 });

/**
 * Fills one process with `count` rooms over HTTP, 50 requests at a time (the server's roomsPerProcess must be at
 * least `count`, and the region must have no other process with a free slot).
 */
export async function fillProcess(
  base: string,
  {
    count = LIST_SIZE,
    region = 'Frankfurt',
    roomConfig = () => ROOM_CONFIG,
  }: { count?: number; region?: Schemas['Region']; roomConfig?: (index: number) => string } = {},
): Promise<Schemas['CreateRoomResponse']> {
  const client = apiClient(base);
  const created: Schemas['CreateRoomResponse'][] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) =>
      must(
        client.POST('/rooms/v2/{appId}/create', {
          params: { path: { appId: APP_ID } },
          body: { region, roomConfig: roomConfig(i + j) },
        }),
      ),
    );
    created.push(...(await Promise.all(batch)));
  }
  const processes = new Set(created.map((c) => c.processId));
  const first = created[0];
  if (processes.size !== 1 || !first) throw new Error(`expected one process, got ${processes.size}`);
  // Give the room a history too: suspend and resume once.
  const room = { params: { path: { appId: APP_ID, roomId: first.roomId } } };
  await must(client.POST('/rooms/v2/{appId}/suspend/{roomId}', room));
  await must(client.POST('/rooms/v2/{appId}/resume/{roomId}', room));
  return first;
}

interface Measured {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

type Target = Parameters<typeof autocannon>[0];

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Measures two targets in alternating rounds (bare, roomdeck, bare, roomdeck, ...) after a warm-up of each, so
 * that a change in the machine's load during the run affects both alike. req/s is the mean over the rounds,
 * p50 and p99 the median of the rounds' percentiles.
 */
async function measurePair(bare: Target, roomdeck: Target): Promise<{ bare: Measured; roomdeck: Measured }> {
  const run = (target: Target, duration: number) => autocannon({ ...target, connections: CONNECTIONS, duration });
  await run(bare, WARMUP);
  await run(roomdeck, WARMUP);
  const results: { bare: Result[]; roomdeck: Result[] } = { bare: [], roomdeck: [] };
  for (let round = 0; round < ROUNDS; round++) {
    results.bare.push(await run(bare, DURATION / ROUNDS));
    results.roomdeck.push(await run(roomdeck, DURATION / ROUNDS));
  }
  const summarize = (rs: Result[]): Measured => ({
    reqPerSec: Math.round(rs.reduce((sum, r) => sum + r.requests.average, 0) / rs.length),
    p50: median(rs.map((r) => r.latency.p50)),
    p99: median(rs.map((r) => r.latency.p99)),
    errors: rs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: rs.reduce((sum, r) => sum + r.non2xx, 0),
    requests: rs.reduce((sum, r) => sum + r.requests.total, 0),
  });
  return { bare: summarize(results.bare), roomdeck: summarize(results.roomdeck) };
}

export interface ServerRow {
  scenario: string;
  roomdeck: Measured;
  bare: Measured;
  ratio: number;
  target: string;
  pass: boolean;
}

export interface ServerBench {
  rows: ServerRow[];
  connections: number;
  durationSeconds: number;
}

/** The three scenarios, each Roomdeck beside the bare endpoint; servers are started and stopped here. */
export async function measureServer(): Promise<ServerBench> {
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-bench-'));
  const servers: Started[] = [];
  try {
    console.log(`Starting servers (SQLite files in ${dir}) ...`);
    const [reads, creates] = await Promise.all([
      roomdeck(dir, 'reads', { ROOMDECK_ROOMS_PER_PROCESS: String(LIST_SIZE) }),
      roomdeck(dir, 'creates', {}),
    ]);
    servers.push(reads, creates);
    console.log(`Creating ${LIST_SIZE} rooms on one process ...`);
    const { processId, roomId } = await fillProcess(reads.base);
    const infoPath = `/rooms/v2/${APP_ID}/info/${roomId}`;
    const listPath = `/rooms/v2/${APP_ID}/list/${processId}/active`;
    const createParams: Schemas['CreateRoomParams'] = { region: 'Seattle', roomConfig: ROOM_CONFIG };
    const createBody = JSON.stringify(createParams);
    const [readsApi, createsApi] = [apiClient(reads.base), apiClient(creates.base)];
    const payloads = {
      info: await must(
        readsApi.GET('/rooms/v2/{appId}/info/{roomId}', { params: { path: { appId: APP_ID, roomId } } }),
      ),
      list: await must(
        readsApi.GET('/rooms/v2/{appId}/list/{processId}/active', { params: { path: { appId: APP_ID, processId } } }),
      ),
      create: await must(
        createsApi.POST('/rooms/v2/{appId}/create', { params: { path: { appId: APP_ID } }, body: createParams }),
      ),
    };
    if (payloads.list.length !== LIST_SIZE) throw new Error(`list has ${payloads.list.length} rooms`);
    const payloadFile = join(dir, 'payloads.json');
    writeFileSync(payloadFile, JSON.stringify(payloads));
    const bare = await start(['bench/bare-server.ts', payloadFile]);
    servers.push(bare);

    const scenarios = [
      {
        scenario: 'GET room info',
        roomdeck: { url: `${reads.base}/api${infoPath}`, headers: auth },
        bare: { url: `${bare.base}/info` },
        target: '>= 50% of bare, p99 < 10 ms',
        check: (r: Measured, ratio: number) => ratio >= 0.5 && r.p99 < 10,
      },
      {
        scenario: `GET active rooms (${LIST_SIZE})`,
        roomdeck: { url: `${reads.base}/api${listPath}`, headers: auth },
        bare: { url: `${bare.base}/list` },
        target: '(measured)',
        check: () => true,
      },
      {
        scenario: 'POST create room',
        roomdeck: {
          url: `${creates.base}/api/rooms/v2/${APP_ID}/create`,
          method: 'POST' as const,
          headers: { ...auth, ...json },
          body: createBody,
        },
        bare: { url: `${bare.base}/create`, method: 'POST' as const, headers: json, body: createBody },
        target: '>= 1,000 rooms/s',
        check: (r: Measured) => r.reqPerSec >= 1000,
      },
    ];

    const rows: ServerRow[] = [];
    for (const s of scenarios) {
      process.stdout.write(`Measuring ${s.scenario} (${WARMUP + DURATION} s each, ${CONNECTIONS} connections) ...`);
      const { bare: bareResult, roomdeck: roomdeckResult } = await measurePair(s.bare, s.roomdeck);
      const ratio = roomdeckResult.reqPerSec / bareResult.reqPerSec;
      const failed = roomdeckResult.errors + roomdeckResult.non2xx > 0;
      rows.push({
        scenario: s.scenario,
        roomdeck: roomdeckResult,
        bare: bareResult,
        ratio,
        target: s.target,
        pass: !failed && s.check(roomdeckResult, ratio),
      });
      console.log(' done');
    }
    return { rows, connections: CONNECTIONS, durationSeconds: DURATION };
  } finally {
    await Promise.all(servers.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes one run's figures, with the machine and its load, to bench-results/<prefix>-<time>.json (git-ignored). */
export function writeBenchResult(prefix: string, loadAtStart: number[], figures: Record<string, unknown>): string {
  const outDir = join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${prefix}-${new Date().toISOString().replaceAll(':', '-')}.json`);
  const cpu = cpus();
  const machine = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpu.length} x ${cpu[0]?.model ?? 'unknown'}`,
    loadAverage: { start: loadAtStart, end: loadavg() },
  };
  writeFileSync(file, `${JSON.stringify({ ...machine, ...figures }, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const { rows } = await measureServer();
  printTable(rows);
  // Other work on the machine skews absolute numbers; the ratios are measured in alternating rounds.
  const file = writeBenchResult('server', loadAtStart, { connections: CONNECTIONS, durationSeconds: DURATION, rows });
  const cpu = cpus();
  console.log(
    `\nLoad average at start ${loadAtStart[0]?.toFixed(1)}, at end ${loadavg()[0]?.toFixed(1)} (${cpu.length} CPUs)`,
  );
  console.log(`Wrote ${file}`);
  if (rows.some((r) => !r.pass)) process.exitCode = 1;
}

function printTable(rows: ServerRow[]): void {
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'ratio', 'target', ''];
  const lines: string[][] = [header];
  for (const r of rows) {
    lines.push([
      r.scenario,
      'bare node:http',
      String(r.bare.reqPerSec),
      String(r.bare.p50),
      String(r.bare.p99),
      String(r.bare.errors + r.bare.non2xx),
      '',
      '',
      '',
    ]);
    lines.push([
      '',
      'roomdeck',
      String(r.roomdeck.reqPerSec),
      String(r.roomdeck.p50),
      String(r.roomdeck.p99),
      String(r.roomdeck.errors + r.roomdeck.non2xx),
      `${(r.ratio * 100).toFixed(0)}%`,
      r.target,
      r.pass ? 'PASS' : 'FAIL',
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  console.log('');
  for (const [n, l] of lines.entries()) {
    console.log(
      l.map((cell, i) => (i >= 2 && i <= 6 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  '),
    );
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

// Run as `npm run bench:server`; imported by bench/run.ts for its helpers and measureServer().
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
