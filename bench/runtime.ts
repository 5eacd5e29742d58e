import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Schemas } from '../e2e/api.ts';
import { LocalRuntime } from '../server/runtime/local.ts';
import {
  boundSockets,
  PAGE_SIZE,
  processesBySession,
  readSocketTables,
  readStat,
  signalGroup,
  ticksPerSecond,
} from '../server/runtime/proc.ts';
import type { LiveProcess } from '../server/runtime/types.ts';
import { APP_ID, apiClient, median, must, ROOT, roomdeck, type Started, stop, writeBenchResult } from './server.ts';
import { printResultTable, type ResultRow } from './table.ts';

/**
 * `npm run bench:runtime` (and the "Runtime" section of `npm run bench`): the local runtime (issue 13) running real
 * demo-game processes (demo-game/server.mjs, one room per process), each figure beside a reference measured in
 * the same run:
 *   Start-up   CreateRoom -> room active, for BENCH_RUNTIME_N rooms each on a new process, at the default
 *              bind-detection poll (ROOMDECK_RUNTIME_POLL_MS=25, the default) and at 10 ms; beside the same game binary
 *              started as many times outside Roomdeck, timed from spawn to its port accepting connections. Both
 *              the server's own timestamps (ProcessesV3 createdAt -> startedAt) and the client's view
 *              (CreateRoom response -> connectioninfo `active`, polled every 5 ms) are reported.
 *   Capacity   BENCH_RUNTIME_CONCURRENT (200) rooms created, 20 requests in flight, time until all are active; then, idle for
 *              BENCH_RUNTIME_IDLE_MS (20 s, two metric samples at the default 10 s interval), Roomdeck's own CPU
 *              (/proc/<pid>/stat) and RSS and the games' RSS; beside Roomdeck with the simulated runtime holding
 *              as many simulated rooms, idle, and again with the bench sending the API requests the demo games
 *              make (GetActiveRoomsForProcess per process every 2 s, DEMO_POLL_MS).
 *   Sampling   one LocalRuntime.sample() over the running games (this process adopts them, without stopping
 *              them), as a share of a core at the 10 s metrics interval.
 * Every game is stopped at the end (SIGTERM to Roomdeck, which stops its games); a game still alive after that
 * is killed and reported as a failure.
 */
const N = Number(process.env.BENCH_RUNTIME_N ?? 30);
const CONCURRENT = Number(process.env.BENCH_RUNTIME_CONCURRENT ?? 200);
const IDLE_MS = Number(process.env.BENCH_RUNTIME_IDLE_MS ?? 20_000);
const POLL_SETTINGS = [25, 10];
/** ROOMDECK_RUNTIME_POLL_MS's default (server/config.ts). */
const DEFAULT_POLL_MS = 25;
const METRICS_INTERVAL_MS = 10_000;
const DEMO_POLL_MS = 2000;
const CLIENT_POLL_MS = 5;
const CREATE_CONCURRENCY = 20;
const OVERHEAD_TARGET_MS = 50;
const SAMPLING_TARGET_PCT = 2;
const GAME = join(ROOT, 'demo-game', 'server.mjs');
/**
 * Below Linux's ephemeral range (ip_local_port_range, 32768-60999 by default): a port that an outgoing connection
 * of any program holds as its local port cannot be listened on, and the game would fail with EADDRINUSE.
 */
const PORT_RANGE = { min: 24000, max: 24999 };
/** Ports for the game started outside Roomdeck, apart from Roomdeck's range. */
const BARE_PORT_BASE = 25500;
/** Put in each game's environment, to find every game of this run at the end, whatever happened. */
const MARKER = 'BENCH_RUNTIME_RUN';

export type RuntimeRow = Omit<ResultRow, 'section'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (v: number) => `${Math.round(v)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '—');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const pct = (v: number) => `${v.toFixed(2)} %`;
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
};
const stats = (values: number[]) => ({ median: median(values), p95: p95(values) });

async function until<T>(what: string, timeoutMs: number, everyMs: number, get: () => Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function writeDeployment(dir: string, runId: string): string {
  const file = join(dir, 'deployment.json');
  writeFileSync(
    file,
    JSON.stringify({
      command: [process.execPath, GAME],
      env: { [MARKER]: runId },
      roomsPerProcess: 1,
      transportType: 'tcp',
      additionalContainerPorts: [],
      idleTimeoutEnabled: true,
    }),
  );
  return file;
}

function localRoomdeck(dir: string, name: string, runId: string, env: Record<string, string> = {}) {
  return roomdeck(dir, name, {
    ROOMDECK_RUNTIME: 'local',
    ROOMDECK_DEPLOYMENT: writeDeployment(dir, runId),
    ROOMDECK_PORT_RANGE: `${PORT_RANGE.min}-${PORT_RANGE.max}`,
    ROOMDECK_STOP_GRACE_MS: '3000',
    ...env,
  });
}

const getProcess = (base: string, processId: string) =>
  must(
    apiClient(base).GET('/processes/v3/apps/{appId}/processes/{processId}', {
      params: { path: { appId: APP_ID, processId } },
    }),
  );

const createRoom = (base: string, body: Schemas['CreateRoomParams']) =>
  must(apiClient(base).POST('/rooms/v2/{appId}/create', { params: { path: { appId: APP_ID } }, body }));

/** ConnectionInfo of a room, as the typed client answers it (the caller looks at the status). */
const connectionInfo = (base: string, roomId: string) =>
  apiClient(base).GET('/rooms/v2/{appId}/connectioninfo/{roomId}', { params: { path: { appId: APP_ID, roomId } } });

// ------------------------------------------------------------------------------------------------- Start-up

/** Whether something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * The game's own start-up: the same binary with the same environment shape as Roomdeck gives it, spawned the way
 * LocalRuntime spawns it (detached, output to a file), timed from spawn to its port accepting a connection.
 */
async function bareStart(dir: string, i: number, apiUrl: string, runId: string): Promise<number> {
  let port = BARE_PORT_BASE + (i % 400);
  while (await accepts(port)) port++;
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name];
  Object.assign(env, {
    [MARKER]: runId,
    PORT: String(port),
    HATHORA_DEFAULT_PORT: String(port),
    HATHORA_PROCESS_ID: `bench-bare-${i}`,
    HATHORA_APP_ID: APP_ID,
    HATHORA_REGION: 'Seattle',
    HATHORA_ROOMS_PER_PROCESS: '1',
    HATHORA_INITIAL_ROOM_ID: `bench-room-${i}`,
    HATHORA_INITIAL_ROOM_CONFIG: '',
    HATHORA_DEPLOYMENT_ID: '1',
    HATHORA_HOSTNAME: '127.0.0.1',
    ROOMDECK_API_URL: apiUrl,
    ROOMDECK_PROCESS_TOKEN: 'bench-not-a-token',
  });
  const fd = openSync(join(dir, `bare-${i}.log`), 'a');
  const t0 = performance.now();
  const child = spawn(process.execPath, [GAME], { cwd: dir, env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  try {
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null) throw new Error(`the bare game exited (${child.exitCode}), see ${dir}`);
      if (Date.now() > deadline) throw new Error('the bare game did not bind within 10 s');
      await sleep(1);
    }
    return performance.now() - t0;
  } finally {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGTERM');
    await exited(child);
  }
}

interface RoomdeckStart {
  /** createdAt -> startedAt (server clock). */
  server: number;
  /** createdAt -> bootedAt: the spawn call. */
  spawn: number;
  /** CreateRoom response -> connectioninfo active. */
  client: number;
  /** CreateRoom request sent -> connectioninfo active. */
  clientFromRequest: number;
}

async function roomdeckStart(base: string, dir: string): Promise<RoomdeckStart | string> {
  const sent = performance.now();
  const room = await createRoom(base, { region: 'Seattle' });
  const answered = performance.now();
  const outcome = await until('the room to turn active', 20_000, CLIENT_POLL_MS, async () => {
    const answer = await connectionInfo(base, room.roomId);
    if (answer.response.status === 404) return 'destroyed';
    return (await must(answer)).status === 'active' ? 'active' : undefined;
  });
  if (outcome === 'destroyed') {
    const p = await getProcess(base, room.processId);
    let log = '';
    try {
      log = readFileSync(join(dir, 'processes', room.processId, 'output.log'), 'utf8')
        .trim()
        .split('\n')
        .slice(-3)
        .join(' | ');
    } catch {
      // no log
    }
    return `process ${room.processId} ended before its room was active: ${p.summaryExitReason ?? '?'} (log: ${log})`;
  }
  const active = performance.now();
  const p = await getProcess(base, room.processId);
  const created = Date.parse(p.createdAt);
  const result = {
    server: Date.parse(p.startedAt ?? '') - created,
    spawn: Date.parse(p.bootedAt ?? '') - created,
    client: active - answered,
    clientFromRequest: active - sent,
  };
  await must(
    apiClient(base).POST('/processes/v3/apps/{appId}/processes/{processId}/stop', {
      params: { path: { appId: APP_ID, processId: room.processId } },
    }),
  );
  await until('the process to stop', 15_000, 20, async () => {
    const s = (await getProcess(base, room.processId)).status;
    return s === 'stopped' || s === 'failed' ? true : undefined;
  });
  return result;
}

export interface StartupResult {
  pollMs: number;
  /** Starts that failed (the game ended before binding), with the reason. */
  failures: string[];
  /** /proc/net socket table lines at the start (the bind poll parses them every tick while a game starts). */
  socketLines: number;
  bare: number[];
  roomdeck: RoomdeckStart[];
}

/** N pairs (Roomdeck, bare; alternating which goes first) after one unrecorded pair. */
async function measureStartup(dir: string, pollMs: number, runId: string): Promise<StartupResult> {
  const server = await localRoomdeck(dir, `startup-${pollMs}`, runId, { ROOMDECK_RUNTIME_POLL_MS: String(pollMs) });
  try {
    const result: StartupResult = { pollMs, failures: [], socketLines: socketLines(), bare: [], roomdeck: [] };
    for (let i = -1; i < N; i++) {
      const pair: [() => Promise<void>, () => Promise<void>] = [
        async () => {
          let r = await roomdeckStart(server.base, dir);
          // A failed start is reported (and retried once, so that the pairs stay paired).
          if (typeof r === 'string') {
            result.failures.push(r);
            console.log(`  ${r}`);
            r = await roomdeckStart(server.base, dir);
            if (typeof r === 'string') throw new Error(r);
          }
          if (i >= 0) result.roomdeck.push(r);
        },
        async () => {
          const b = await bareStart(dir, i + 1, `${server.base}/api`, runId);
          if (i >= 0) result.bare.push(b);
        },
      ];
      if (i % 2) pair.reverse();
      for (const step of pair) await step();
    }
    return result;
  } finally {
    await stop(server);
  }
}

// ------------------------------------------------------------------------------------------------- Capacity

interface Usage {
  /** utime + stime, ticks. */
  ticks: number;
  rss: number;
}

function usageOf(pid: number): Usage {
  const s = readStat(pid);
  return { ticks: s?.cpuTicks ?? 0, rss: (s?.rssPages ?? 0) * PAGE_SIZE };
}

/** The games of a Roomdeck: its children (each leads its own session) and whatever runs in their sessions. */
function gamesOf(roomdeckPid: number): { leaders: number[]; usage: Usage } {
  const sessions = processesBySession();
  const leaders: number[] = [];
  const usage = { ticks: 0, rss: 0 };
  for (const [session, members] of sessions) {
    const leader = members.find((m) => m.pid === session);
    if (leader?.ppid !== roomdeckPid) continue;
    leaders.push(session);
    for (const m of members) {
      usage.ticks += m.cpuTicks;
      usage.rss += m.rssPages * PAGE_SIZE;
    }
  }
  return { leaders, usage };
}

export interface IdleWindow {
  seconds: number;
  /** Roomdeck's CPU over the window, % of one core. */
  cpu: number;
  rssMean: number;
  rssMax: number;
  games?: { count: number; cpu: number; rssMean: number };
  requests?: number;
}

/** Roomdeck's CPU (ticks over the window) and RSS (every second), and its games', while `during` runs. */
async function idleWindow(proc: Started, withGames: boolean, during?: (signal: AbortSignal) => Promise<number>) {
  const pid = proc.proc.pid as number;
  const t0 = performance.now();
  const start = usageOf(pid);
  const gamesStart = withGames ? gamesOf(pid) : undefined;
  const abort = new AbortController();
  const work = during?.(abort.signal);
  const rss: number[] = [];
  const gameRss: number[] = [];
  while (performance.now() - t0 < IDLE_MS) {
    await sleep(1000);
    rss.push(usageOf(pid).rss);
    if (withGames) gameRss.push(gamesOf(pid).usage.rss);
  }
  const end = usageOf(pid);
  const gamesEnd = withGames ? gamesOf(pid) : undefined;
  const elapsed = performance.now() - t0;
  abort.abort();
  const requests = await work;
  const cpuPct = (ticks: number) => ((ticks / ticksPerSecond()) * 1000 * 100) / elapsed;
  const window: IdleWindow = {
    seconds: elapsed / 1000,
    cpu: cpuPct(end.ticks - start.ticks),
    rssMean: rss.reduce((a, b) => a + b, 0) / rss.length,
    rssMax: Math.max(...rss),
    requests,
  };
  if (gamesStart && gamesEnd) {
    window.games = {
      count: gamesEnd.leaders.length,
      cpu: cpuPct(gamesEnd.usage.ticks - gamesStart.usage.ticks),
      rssMean: gameRss.reduce((a, b) => a + b, 0) / gameRss.length,
    };
  }
  return window;
}

/**
 * Creates `count` rooms as fast as the server answers, CREATE_CONCURRENCY requests in flight (all 200 at once
 * left some waiting in the accept queue past the server's 10 s headers timeout on a busy 2-core machine: reset).
 */
async function createRooms(base: string, count: number) {
  const rooms: Schemas['CreateRoomResponse'][] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      rooms.push(await createRoom(base, { region: 'Seattle' }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CREATE_CONCURRENCY, count) }, worker));
  return rooms;
}

const runningCount = async (base: string) =>
  (
    await must(
      apiClient(base).GET('/processes/v3/apps/{appId}/processes/count', {
        params: { path: { appId: APP_ID }, query: { status: ['running'] } },
      }),
    )
  ).count;

/** The environment variable `name` of a process (same user), or undefined. */
function environOf(pid: number, name: string): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/environ`, 'latin1');
    for (const entry of text.split('\0')) if (entry.startsWith(`${name}=`)) return entry.slice(name.length + 1);
  } catch {
    // gone, or not ours
  }
  return undefined;
}

/** Lines in the kernel's socket tables, which LocalRuntime parses on each poll and sample. */
export function socketLines(): number {
  let n = 0;
  for (const file of ['tcp', 'tcp6', 'udp', 'udp6']) {
    try {
      n += readFileSync(`/proc/net/${file}`, 'latin1').split('\n').length - 2;
    } catch {
      // no such table
    }
  }
  return n;
}

/** Every live process carrying this run's marker. */
function markedProcesses(runId: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = readStat(pid);
    if (stat && stat.state !== 'Z' && environOf(pid, MARKER) === runId) pids.push(pid);
  }
  return pids;
}

export interface SamplingCost {
  processes: number;
  /** Lines of /proc/net/{tcp,tcp6,udp,udp6} (every socket of the machine, TIME_WAIT included). */
  socketLines: number;
  /** ms of CPU of one readSocketTables(): what each bind-detection poll reads while a process is starting. */
  socketTablesCpu: number[];
  /** ms of CPU of one boundSockets() for 5 ports: what a bind poll reads now. */
  boundSocketsCpu: number[];
  /** ms per sample() call (wall). */
  calls: number[];
  /** ms of this process's CPU per call. */
  cpuCalls: number[];
}

/**
 * The real LocalRuntime.sample() over the running games: this process adopts them (as a restarted Roomdeck
 * would), samples, and lets go without stopping anything. Each call reads /proc once for every process, the
 * socket tables, and each game's log size, as the server's does; recording the samples in SQLite is not in it.
 */
function measureSampling(dataDir: string, roomdeckPid: number): SamplingCost {
  const { leaders } = gamesOf(roomdeckPid);
  const live: LiveProcess[] = [];
  for (const pid of leaders) {
    const id = environOf(pid, 'HATHORA_PROCESS_ID');
    const port = Number(environOf(pid, 'PORT'));
    const stat = readStat(pid);
    if (!id || !stat) continue;
    live.push({
      processId: id,
      pid,
      pidStartTime: stat.startTime,
      port: { name: 'default', port, transportType: 'tcp' },
      started: true,
      stopping: false,
      startingAt: Date.now(),
    });
  }
  const runtime = new LocalRuntime({
    dataDir,
    apiUrl: () => '',
    portBindDeadlineMs: 100_000,
    stopGraceMs: 3000,
    logMaxBytes: 1024 * 1024 * 1024,
    logRetentionMs: 3_600_000,
    pollMs: 3_600_000,
  });
  const cost: SamplingCost = {
    processes: 0,
    socketLines: socketLines(),
    socketTablesCpu: [],
    boundSocketsCpu: [],
    calls: [],
    cpuCalls: [],
  };
  try {
    runtime.attach({ started: () => {}, exited: () => {} });
    cost.processes = runtime.adopt(live);
    runtime.sample(); // the first call only primes the CPU rates
    for (let i = 0; i < 15; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const samples = runtime.sample();
      cost.calls.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cost.cpuCalls.push((cpu.user + cpu.system) / 1000);
      if (samples.length !== cost.processes) throw new Error(`sample() gave ${samples.length} samples`);
      const cpuTables = process.cpuUsage();
      readSocketTables();
      const tables = process.cpuUsage(cpuTables);
      cost.socketTablesCpu.push((tables.user + tables.system) / 1000);
      // What a bind poll reads now: only the lines of the starting processes' ports (here 5 of them).
      const cpuBound = process.cpuUsage();
      boundSockets([20001, 20002, 20003, 20004, 20005].map((port) => ({ port, proto: 'tcp' as const })));
      const bound = process.cpuUsage(cpuBound);
      cost.boundSocketsCpu.push((bound.user + bound.system) / 1000);
    }
  } finally {
    runtime.detach();
  }
  return cost;
}

export interface CapacityResult {
  asked: number;
  created: number;
  running: number;
  createsAnsweredMs: number;
  allActiveMs: number;
  /** Every room's connectioninfo said active once all processes ran. */
  roomsActive: number;
  /** Exit reasons of the processes that did not run, counted. */
  failures: Record<string, number>;
  idle: IdleWindow;
  sampling: SamplingCost;
  stop: { ms: number; left: number };
}

async function measureCapacity(dir: string, runId: string): Promise<CapacityResult> {
  const server = await localRoomdeck(dir, 'capacity', runId);
  const pid = server.proc.pid as number;
  let stopped = false;
  try {
    const t0 = Date.now();
    const rooms = await createRooms(server.base, CONCURRENT);
    const createsAnsweredMs = Date.now() - t0;
    // All running, or the largest number that starts on this machine (no progress for 20 s).
    let running = 0;
    let progressAt = Date.now();
    while (running < rooms.length) {
      await sleep(50);
      const n = await runningCount(server.base);
      if (n > running) progressAt = Date.now();
      running = n;
      if (Date.now() - progressAt > 20_000) break;
    }
    const processes = await Promise.all(rooms.map((r) => getProcess(server.base, r.processId)));
    const started = processes.filter((p) => p.startedAt).map((p) => Date.parse(p.startedAt as string));
    const allActiveMs = Math.max(...started) - t0;
    let roomsActive = 0;
    for (const r of rooms) {
      const { data } = await connectionInfo(server.base, r.roomId);
      if (data?.status === 'active') roomsActive++;
    }
    // Why the others did not run: the exit reasons, counted, with a log line of one of each.
    const failures: Record<string, number> = {};
    for (const p of processes.filter((x) => !x.startedAt || x.status === 'failed' || x.status === 'stopped')) {
      const now = await getProcess(server.base, p.processId);
      let log = '';
      try {
        log = readFileSync(join(dir, 'processes', p.processId, 'output.log'), 'utf8')
          .trim()
          .split('\n')
          .slice(-2)
          .join(' | ');
      } catch {
        // no log
      }
      const key = `${now.status}: ${now.summaryExitReason ?? ''}`;
      if (!(key in failures)) console.log(`  ${key} (log: ${log.slice(0, 300)})`);
      failures[key] = (failures[key] ?? 0) + 1;
    }
    console.log(`  ${running} of ${rooms.length} running after ${(allActiveMs / 1000).toFixed(1)} s; idle ...`);
    await sleep(3000);
    const idle = await idleWindow(server, true);
    const sampling = measureSampling(dir, pid);
    const stopAt = performance.now();
    await stopWithin(server, 30_000);
    stopped = true;
    const stopMs = performance.now() - stopAt;
    const left = markedProcesses(runId);
    for (const p of left) signalGroup(p, 'SIGKILL');
    return {
      asked: CONCURRENT,
      created: rooms.length,
      running,
      createsAnsweredMs,
      allActiveMs,
      roomsActive,
      failures,
      idle,
      sampling,
      stop: { ms: stopMs, left: left.length },
    };
  } finally {
    if (!stopped) await stopWithin(server, 30_000);
  }
}

/** SIGTERM and wait; SIGKILL after `ms` (its games are then killed by the final sweep). */
async function stopWithin(server: Started, ms: number): Promise<void> {
  const timer = setTimeout(() => server.proc.kill('SIGKILL'), ms);
  try {
    await stop(server);
  } finally {
    clearTimeout(timer);
  }
}

export interface SimulatedResult {
  idle: IdleWindow;
  /** The same Roomdeck with the bench making the requests the demo games make. */
  polled: IdleWindow;
}

/** The reference: the simulated runtime holding as many rooms, idle, then serving the games' polls. */
async function measureSimulated(dir: string, count: number): Promise<SimulatedResult> {
  const server = await roomdeck(dir, 'simulated', { ROOMDECK_ROOMS_PER_PROCESS: '1' });
  try {
    const rooms = await createRooms(server.base, count);
    await sleep(3000);
    const idle = await idleWindow(server, false);
    const processIds = rooms.map((r) => r.processId);
    const polled = await idleWindow(server, false, async (signal) => {
      // One GetActiveRoomsForProcess per process every DEMO_POLL_MS, spread evenly, as the games do.
      let requests = 0;
      const gap = DEMO_POLL_MS / processIds.length;
      const pending: Promise<unknown>[] = [];
      const t0 = performance.now();
      for (let i = 0; !signal.aborted; i++) {
        const id = processIds[i % processIds.length] as string;
        const list = apiClient(server.base).GET('/rooms/v2/{appId}/list/{processId}/active', {
          params: { path: { appId: APP_ID, processId: id } },
        });
        pending.push(must(list).then(() => requests++));
        const wait = t0 + (i + 1) * gap - performance.now();
        if (wait > 0) await sleep(wait);
      }
      await Promise.all(pending);
      return requests;
    });
    return { idle, polled };
  } finally {
    await stop(server);
  }
}

// ------------------------------------------------------------------------------------------------- Report

export interface RuntimeBench {
  startup: StartupResult[];
  capacity: CapacityResult;
  simulated: SimulatedResult;
  rows: RuntimeRow[];
}

function startupRows(r: StartupResult): RuntimeRow[] {
  const bare = stats(r.bare);
  const server = stats(r.roomdeck.map((x) => x.server));
  const client = stats(r.roomdeck.map((x) => x.client));
  const overhead = stats(r.roomdeck.map((x, i) => x.server - (r.bare[i] ?? 0)));
  const clientOverhead = stats(r.roomdeck.map((x, i) => x.client - (r.bare[i] ?? 0)));
  const spawnCall = stats(r.roomdeck.map((x) => x.spawn));
  const fromRequest = stats(r.roomdeck.map((x) => x.clientFromRequest));
  const poll = `poll ${r.pollMs} ms${r.pollMs === DEFAULT_POLL_MS ? ' (default)' : ''}`;
  const lines = `${r.socketLines} socket lines`;
  const target = `overhead <= ${OVERHEAD_TARGET_MS} ms median`;
  return [
    ...(r.failures.length > 0
      ? [
          {
            measure: `${poll}: starts that failed (retried): ${r.failures[0]}`,
            value: String(r.failures.length),
            reference: '—',
            ratio: '—',
            target: '0',
            pass: false,
          },
        ]
      : []),
    {
      measure: `${poll}: created -> started, server clock (median of ${r.roomdeck.length}; p95 ${ms(server.p95)}; spawn call ${ms(spawnCall.median)}; ${lines})`,
      value: ms(server.median),
      reference: `game alone ${ms(bare.median)} (p95 ${ms(bare.p95)})`,
      ratio: ratio(server.median, bare.median),
      target: '(measured)',
    },
    {
      measure: `${poll}: overhead = created -> started minus game alone, pairwise (p95 ${ms(overhead.p95)})`,
      value: ms(overhead.median),
      reference: `poll alone ~${ms(r.pollMs / 2)} mean`,
      ratio: '—',
      target,
      pass: overhead.median <= OVERHEAD_TARGET_MS,
    },
    {
      measure: `${poll}: CreateRoom response -> connectioninfo active, ${CLIENT_POLL_MS} ms polling (p95 ${ms(client.p95)}; from request ${ms(fromRequest.median)})`,
      value: ms(client.median),
      reference: `game alone ${ms(bare.median)}`,
      ratio: ratio(client.median, bare.median),
      target: '(measured)',
    },
    {
      measure: `${poll}: client-side overhead, pairwise (p95 ${ms(clientOverhead.p95)})`,
      value: ms(clientOverhead.median),
      reference: '—',
      ratio: '—',
      target,
      pass: clientOverhead.median <= OVERHEAD_TARGET_MS,
    },
  ];
}

function capacityRows(c: CapacityResult, s: SimulatedResult): RuntimeRow[] {
  const rows: RuntimeRow[] = [];
  const n = c.running;
  const window = `${Math.round(c.idle.seconds)} s idle`;
  const perCall = median(c.sampling.calls);
  const perCallCpu = median(c.sampling.cpuCalls);
  const samplingPct = (perCallCpu / METRICS_INTERVAL_MS) * 100;
  rows.push({
    measure: `${c.asked} rooms, ${CREATE_CONCURRENCY} creates in flight (1 per process): first request -> all active (creates answered in ${(c.createsAnsweredMs / 1000).toFixed(1)} s; ${c.roomsActive} rooms active)`,
    value: `${(c.allActiveMs / 1000).toFixed(1)} s`,
    reference: `${n} of ${c.asked} running`,
    ratio: '—',
    target: `all ${c.asked} active`,
    pass: n === c.asked && c.roomsActive === c.asked,
  });
  for (const [reason, count] of Object.entries(c.failures)) {
    rows.push({
      measure: `processes that did not run: ${reason}`,
      value: String(count),
      reference: '—',
      ratio: '—',
      target: '0',
      pass: false,
    });
  }
  rows.push({
    measure: `Roomdeck CPU, ${n} games, ${window} (~${Math.floor(c.idle.seconds / (METRICS_INTERVAL_MS / 1000))} metric samples; games poll the API every ${DEMO_POLL_MS / 1000} s)`,
    value: pct(c.idle.cpu),
    reference: `simulated idle ${pct(s.idle.cpu)}`,
    ratio: ratio(c.idle.cpu, s.idle.cpu),
    target: '(measured, % of a core)',
  });
  rows.push({
    measure: `Roomdeck CPU beside simulated + the games' API polls replayed (${Math.round((s.polled.requests ?? 0) / s.polled.seconds)} req/s)`,
    value: pct(c.idle.cpu),
    reference: `simulated + polls ${pct(s.polled.cpu)}`,
    ratio: ratio(c.idle.cpu, s.polled.cpu),
    target: '(measured)',
  });
  rows.push({
    measure: `Roomdeck RSS, ${n} games (mean; max ${mb(c.idle.rssMax)})`,
    value: mb(c.idle.rssMean),
    reference: `simulated ${mb(s.idle.rssMean)}`,
    ratio: ratio(c.idle.rssMean, s.idle.rssMean),
    target: '(measured)',
  });
  const games = c.idle.games;
  rows.push({
    measure: `games' total RSS, ${games?.count ?? 0} processes (their CPU ${pct(games?.cpu ?? 0)} of a core)`,
    value: mb(games?.rssMean ?? 0),
    reference: `${mb((games?.rssMean ?? 0) / Math.max(1, games?.count ?? 1))} per game`,
    ratio: '—',
    target: '(measured)',
  });
  rows.push({
    measure: `one LocalRuntime.sample() of ${c.sampling.processes} processes, CPU (median of ${c.sampling.cpuCalls.length}; wall ${perCall.toFixed(1)} ms)`,
    value: `${perCallCpu.toFixed(1)} ms`,
    reference: `${pct(samplingPct)} of a core at ${METRICS_INTERVAL_MS / 1000} s`,
    ratio: '—',
    target: `<= ${SAMPLING_TARGET_PCT} % of a core`,
    pass: samplingPct <= SAMPLING_TARGET_PCT,
  });
  const tables = median(c.sampling.socketTablesCpu);
  const bound = median(c.sampling.boundSocketsCpu);
  rows.push({
    measure: `one bind poll, boundSockets() for 5 starting ports (${c.sampling.socketLines} lines in /proc/net/*)`,
    value: `${bound.toFixed(2)} ms`,
    reference: `every line parsed (readSocketTables) ${tables.toFixed(1)} ms; ${pct((bound / DEFAULT_POLL_MS) * 100)} of a core at ${DEFAULT_POLL_MS} ms`,
    ratio: tables > 0 ? `${(bound / tables).toFixed(2)}x` : '—',
    target: '(measured)',
  });
  rows.push({
    measure: `stop: SIGTERM Roomdeck -> exited with its games (${(c.stop.ms / 1000).toFixed(1)} s); games left`,
    value: String(c.stop.left),
    reference: '—',
    ratio: '—',
    target: '0',
    pass: c.stop.left === 0,
  });
  return rows;
}

/** The whole section; every server and game it starts is gone when it returns or throws. */
export async function measureRuntime(): Promise<RuntimeBench> {
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-bench-runtime-'));
  const runId = `${process.pid}-${Date.now()}`;
  try {
    const startup: StartupResult[] = [];
    for (const pollMs of POLL_SETTINGS) {
      console.log(`Runtime: ${N} rooms on new processes, bind poll ${pollMs} ms, beside the game alone ...`);
      startup.push(await measureStartup(dir, pollMs, runId));
    }
    console.log(
      `Runtime: ${CONCURRENT} rooms on ${CONCURRENT} demo-game processes, ${CREATE_CONCURRENCY} creates at a time ...`,
    );
    const capacity = await measureCapacity(dir, runId);
    console.log(`Runtime: reference, simulated runtime with ${capacity.running} rooms, idle and polled ...`);
    const simulated = await measureSimulated(dir, capacity.running);
    const rows = [...startup.flatMap(startupRows), ...capacityRows(capacity, simulated)];
    return { startup, capacity, simulated, rows };
  } finally {
    // Whatever happened: no game of this run outlives it.
    const left = markedProcesses(runId);
    for (const pid of left) signalGroup(pid, 'SIGKILL');
    if (left.length > 0) console.error(`Runtime: killed ${left.length} game processes left behind`);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const printRuntimeTable = (rows: RuntimeRow[]) => printResultTable(rows);

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const startedAt = Date.now();
  const result = await measureRuntime();
  printRuntimeTable(result.rows);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const file = writeBenchResult('runtime', loadAtStart, { seconds, ...result });
  console.log(
    `\nLoad average at start ${loadAtStart[0]?.toFixed(1)}, at end ${loadavg()[0]?.toFixed(1)} (${cpus().length} CPUs); ${seconds} s`,
  );
  console.log(`Wrote ${file}`);
  if (result.rows.some((r) => r.pass === false)) process.exitCode = 1;
}

// Run as `npm run bench:runtime`; bench/run.ts calls measureRuntime().
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
