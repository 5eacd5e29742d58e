import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the directory holding package.json), used for defaults such as `.data/`. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_APP_ID = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';
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
  /** Initial fraction (0..1) of API requests answered with an injected 500. */
  faultRate: number;
  /** Initial latency added to every API request, in ms. */
  latencyMs: number;
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
  if (/\s/.test(host)) problems.push(`HOST must be a host name or IP address, got ${JSON.stringify(host)}`);

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

  // The token's value is never echoed in a message.
  const token = raw('ROOMDECK_TOKEN') ?? DEFAULT_TOKEN;
  if (!/^[\x21-\x7e]{1,512}$/.test(token)) {
    problems.push('ROOMDECK_TOKEN must be 1 to 512 printable ASCII characters without spaces');
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
    faultRate: fraction('ROOMDECK_FAULT_RATE', 0),
    latencyMs: integer('ROOMDECK_LATENCY_MS', 0, 0, 60000),
  };

  const seed = raw('ROOMDECK_SEED');
  if (seed !== undefined) {
    if (seed === '1' || seed === '0') config.seed = seed === '1';
    else problems.push(`ROOMDECK_SEED must be 1 (seed demo data) or 0 (no demo data), got ${JSON.stringify(seed)}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
