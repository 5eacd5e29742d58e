import type { Region } from '../views.ts';

/**
 * The one seam between the store (rooms, processes, their history: SQLite) and whatever runs game processes.
 * The store decides what runs where; a runtime runs it and reports what happened. Two implement it today:
 *   - `simulated` (ROOMDECK_RUNTIME=simulated): nothing runs; a process "starts" after ROOMDECK_PROCESS_START_MS
 *     and its address reaches nothing. For benchmarks, fuzzing, and machines where no game may run.
 *   - `local` (the default): each process is a child process of this server, in its own session, its output in a
 *     file (server/runtime/local.ts).
 * A distributed runtime (Agones) implements the same interface: docs/agones.md maps each call.
 */
export type TransportType = 'tcp' | 'udp' | 'tls';

export interface ContainerPort {
  name: string;
  transportType: TransportType;
}

/** What ROOMDECK_DEPLOYMENT describes (see server/deployment.ts), resolved. */
export interface Deployment {
  /** The argv of the game server: run as is, never through a shell. */
  command: string[];
  /** Absolute: the folder of the deployment file, the working directory of every process. */
  cwd: string;
  /** Added to each process's environment (the contract's variables win). */
  env: Record<string, string>;
  roomsPerProcess: number;
  transportType: TransportType;
  additionalContainerPorts: ContainerPort[];
  /** A process without rooms for ROOMDECK_PROCESS_IDLE_MS is stopped. */
  idleTimeoutEnabled: boolean;
}

export interface AllocatedPort {
  name: string;
  port: number;
  transportType: TransportType;
}

/** Everything a runtime needs to start one process; the store has already recorded it as `starting`. */
export interface ProcessLaunch {
  processId: string;
  appId: string;
  region: Region;
  deploymentId: number;
  deployment: Deployment;
  /** The public host of its ports (ROOMDECK_PUBLIC_HOST). */
  host: string;
  /** The default port (PORT, HATHORA_DEFAULT_PORT) and the additional ones, allocated by the store. */
  port: AllocatedPort;
  additionalPorts: AllocatedPort[];
  /** The room whose creation started it; undefined for a pre-warmed process (CreateProcess). */
  initialRoomId: string | undefined;
  initialRoomConfig: string | null;
  /** The bearer token this process may call the API with (ROOMDECK_PROCESS_TOKEN); valid while it lives. */
  processToken: string;
}

export type ExitKind = 'stopped' | 'failed';

export interface ProcessExit {
  kind: ExitKind;
  /** For a person: what happened, e.g. "Exited with code 1", "Did not bind port 30001 (tcp) within 100 s". */
  reason: string;
  at: number;
}

/** How a runtime reports back; the store implements it. */
export interface RuntimeEvents {
  /** The process has bound its default port: it is running and its rooms become active. */
  started(processId: string, at: number): void;
  /** The process has ended (by itself, killed, or stopped); its rooms are destroyed. */
  exited(processId: string, exit: ProcessExit): void;
}

/** A process the store believes is alive, given to a runtime after a restart of Roomdeck. */
export interface LiveProcess {
  processId: string;
  pid: number | null;
  /** The kernel's start time of `pid` (ticks since boot, /proc/<pid>/stat field 22), to tell a reused pid. */
  pidStartTime: string | null;
  port: AllocatedPort;
  /** Whether it had bound its port before the restart. */
  started: boolean;
  /** Whether a stop was under way. */
  stopping: boolean;
  startingAt: number;
}

/** Where a process is, once launched: recorded so a restarted Roomdeck can adopt it. */
export interface ProcessHandle {
  pid: number;
  pidStartTime: string;
}

export interface MetricSample {
  processId: string;
  at: number;
  /** Percent of one CPU core (a process using two cores fully: 200). */
  cpu: number;
  /** Resident memory of the process and its children, bytes. */
  memory: number;
  /** Established TCP connections to its ports; null where it cannot be measured (UDP). */
  activeConnections: number | null;
}

export interface Runtime {
  readonly kind: 'local' | 'simulated';
  /** Connects the runtime to the store. Called once, before anything else. */
  attach(events: RuntimeEvents): void;
  /**
   * Starts a process. Returns where it runs (for adoption), or undefined for a runtime without local processes.
   * A failure to start is reported through `exited` (asynchronously), never thrown.
   */
  launch(launch: ProcessLaunch): ProcessHandle | undefined;
  /** SIGTERM, a grace period, then SIGKILL (the whole process group); `exited` follows. */
  stop(processId: string, reason: string): void;
  /**
   * After a restart: takes over each process still alive (same pid and start time) and reports the others as
   * exited ("exited while Roomdeck was down"). Returns how many were adopted.
   */
  adopt(processes: LiveProcess[]): number;
  /** The process's output so far (stdout and stderr, interleaved), or undefined when the runtime keeps none. */
  logPath(processId: string): string | undefined;
  /** Resource samples since the last call, for the store to keep (local: read from /proc). */
  sample(): MetricSample[];
  /** Stops every process gracefully (a clean stop of Roomdeck); resolves with how many were stopped. */
  close(): Promise<number>;
}
