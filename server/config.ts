import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the directory holding package.json), used for defaults such as `.data/`. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_APP_ID = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';
/** The game that `npm start` runs: a small WebSocket game shipped in the repo. */
export const DEFAULT_DEPLOYMENT = resolve(PROJECT_ROOT, 'demo-game', 'deployment.json');

/** The documented development token. It is not a secret: it only guards a local emulator. */
export const DEFAULT_TOKEN = 'local-dev-token';

export interface Config {
  host: string;
  port: number;
  /** Absolute path of the SQLite file, or `:memory:`. */
  dbPath: string;
  appId: string;
  token: string;
  /** Start-up time of a new process, in ms. */
  processStartMs: number;
  /** Start-up time of a room on a running process, in ms. */
  roomStartMs: number;
  /** Capacity of every new process. */
  roomsPerProcess: number;
  /** A process with no active rooms for this long stops. */
  processIdleMs: number;
  /** Seed an empty database with the demo app. */
  seed: boolean;
  /** Fault injection (`ROOMDECK_FAULTS=1`): off by default; only then may an admin change it at run time. */
  faults: boolean;
  /** Initial fraction (0..1) of API requests answered with an injected 500. */
  faultRate: number;
  /** Initial latency added to every API request, in ms. */
  latencyMs: number;
  /** Browsers must sign in with this secret before using the API; required when `host` is not loopback. */
  accessToken: string | undefined;
  /** The API refuses every change (create, destroy, suspend, resume, update) and the dashboard hides them. */
  readOnly: boolean;
  /** Proxy mode: `/api` forwards to this Hathora API with the upstream token; no local database. */
  upstream: UpstreamConfig | undefined;
  /** Connections beyond this many open at once are closed on arrival (Node's `server.maxConnections`). */
  maxConnections: number;
  /** A connection must send a complete request head within this (ms), or it is closed (slowloris). */
  headersTimeoutMs: number;
  /** A connection must send a complete request, head and body, within this (ms), or it is answered 408. */
  requestTimeoutMs: number;
  /** What runs game processes: `local` (child processes of this server, the default) or `simulated` (nothing). */
  runtime: 'local' | 'simulated';
  /** Absolute path of the deployment file (ROOMDECK_DEPLOYMENT), default the demo game's. Read by the local runtime. */
  deploymentPath: string;
  /** Ports handed to processes (PORT and additional ports), inclusive. */
  portRange: { min: number; max: number };
  /** A process that has not bound its port this long after it was launched is killed (`failed`). */
  portBindDeadlineMs: number;
  /** StopProcess: SIGTERM, then SIGKILL this long after. */
  stopGraceMs: number;
  /** The host in every exposedPort and HATHORA_HOSTNAME: where players reach the games. */
  publicHost: string;
  /** Logs and metrics of a process are kept this long after it ends. */
  logRetentionHours: number;
  /** A process's log file is cut to its newest part past this size (the part before is kept as one older file). */
  logMaxBytes: number;
  /** How often CPU, memory and connections of every local process are sampled. */
  metricsIntervalMs: number;
  /** How often the local runtime looks for a starting process's bound port (ROOMDECK_RUNTIME_POLL_MS, ms). */
  runtimePollMs: number;
  /**
   * Where other machines reach this dashboard (ROOMDECK_PUBLIC_URL, e.g. http://192.168.1.20:8080): the base of share
   * links and QR codes. Absent: the dashboard uses the address its browser opened.
   */
  publicUrl?: string;
  /** Where processes' logs go (`<dataDir>/processes/<processId>/`); default beside the database. */
  dataDir: string | undefined;
}

export interface UpstreamConfig {
  /** Base URL of the Hathora API, without a trailing slash, e.g. `https://api.hathora.dev`. */
  url: string;
  /** The Hathora dev token. It stays on the server: never in a response, a log line or an error. */
  token: string;
  /** Give up on an upstream call after this long (504). */
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const ID_PATTERN = /^[a-zA-Z0-9_-]{1,100}$/;
const INTEGER = /^\d+$/;
const SECRET = /^[\x21-\x7e]+$/;

/** The shortest ROOMDECK_TOKEN accepted when other machines can reach the server (HOST not loopback). */
export const MIN_SECRET_LENGTH = 16;

/**
 * "This machine": only `127.0.0.1`, `::1` (also written `[::1]`, or `::ffff:127.0.0.1` as a dual-stack socket
 * names 127.0.0.1) and `localhost`. Other 127.x.y.z addresses are not: they can be routed or bound by other
 * users' services, and treating them as this machine skipped access control. Binding anywhere else requires
 * access control.
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || h === '127.0.0.1' || h === '::ffff:127.0.0.1';
}

/**
 * Reads and validates the configuration from environment variables (issue 2, "Interface").
 * Every variable is optional; a set but invalid value (including an empty string) is an error, never a silent
 * default. All problems are reported at once in one {@link ConfigError}.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  function raw(name: string): string | undefined {
    const value = env[name];
    if (value === undefined) return undefined;
    if (value.trim() === '') {
      problems.push(`${name} is set but empty; unset it to use the default`);
      return undefined;
    }
    return value.trim();
  }

  function integer(name: string, fallback: number, min: number, max: number): number {
    const value = raw(name);
    if (value === undefined) return fallback;
    const n = INTEGER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return n;
  }

  function fraction(name: string, fallback: number): number {
    const value = raw(name);
    if (value === undefined) return fallback;
    const n = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 0 && n <= 1)) {
      problems.push(`${name} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return n;
  }

  const host = raw('HOST') ?? '127.0.0.1';
  const hostValid = !/\s/.test(host);
  if (!hostValid) problems.push(`HOST must be a host name or IP address, got ${JSON.stringify(host)}`);

  const port = integer('PORT', 8080, 0, 65535);

  const dbRaw = raw('ROOMDECK_DB');
  const dbPath =
    dbRaw === undefined
      ? resolve(PROJECT_ROOT, '.data', 'roomdeck.db')
      : dbRaw === ':memory:'
        ? ':memory:'
        : isAbsolute(dbRaw)
          ? dbRaw
          : resolve(process.cwd(), dbRaw);

  const appId = raw('ROOMDECK_APP_ID') ?? DEFAULT_APP_ID;
  if (!ID_PATTERN.test(appId)) {
    problems.push(
      `ROOMDECK_APP_ID must be 1 to 100 characters of letters, digits, '_' and '-' (e.g. ${DEFAULT_APP_ID}), got ${JSON.stringify(appId)}`,
    );
  }

  // Secrets (tokens) are never echoed in a message.
  const token = raw('ROOMDECK_TOKEN') ?? DEFAULT_TOKEN;
  if (!SECRET.test(token) || token.length > 512) {
    problems.push('ROOMDECK_TOKEN must be 1 to 512 printable ASCII characters without spaces');
  }

  const accessToken = raw('ROOMDECK_ACCESS_TOKEN');
  if (accessToken !== undefined && (!SECRET.test(accessToken) || accessToken.length < 16 || accessToken.length > 512)) {
    problems.push(
      'ROOMDECK_ACCESS_TOKEN must be 16 to 512 printable ASCII characters without spaces (e.g. the output of `openssl rand -hex 24`)',
    );
  }
  if (accessToken === undefined && hostValid && !isLoopback(host)) {
    problems.push(
      `HOST=${host} lets other machines reach Roomdeck: set ROOMDECK_ACCESS_TOKEN so that browsers must sign in, or bind HOST=127.0.0.1`,
    );
  }
  const local = env.ROOMDECK_UPSTREAM === undefined;
  if (local && hostValid && !isLoopback(host) && SECRET.test(token)) {
    if (token === DEFAULT_TOKEN) {
      problems.push(
        `HOST=${host} and ROOMDECK_TOKEN is the documented default (${DEFAULT_TOKEN}): anyone who can reach this server could use the API with it. Set ROOMDECK_TOKEN to a secret of at least ${MIN_SECRET_LENGTH} characters (e.g. the output of \`openssl rand -hex 24\`)`,
      );
    } else if (token.length < MIN_SECRET_LENGTH) {
      problems.push(
        `HOST=${host} lets other machines reach Roomdeck, and ROOMDECK_TOKEN is shorter than ${MIN_SECRET_LENGTH} characters: set it to a longer secret (e.g. the output of \`openssl rand -hex 24\`)`,
      );
    }
  }

  let upstream: UpstreamConfig | undefined;
  const upstreamUrl = raw('ROOMDECK_UPSTREAM');
  const upstreamToken = raw('ROOMDECK_UPSTREAM_TOKEN');
  const timeoutMs = integer('ROOMDECK_UPSTREAM_TIMEOUT_MS', 15000, 1, 10 * 60 * 1000);
  if (upstreamUrl !== undefined) {
    const url = parseUpstream(upstreamUrl, problems);
    if (upstreamToken === undefined) {
      problems.push(
        'ROOMDECK_UPSTREAM_TOKEN is required with ROOMDECK_UPSTREAM: the Hathora dev token the server holds',
      );
    } else if (!SECRET.test(upstreamToken) || upstreamToken.length > 4096) {
      problems.push('ROOMDECK_UPSTREAM_TOKEN must be 1 to 4096 printable ASCII characters without spaces');
    }
    if (env.ROOMDECK_APP_ID === undefined) {
      problems.push('ROOMDECK_APP_ID is required with ROOMDECK_UPSTREAM: the id (app-...) of the Hathora app to open');
    }
    if (url !== undefined && upstreamToken !== undefined) upstream = { url, token: upstreamToken, timeoutMs };
  } else if (upstreamToken !== undefined) {
    problems.push(
      'ROOMDECK_UPSTREAM_TOKEN is set but ROOMDECK_UPSTREAM is not: set ROOMDECK_UPSTREAM=https://api.hathora.dev for proxy mode',
    );
  }

  const day = 24 * 60 * 60 * 1000;
  const config: Config = {
    host,
    port,
    dbPath,
    appId,
    token,
    processStartMs: integer('ROOMDECK_PROCESS_START_MS', 2000, 0, 10 * 60 * 1000),
    roomStartMs: integer('ROOMDECK_ROOM_START_MS', 500, 0, 10 * 60 * 1000),
    roomsPerProcess: integer('ROOMDECK_ROOMS_PER_PROCESS', 4, 1, 10000),
    processIdleMs: integer('ROOMDECK_PROCESS_IDLE_MS', 300000, 0, 365 * day),
    seed: true,
    faults: false,
    faultRate: fraction('ROOMDECK_FAULT_RATE', 0),
    latencyMs: integer('ROOMDECK_LATENCY_MS', 0, 0, 60000),
    accessToken,
    readOnly: false,
    upstream,
    maxConnections: integer('ROOMDECK_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    headersTimeoutMs: integer('ROOMDECK_HEADERS_TIMEOUT_MS', 10_000, 100, 10 * 60 * 1000),
    requestTimeoutMs: integer('ROOMDECK_REQUEST_TIMEOUT_MS', 30_000, 100, 10 * 60 * 1000),
    runtime: 'local',
    deploymentPath: DEFAULT_DEPLOYMENT,
    portRange: { min: 20000, max: 29999 },
    portBindDeadlineMs: integer('ROOMDECK_PORT_BIND_DEADLINE_MS', 100_000, 100, 60 * 60 * 1000),
    stopGraceMs: integer('ROOMDECK_STOP_GRACE_MS', 10_000, 0, 10 * 60 * 1000),
    publicHost: raw('ROOMDECK_PUBLIC_HOST') ?? '127.0.0.1',
    logRetentionHours: integer('ROOMDECK_LOG_RETENTION_HOURS', 72, 1, 24 * 365),
    logMaxBytes: integer('ROOMDECK_LOG_MAX_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    metricsIntervalMs: integer('ROOMDECK_METRICS_INTERVAL_MS', 10_000, 100, 10 * 60 * 1000),
    runtimePollMs: integer('ROOMDECK_RUNTIME_POLL_MS', 25, 1, 10_000),
    dataDir: undefined,
  };
  if (/[\s/]/.test(config.publicHost) || config.publicHost.length > 253) {
    problems.push(
      `ROOMDECK_PUBLIC_HOST must be a host name or IP address that players can reach (e.g. 203.0.113.7 or games.example.com), got ${JSON.stringify(config.publicHost)}`,
    );
  }

  const publicUrl = raw('ROOMDECK_PUBLIC_URL');
  if (publicUrl !== undefined) {
    const parsed = parsePublicUrl(publicUrl, problems);
    if (parsed !== undefined) config.publicUrl = parsed;
  }

  const runtime = raw('ROOMDECK_RUNTIME');
  if (runtime !== undefined) {
    if (runtime === 'local' || runtime === 'simulated') config.runtime = runtime;
    else {
      problems.push(
        `ROOMDECK_RUNTIME must be local (run game processes here) or simulated (run nothing), got ${JSON.stringify(runtime)}`,
      );
    }
  }
  const deployment = raw('ROOMDECK_DEPLOYMENT');
  if (deployment !== undefined) config.deploymentPath = resolve(process.cwd(), deployment);
  const dataDir = raw('ROOMDECK_DATA_DIR');
  if (dataDir !== undefined) config.dataDir = resolve(process.cwd(), dataDir);

  const portRange = raw('ROOMDECK_PORT_RANGE');
  if (portRange !== undefined) {
    const m = /^(\d{1,5})-(\d{1,5})$/.exec(portRange);
    const [min, max] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!m || min < 1024 || max > 65535 || min > max) {
      problems.push(
        `ROOMDECK_PORT_RANGE must be two ports from 1024 to 65535, low-high (e.g. 20000-29999), got ${JSON.stringify(portRange)}`,
      );
    } else config.portRange = { min, max };
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push(
      `ROOMDECK_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not be more than ROOMDECK_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs}): the head is part of the request`,
    );
  }

  const seed = raw('ROOMDECK_SEED');
  if (seed !== undefined) {
    if (seed === '1' || seed === '0') config.seed = seed === '1';
    else problems.push(`ROOMDECK_SEED must be 1 (seed demo data) or 0 (no demo data), got ${JSON.stringify(seed)}`);
  }

  const faults = raw('ROOMDECK_FAULTS');
  if (faults !== undefined) {
    if (faults === '1' || faults === '0') config.faults = faults === '1';
    else problems.push(`ROOMDECK_FAULTS must be 1 (allow fault injection) or 0, got ${JSON.stringify(faults)}`);
  }
  if (!config.faults && (config.faultRate > 0 || config.latencyMs > 0)) {
    problems.push(
      'ROOMDECK_FAULT_RATE and ROOMDECK_LATENCY_MS inject faults, which are off: set ROOMDECK_FAULTS=1 as well to enable fault injection',
    );
  }

  const readOnly = raw('ROOMDECK_READ_ONLY');
  if (readOnly !== undefined) {
    if (readOnly === '1' || readOnly === '0') config.readOnly = readOnly === '1';
    else problems.push(`ROOMDECK_READ_ONLY must be 1 (refuse changes) or 0, got ${JSON.stringify(readOnly)}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The dashboard's public base URL without a trailing slash, or undefined with a problem naming the variable. */
function parsePublicUrl(value: string, problems: string[]): string | undefined {
  const example = 'such as http://192.168.1.20:8080';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(
      `ROOMDECK_PUBLIC_URL must be an absolute http or https URL where other machines reach this dashboard, ${example}, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`ROOMDECK_PUBLIC_URL must be an http or https URL, ${example}, got ${JSON.stringify(value)}`);
  } else if (url.username || url.password) {
    // Not echoed: it holds a secret.
    problems.push('ROOMDECK_PUBLIC_URL must not contain a user name or password: it is printed in every share link');
  } else if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    problems.push(
      `ROOMDECK_PUBLIC_URL must not have a query string or fragment, only a base URL ${example}, got ${JSON.stringify(value)}`,
    );
  } else {
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  return undefined;
}

/** The upstream base URL without a trailing slash; the value is not echoed (it could hold a secret). */
function parseUpstream(value: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('ROOMDECK_UPSTREAM must be an absolute http or https URL, such as https://api.hathora.dev');
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push('ROOMDECK_UPSTREAM must be an http or https URL, such as https://api.hathora.dev');
  } else if (url.username || url.password) {
    problems.push(
      'ROOMDECK_UPSTREAM must not contain a user name or password: the token goes in ROOMDECK_UPSTREAM_TOKEN',
    );
  } else if (url.search || url.hash) {
    problems.push(
      'ROOMDECK_UPSTREAM must not have a query string or fragment, only a base URL such as https://api.hathora.dev',
    );
  } else {
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  return undefined;
}

/** Settings that work but are risky; printed at start-up. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.upstream?.url.startsWith('http:') && !isLoopback(new URL(config.upstream.url).hostname)) {
    warnings.push(
      `ROOMDECK_UPSTREAM is ${config.upstream.url}: the upstream token travels unencrypted. Use an https URL.`,
    );
  }
  return warnings;
}
