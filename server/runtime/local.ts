import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { copyFile, rename, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { portEnvName } from '../deployment.ts';
import {
  boundSockets,
  PAGE_SIZE,
  type ProcStat,
  processesBySession,
  readSocketTables,
  readStat,
  signalGroup,
  socketInodes,
  ticksPerSecond,
} from './proc.ts';
import type {
  AllocatedPort,
  ExitKind,
  LiveProcess,
  MetricSample,
  ProcessHandle,
  ProcessLaunch,
  Runtime,
  RuntimeEvents,
} from './types.ts';

export interface LocalRuntimeOptions {
  /** `<dataDir>/processes/<processId>/output.log` */
  dataDir: string;
  /** The API base a game's SDK calls (ROOMDECK_API_URL), known once the server listens. */
  apiUrl: () => string;
  portBindDeadlineMs: number;
  stopGraceMs: number;
  logMaxBytes: number;
  logRetentionMs: number;
  /** How often a starting process's port is looked for, and an adopted process's life checked. */
  pollMs?: number;
  now?: () => number;
  /** Where Roomdeck's own problems go (never a token). */
  warn?: (message: string) => void;
}

interface Tracked {
  processId: string;
  pid: number;
  startTime: string;
  /** Our child (its exit arrives as an event); undefined for an adopted process (polled). */
  child: ChildProcess | undefined;
  ports: AllocatedPort[];
  started: boolean;
  startingAt: number;
  stop?: { reason: string; at: number; killTimer?: NodeJS.Timeout; killed?: boolean };
  /** When its port is next looked for (see poll). */
  nextBindCheck?: number;
  /** A cut of its log is under way (see rotateLog). */
  rotating?: boolean;
  /** The previous CPU reading, for a rate. */
  cpu?: { ticks: number; at: number };
  exited: boolean;
}

/** Variables of Roomdeck's own environment that a game gets: enough to run, nothing of Roomdeck's. */
const BASE_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'USER', 'LOGNAME', 'SHELL'];
const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * Runs each process as a child of this server, the way Hathora ran containers:
 *   - its own session and process group (`detached`), stdout and stderr appended to a file, not a pipe: a crash
 *     or SIGKILL of Roomdeck leaves the game running, and a restart adopts it (same pid and start time);
 *   - started = its default port bound (TCP listen or UDP bind) by a process of its session (a forked child
 *     counts), looked for in /proc/net; not bound within the deadline -> killed, failed;
 *   - stop = SIGTERM to the group, then SIGKILL after the grace period; when the leader exits, anything left of
 *     its group is killed too, so no orphan outlives it.
 */
export class LocalRuntime implements Runtime {
  readonly kind = 'local' as const;
  private events: RuntimeEvents | undefined;
  private readonly tracked = new Map<string, Tracked>();
  private readonly poller: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly processesDir: string;
  private closed = false;
  private exitWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalRuntimeOptions) {
    this.now = options.now ?? Date.now;
    this.processesDir = join(options.dataDir, 'processes');
    mkdirSync(this.processesDir, { recursive: true });
    this.poller = setInterval(() => this.poll(), options.pollMs ?? 100);
    this.poller.unref();
  }

  attach(events: RuntimeEvents): void {
    this.events = events;
  }

  logPath(processId: string): string | undefined {
    return join(this.processesDir, processId, 'output.log');
  }

  launch(l: ProcessLaunch): ProcessHandle | undefined {
    const dir = join(this.processesDir, l.processId);
    mkdirSync(dir, { recursive: true });
    const logFile = join(dir, 'output.log');
    const fd = openSync(logFile, 'a');
    const [command, ...args] = l.deployment.command as [string, ...string[]];
    note(fd, `launching ${JSON.stringify(l.deployment.command)} in ${l.deployment.cwd}, PORT=${l.port.port}`);
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: l.deployment.cwd,
        env: this.environment(l),
        detached: true, // setsid: its own session and process group
        stdio: ['ignore', fd, fd],
        windowsHide: true,
      });
    } catch (err) {
      closeSync(fd);
      this.failSoon(l.processId, `Could not start ${command}: ${(err as Error).message}`);
      return undefined;
    }
    closeSync(fd);
    if (child.pid === undefined) {
      child.once('error', (err) => {
        const code = (err as NodeJS.ErrnoException).code;
        const hint = code === 'ENOENT' ? ` (no such program in PATH or in ${l.deployment.cwd})` : '';
        appendNote(logFile, `could not start: ${err.message}${hint}`);
        this.events?.exited(l.processId, {
          kind: 'failed',
          reason: `Could not start ${command}: ${err.message}${hint}`,
          at: this.now(),
        });
      });
      return undefined;
    }
    child.unref();
    const stat = readStat(child.pid);
    const t: Tracked = {
      processId: l.processId,
      pid: child.pid,
      startTime: stat?.startTime ?? '',
      child,
      ports: [l.port, ...l.additionalPorts],
      started: false,
      startingAt: this.now(),
      exited: false,
    };
    this.tracked.set(l.processId, t);
    child.once('exit', (code, signal) => this.onExit(t, code, signal));
    return { pid: child.pid, pidStartTime: t.startTime };
  }

  private environment(l: ProcessLaunch): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const name of BASE_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
    env.PATH ??= DEFAULT_PATH;
    const contract: Record<string, string> = {
      PORT: String(l.port.port),
      HATHORA_DEFAULT_PORT: String(l.port.port),
      HATHORA_PROCESS_ID: l.processId,
      HATHORA_APP_ID: l.appId,
      HATHORA_REGION: l.region,
      HATHORA_ROOMS_PER_PROCESS: String(l.deployment.roomsPerProcess),
      HATHORA_INITIAL_ROOM_ID: l.initialRoomId ?? '',
      HATHORA_INITIAL_ROOM_CONFIG: l.initialRoomConfig ?? '',
      HATHORA_DEPLOYMENT_ID: String(l.deploymentId),
      HATHORA_HOSTNAME: l.host,
      ROOMDECK_API_URL: this.options.apiUrl(),
      ROOMDECK_PROCESS_TOKEN: l.processToken,
    };
    for (const p of l.additionalPorts) contract[portEnvName(p.name)] = String(p.port);
    for (const [name, value] of Object.entries(l.deployment.env)) env[name] = expandContractVariables(value, contract);
    return Object.assign(env, contract);
  }

  stop(processId: string, reason: string): void {
    const t = this.tracked.get(processId);
    if (!t || t.exited || t.stop) return;
    t.stop = { reason, at: this.now() };
    this.appendNote(t, `stopping (${reason}): SIGTERM to process group ${t.pid}`);
    if (!signalGroup(t.pid, 'SIGTERM') && !t.child) {
      this.finish(t, 'stopped', `${reason}: the process had already exited`);
      return;
    }
    t.stop.killTimer = setTimeout(() => {
      if (t.exited || !t.stop) return;
      t.stop.killed = true;
      this.appendNote(t, `still running ${this.options.stopGraceMs} ms after SIGTERM: SIGKILL`);
      signalGroup(t.pid, 'SIGKILL');
    }, this.options.stopGraceMs);
    t.stop.killTimer.unref();
  }

  adopt(processes: LiveProcess[]): number {
    let adopted = 0;
    for (const p of processes) {
      const stat = p.pid === null ? undefined : readStat(p.pid);
      if (p.pid === null || !stat || stat.state === 'Z' || stat.startTime !== p.pidStartTime) {
        this.events?.exited(p.processId, { kind: 'failed', reason: 'Exited while Roomdeck was down', at: this.now() });
        continue;
      }
      const t: Tracked = {
        processId: p.processId,
        pid: p.pid,
        startTime: stat.startTime,
        child: undefined,
        ports: [p.port],
        started: p.started,
        startingAt: p.startingAt,
        exited: false,
      };
      this.tracked.set(p.processId, t);
      this.appendNote(t, 'adopted by a restarted Roomdeck');
      if (p.stopping) this.stop(p.processId, 'Stop resumed after a Roomdeck restart');
      adopted++;
    }
    return adopted;
  }

  /** Every `pollMs`: starting processes' ports, adopted processes' lives, bind deadlines. */
  private poll(): void {
    const now = this.now();
    const starting: Tracked[] = [];
    for (const t of this.tracked.values()) {
      if (t.exited) continue;
      if (!t.child) {
        const stat = readStat(t.pid);
        if (!stat || stat.state === 'Z' || stat.startTime !== t.startTime) {
          this.onGone(t);
          continue;
        }
      }
      if (
        !t.started &&
        !t.stop &&
        (now >= (t.nextBindCheck ?? 0) || now - t.startingAt >= this.options.portBindDeadlineMs)
      ) {
        starting.push(t);
      }
    }
    if (starting.length === 0) return;
    // Most games bind within a second: they are looked for every poll for the first 2 s, then every 250 ms, so a
    // slow starter does not make every poll read the kernel's socket tables (a few ms each on a busy machine).
    const pollMs = this.options.pollMs ?? 100;
    for (const t of starting) t.nextBindCheck = now + (now - t.startingAt < 2000 ? 0 : Math.max(pollMs, 250));
    const protoOf = (p: AllocatedPort) => (p.transportType === 'udp' ? 'udp' : 'tcp');
    const bound = boundSockets(
      starting.map((t) => ({ port: (t.ports[0] as AllocatedPort).port, proto: protoOf(t.ports[0] as AllocatedPort) })),
    );
    let sessions: Map<number, ProcStat[]> | undefined;
    for (const t of starting) {
      const port = t.ports[0] as AllocatedPort;
      const proto = protoOf(port);
      const inodes = bound.get(`${proto}:${port.port}`);
      if (inodes) {
        sessions ??= processesBySession();
        const members = sessions.get(t.pid) ?? [];
        const owned = members.some((m) => {
          const held = socketInodes(m.pid);
          return inodes.some((i) => held.has(i));
        });
        if (owned) {
          t.started = true;
          this.appendNote(t, `port ${port.port} (${port.transportType}) bound: running`);
          this.events?.started(t.processId, now);
          continue;
        }
      }
      if (now - t.startingAt >= this.options.portBindDeadlineMs) {
        const reason = `Did not bind port ${port.port} (${proto}) within ${seconds(this.options.portBindDeadlineMs)}; killed`;
        t.stop = { reason, at: now, killed: true };
        this.appendNote(t, `${reason.toLowerCase()} (SIGKILL)`);
        signalGroup(t.pid, 'SIGKILL');
        if (!t.child) this.finish(t, 'failed', reason);
      }
    }
  }

  /** Our child exited. */
  private onExit(t: Tracked, code: number | null, signal: NodeJS.Signals | null): void {
    // Whatever is left of its process group goes with it.
    signalGroup(t.pid, 'SIGKILL');
    const [kind, reason] = exitOutcome(t, code, signal, this.now(), this.options.stopGraceMs);
    this.finish(t, kind, reason);
  }

  /** An adopted process is gone (we are not its parent: its exit status is unknown). */
  private onGone(t: Tracked): void {
    signalGroup(t.pid, 'SIGKILL');
    if (t.stop) this.finish(t, 'stopped', `${t.stop.reason}: exited`);
    else {
      this.finish(
        t,
        'failed',
        'Exited (exit status unknown: Roomdeck adopted this process after a restart, so it is not its parent)',
      );
    }
  }

  private finish(t: Tracked, kind: ExitKind, reason: string): void {
    if (t.exited) return;
    t.exited = true;
    if (t.stop?.killTimer) clearTimeout(t.stop.killTimer);
    this.appendNote(t, `${kind}: ${reason}`);
    this.tracked.delete(t.processId);
    try {
      this.events?.exited(t.processId, { kind, reason, at: this.now() });
    } catch (err) {
      this.options.warn?.(`recording the exit of process ${t.processId} failed: ${(err as Error).message}`);
    }
    if (this.tracked.size === 0) for (const wake of this.exitWaiters.splice(0)) wake();
  }

  private failSoon(processId: string, reason: string): void {
    setImmediate(() => this.events?.exited(processId, { kind: 'failed', reason, at: this.now() }));
  }

  sample(): MetricSample[] {
    const now = this.now();
    const live = [...this.tracked.values()].filter((t) => !t.exited);
    if (live.length === 0) return [];
    const sessions = processesBySession();
    const tables = readSocketTables();
    const samples: MetricSample[] = [];
    for (const t of live) {
      const members = sessions.get(t.pid) ?? [];
      if (members.length === 0) continue;
      let ticks = 0;
      let pages = 0;
      for (const m of members) {
        ticks += m.cpuTicks;
        pages += m.rssPages;
      }
      const previous = t.cpu;
      t.cpu = { ticks, at: now };
      this.rotateLog(t);
      if (!previous || now <= previous.at) continue; // a rate needs two readings
      const cpu = (((ticks - previous.ticks) / ticksPerSecond()) * 1000 * 100) / (now - previous.at);
      const tcp = t.ports.filter((p) => p.transportType !== 'udp');
      samples.push({
        processId: t.processId,
        at: now,
        cpu: Math.max(0, cpu),
        memory: pages * PAGE_SIZE,
        activeConnections: tcp.length === 0 ? null : tcp.reduce((n, p) => n + (tables.established.get(p.port) ?? 0), 0),
      });
    }
    return samples;
  }

  /**
   * Past logMaxBytes the log is copied to output.1.log (replacing the previous one) and cut to empty; the game's
   * descriptor appends, so it goes on writing at the new end. Lines written between the copy and the cut are lost
   * (as with logrotate's copytruncate): the price of never piping a game's output through Roomdeck.
   */
  private rotateLog(t: Tracked): void {
    const file = this.logPath(t.processId) as string;
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return;
    }
    if (size <= this.options.logMaxBytes || t.rotating) return;
    // Copied under a temporary name and renamed, so output.1.log is always whole; one cut at a time.
    t.rotating = true;
    const older = `${file.slice(0, -4)}.1.log`;
    copyFile(file, `${older}.tmp`)
      .then(() => rename(`${older}.tmp`, older))
      .then(() => truncate(file, 0))
      .catch((err: Error) => this.options.warn?.(`rotating the log of process ${t.processId} failed: ${err.message}`))
      .finally(() => {
        t.rotating = false;
      });
  }

  /** Deletes the logs of processes that ended more than the retention period ago. */
  pruneLogs(): number {
    const before = this.now() - this.options.logRetentionMs;
    let removed = 0;
    for (const name of readdirSync(this.processesDir)) {
      if (this.tracked.has(name)) continue;
      const dir = join(this.processesDir, name);
      try {
        if (statSync(dir).mtimeMs < before && statSync(join(dir, 'output.log')).mtimeMs < before) {
          rmSync(dir, { recursive: true, force: true });
          removed++;
        }
      } catch {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return removed;
  }

  /** Whether the runtime runs this process now. */
  isLive(processId: string): boolean {
    return this.tracked.has(processId);
  }

  async close(): Promise<number> {
    if (this.closed) return 0;
    this.closed = true;
    const live = [...this.tracked.values()].filter((t) => !t.exited);
    if (live.length > 0) {
      const allExited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
      // The children, the poller and the kill timers are unref'd: once the HTTP server has closed, nothing else
      // may keep Node running, and it would exit before the SIGKILL and before the exits are recorded.
      const keepAlive = setInterval(() => {}, 60_000);
      for (const t of live) this.stop(t.processId, 'Roomdeck stopped');
      await allExited.finally(() => clearInterval(keepAlive));
    }
    clearInterval(this.poller);
    return live.length;
  }

  /** Stops watching without stopping anything (the processes keep running, as after a crash of Roomdeck). */
  detach(): void {
    this.closed = true;
    clearInterval(this.poller);
    for (const t of this.tracked.values()) if (t.stop?.killTimer) clearTimeout(t.stop.killTimer);
    this.tracked.clear();
  }

  private appendNote(t: Tracked, message: string): void {
    appendNote(this.logPath(t.processId) as string, message);
  }
}

/** Roomdeck's own lines in a process's log, marked so they cannot be taken for the game's. */
function note(fd: number, message: string): void {
  writeSync(fd, `[roomdeck ${new Date().toISOString()}] ${message}\n`);
}

function appendNote(file: string, message: string): void {
  try {
    const fd = openSync(file, 'a');
    try {
      note(fd, message);
    } finally {
      closeSync(fd);
    }
  } catch {
    // the log is gone (retention); nothing to add to
  }
}

/** How an exit reads: `stopped` when asked to stop or exit 0, else `failed`; the reason names code or signal. */
function exitOutcome(
  t: Tracked,
  code: number | null,
  signal: NodeJS.Signals | null,
  now: number,
  graceMs: number,
): [ExitKind, string] {
  const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
  if (t.stop?.reason.startsWith('Did not bind')) return ['failed', t.stop.reason];
  if (t.stop) {
    const detail = t.stop.killed
      ? `did not exit within ${seconds(graceMs)} of SIGTERM, killed with SIGKILL`
      : `${how} ${seconds(now - t.stop.at)} after SIGTERM`;
    return ['stopped', `${t.stop.reason}: ${detail}`];
  }
  const beforeBinding = t.started ? '' : ' before binding its port';
  if (code === 0) return ['stopped', `Exited with code 0${beforeBinding}`];
  return ['failed', `${signal ? `Killed by ${signal}` : `Exited with code ${code}`}${beforeBinding}`];
}

/**
 * A deployment's env value may name the contract's variables, `${ROOMDECK_API_URL}` or `${PORT}` say, for a game
 * that reads them under other names (bullet-mania's HATHORA_SERVER_URL); Roomdeck expands them, no shell does.
 * Other `${...}` are left as written.
 */
export function expandContractVariables(value: string, contract: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => contract[name] ?? whole);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
