import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configWarnings,
  DEFAULT_APP_ID,
  DEFAULT_TOKEN,
  isLoopback,
  loadConfig,
  PROJECT_ROOT,
} from './config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dbPath: resolve(PROJECT_ROOT, '.data', 'roomdeck.db'),
      appId: DEFAULT_APP_ID,
      token: DEFAULT_TOKEN,
      processStartMs: 2000,
      roomStartMs: 500,
      roomsPerProcess: 4,
      processIdleMs: 300000,
      seed: true,
      faults: false,
      faultRate: 0,
      latencyMs: 0,
      accessToken: undefined,
      readOnly: false,
      upstream: undefined,
      maxConnections: 1024,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      runtime: 'local',
      deploymentPath: resolve(PROJECT_ROOT, 'demo-game', 'deployment.json'),
      portRange: { min: 20000, max: 29999 },
      portBindDeadlineMs: 100_000,
      stopGraceMs: 10_000,
      publicHost: '127.0.0.1',
      logRetentionHours: 72,
      logMaxBytes: 16 * 1024 * 1024,
      metricsIntervalMs: 10_000,
      dataDir: undefined,
      runtimePollMs: 25,
    });
    expect(DEFAULT_APP_ID).toBe('app-af469a92-5b45-4565-b3c4-b79878de67d2');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '0',
      ROOMDECK_DB: ':memory:',
      ROOMDECK_APP_ID: 'app-test',
      ROOMDECK_TOKEN: 's3cret',
      ROOMDECK_PROCESS_START_MS: '10',
      ROOMDECK_ROOM_START_MS: '0',
      ROOMDECK_ROOMS_PER_PROCESS: '10000',
      ROOMDECK_PROCESS_IDLE_MS: '1000',
      ROOMDECK_SEED: '0',
      ROOMDECK_FAULTS: '1',
      ROOMDECK_FAULT_RATE: '0.25',
      ROOMDECK_LATENCY_MS: '150',
      ROOMDECK_ACCESS_TOKEN: 'access-token-0123456789',
      ROOMDECK_READ_ONLY: '1',
      ROOMDECK_UPSTREAM: 'https://api.hathora.dev/',
      ROOMDECK_UPSTREAM_TOKEN: 'upstream.jwt-token',
      ROOMDECK_UPSTREAM_TIMEOUT_MS: '2500',
      ROOMDECK_MAX_CONNECTIONS: '50',
      ROOMDECK_HEADERS_TIMEOUT_MS: '500',
      ROOMDECK_REQUEST_TIMEOUT_MS: '500',
      ROOMDECK_RUNTIME: 'simulated',
      ROOMDECK_DEPLOYMENT: 'games/deployment.json',
      ROOMDECK_PORT_RANGE: '40000-40099',
      ROOMDECK_PORT_BIND_DEADLINE_MS: '1500',
      ROOMDECK_STOP_GRACE_MS: '0',
      ROOMDECK_PUBLIC_HOST: 'games.example.com',
      ROOMDECK_LOG_RETENTION_HOURS: '1',
      ROOMDECK_LOG_MAX_BYTES: '65536',
      ROOMDECK_METRICS_INTERVAL_MS: '250',
      ROOMDECK_DATA_DIR: '/var/lib/roomdeck',
      ROOMDECK_RUNTIME_POLL_MS: '10',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 0,
      dbPath: ':memory:',
      appId: 'app-test',
      token: 's3cret',
      processStartMs: 10,
      roomStartMs: 0,
      roomsPerProcess: 10000,
      processIdleMs: 1000,
      seed: false,
      faults: true,
      faultRate: 0.25,
      latencyMs: 150,
      accessToken: 'access-token-0123456789',
      readOnly: true,
      upstream: { url: 'https://api.hathora.dev', token: 'upstream.jwt-token', timeoutMs: 2500 },
      maxConnections: 50,
      headersTimeoutMs: 500,
      requestTimeoutMs: 500,
      runtime: 'simulated',
      deploymentPath: resolve(process.cwd(), 'games/deployment.json'),
      portRange: { min: 40000, max: 40099 },
      portBindDeadlineMs: 1500,
      stopGraceMs: 0,
      publicHost: 'games.example.com',
      logRetentionHours: 1,
      logMaxBytes: 65536,
      metricsIntervalMs: 250,
      dataDir: '/var/lib/roomdeck',
      runtimePollMs: 10,
    });
  });

  it('refuses a runtime, port range or public host it cannot use, naming the variable', () => {
    expect(
      problemsOf({ ROOMDECK_RUNTIME: 'docker', ROOMDECK_PORT_RANGE: '9000-80', ROOMDECK_PUBLIC_HOST: 'a b' }),
    ).toEqual([
      'ROOMDECK_PUBLIC_HOST must be a host name or IP address that players can reach (e.g. 203.0.113.7 or games.example.com), got "a b"',
      'ROOMDECK_RUNTIME must be local (run game processes here) or simulated (run nothing), got "docker"',
      'ROOMDECK_PORT_RANGE must be two ports from 1024 to 65535, low-high (e.g. 20000-29999), got "9000-80"',
    ]);
    expect(problemsOf({ ROOMDECK_PORT_RANGE: '80-90' })).toEqual([
      'ROOMDECK_PORT_RANGE must be two ports from 1024 to 65535, low-high (e.g. 20000-29999), got "80-90"',
    ]);
  });

  it('reads ROOMDECK_PUBLIC_URL as a base URL without a trailing slash', () => {
    expect(loadConfig({ ROOMDECK_PUBLIC_URL: 'http://192.168.1.20:8080/' }).publicUrl).toBe('http://192.168.1.20:8080');
    expect(loadConfig({ ROOMDECK_PUBLIC_URL: 'https://qa.example.com/roomdeck//' }).publicUrl).toBe(
      'https://qa.example.com/roomdeck',
    );
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it('refuses a ROOMDECK_PUBLIC_URL that is not an absolute http(s) base URL, naming the variable', () => {
    expect(problemsOf({ ROOMDECK_PUBLIC_URL: '192.168.1.20:8080' })).toEqual([
      'ROOMDECK_PUBLIC_URL must be an absolute http or https URL where other machines reach this dashboard, such as http://192.168.1.20:8080, got "192.168.1.20:8080"',
    ]);
    expect(problemsOf({ ROOMDECK_PUBLIC_URL: '/roomdeck' })).toEqual([
      'ROOMDECK_PUBLIC_URL must be an absolute http or https URL where other machines reach this dashboard, such as http://192.168.1.20:8080, got "/roomdeck"',
    ]);
    expect(problemsOf({ ROOMDECK_PUBLIC_URL: 'ftp://192.168.1.20' })).toEqual([
      'ROOMDECK_PUBLIC_URL must be an http or https URL, such as http://192.168.1.20:8080, got "ftp://192.168.1.20"',
    ]);
    for (const value of ['http://192.168.1.20:8080/?a=1', 'http://192.168.1.20:8080/#x', 'http://192.168.1.20:8080?']) {
      expect(problemsOf({ ROOMDECK_PUBLIC_URL: value }), value).toEqual([
        `ROOMDECK_PUBLIC_URL must not have a query string or fragment, only a base URL such as http://192.168.1.20:8080, got ${JSON.stringify(value)}`,
      ]);
    }
    const withSecret = problemsOf({ ROOMDECK_PUBLIC_URL: 'http://qa:hunter2hunter2@192.168.1.20:8080' });
    expect(withSecret).toEqual([
      'ROOMDECK_PUBLIC_URL must not contain a user name or password: it is printed in every share link',
    ]);
    expect(withSecret.join()).not.toContain('hunter2');
  });

  it('refuses a connection cap or timeouts out of range, and a head timeout longer than the request timeout', () => {
    expect(problemsOf({ ROOMDECK_MAX_CONNECTIONS: '0', ROOMDECK_HEADERS_TIMEOUT_MS: '99' })).toEqual([
      'ROOMDECK_MAX_CONNECTIONS must be a whole number from 1 to 1000000, got "0"',
      'ROOMDECK_HEADERS_TIMEOUT_MS must be a whole number from 100 to 600000, got "99"',
    ]);
    expect(problemsOf({ ROOMDECK_HEADERS_TIMEOUT_MS: '5000', ROOMDECK_REQUEST_TIMEOUT_MS: '1000' })).toEqual([
      'ROOMDECK_HEADERS_TIMEOUT_MS (5000) must not be more than ROOMDECK_REQUEST_TIMEOUT_MS (1000): the head is part of the request',
    ]);
  });

  it('resolves a relative ROOMDECK_DB against the working directory', () => {
    expect(loadConfig({ ROOMDECK_DB: 'tmp/x.db' }).dbPath).toBe(resolve(process.cwd(), 'tmp/x.db'));
  });

  it.each([
    ['PORT', '80a', 'PORT must be a whole number from 0 to 65535, got "80a"'],
    ['PORT', '70000', 'PORT'],
    ['PORT', '-1', 'PORT'],
    ['HOST', 'my host', 'HOST'],
    ['ROOMDECK_APP_ID', 'app id!', 'ROOMDECK_APP_ID must be 1 to 100 characters'],
    ['ROOMDECK_TOKEN', 'has space', 'ROOMDECK_TOKEN must be'],
    ['ROOMDECK_PROCESS_START_MS', '1.5', 'ROOMDECK_PROCESS_START_MS must be a whole number'],
    ['ROOMDECK_ROOM_START_MS', 'soon', 'ROOMDECK_ROOM_START_MS'],
    ['ROOMDECK_ROOMS_PER_PROCESS', '0', 'ROOMDECK_ROOMS_PER_PROCESS must be a whole number from 1 to 10000'],
    ['ROOMDECK_ROOMS_PER_PROCESS', '10001', 'ROOMDECK_ROOMS_PER_PROCESS'],
    ['ROOMDECK_PROCESS_IDLE_MS', '5m', 'ROOMDECK_PROCESS_IDLE_MS'],
    ['ROOMDECK_SEED', 'yes', 'ROOMDECK_SEED must be 1 (seed demo data) or 0 (no demo data), got "yes"'],
    ['ROOMDECK_FAULT_RATE', '1.5', 'ROOMDECK_FAULT_RATE must be a number from 0 to 1, got "1.5"'],
    ['ROOMDECK_FAULT_RATE', '10%', 'ROOMDECK_FAULT_RATE'],
    ['ROOMDECK_LATENCY_MS', '-5', 'ROOMDECK_LATENCY_MS'],
    ['ROOMDECK_DB', '', 'ROOMDECK_DB is set but empty'],
    ['ROOMDECK_ACCESS_TOKEN', 'too-short', 'ROOMDECK_ACCESS_TOKEN must be 16 to 512 printable ASCII characters'],
    ['ROOMDECK_READ_ONLY', 'true', 'ROOMDECK_READ_ONLY must be 1 (refuse changes) or 0, got "true"'],
    ['ROOMDECK_UPSTREAM_TOKEN', 'abc', 'ROOMDECK_UPSTREAM_TOKEN is set but ROOMDECK_UPSTREAM is not'],
    ['ROOMDECK_UPSTREAM_TIMEOUT_MS', '0', 'ROOMDECK_UPSTREAM_TIMEOUT_MS must be a whole number from 1 to 600000'],
  ])('rejects %s=%j', (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('reports every problem at once and never echoes the token', () => {
    const secret = 'secret token with spaces';
    const err = (() => {
      try {
        loadConfig({ PORT: 'x', ROOMDECK_SEED: '2', ROOMDECK_TOKEN: secret });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.problems).toHaveLength(3);
    expect(err?.message).toMatch(/^Invalid configuration:\n {2}- PORT/);
    expect(err?.message).not.toContain(secret);
  });

  it('refuses a non-loopback HOST without an access token', () => {
    expect(problemsOf({ HOST: '0.0.0.0', ROOMDECK_TOKEN: 'b'.repeat(16) })).toEqual([
      'HOST=0.0.0.0 lets other machines reach Roomdeck: set ROOMDECK_ACCESS_TOKEN so that browsers must sign in, or bind HOST=127.0.0.1',
    ]);
    expect(problemsOf({ HOST: '192.168.1.20' })[0]).toContain('ROOMDECK_ACCESS_TOKEN');
    for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(loadConfig({ HOST: host }).host).toBe(host);
      expect(isLoopback(host), host).toBe(true);
    }
    const secret = { ROOMDECK_TOKEN: 'b'.repeat(16) };
    expect(loadConfig({ HOST: '::', ROOMDECK_ACCESS_TOKEN: 'a'.repeat(16), ...secret }).accessToken).toBe(
      'a'.repeat(16),
    );
  });

  it('counts only 127.0.0.1, ::1 and localhost as this machine, not the rest of 127/8', () => {
    for (const host of ['127.0.0.2', '127.8.0.1', '127.255.255.255', '::ffff:127.0.0.2', 'localhost.evil.example']) {
      expect(isLoopback(host), host).toBe(false);
      expect(problemsOf({ HOST: host })[0], host).toContain('ROOMDECK_ACCESS_TOKEN');
    }
  });

  it('refuses the default or a short ROOMDECK_TOKEN when other machines can reach the server', () => {
    const access = { ROOMDECK_ACCESS_TOKEN: 'access-token-0123456789' };
    expect(problemsOf({ HOST: '0.0.0.0', ...access })).toEqual([
      'HOST=0.0.0.0 and ROOMDECK_TOKEN is the documented default (local-dev-token): anyone who can reach this server could use the API with it. Set ROOMDECK_TOKEN to a secret of at least 16 characters (e.g. the output of `openssl rand -hex 24`)',
    ]);
    const short = problemsOf({ HOST: '0.0.0.0', ROOMDECK_TOKEN: 'short-secret', ...access });
    expect(short).toEqual([
      'HOST=0.0.0.0 lets other machines reach Roomdeck, and ROOMDECK_TOKEN is shorter than 16 characters: set it to a longer secret (e.g. the output of `openssl rand -hex 24`)',
    ]);
    expect(short[0]).not.toContain('short-secret');
    expect(loadConfig({ HOST: '0.0.0.0', ROOMDECK_TOKEN: 'c'.repeat(16), ...access }).token).toBe('c'.repeat(16));
    // On this machine the default stays usable (the documented local setup), and proxy mode has no dev token.
    expect(loadConfig({}).token).toBe(DEFAULT_TOKEN);
    expect(loadConfig({ HOST: 'localhost', ROOMDECK_TOKEN: 'short' }).token).toBe('short');
    const proxy = {
      ROOMDECK_UPSTREAM: 'https://api.hathora.dev',
      ROOMDECK_UPSTREAM_TOKEN: 't',
      ROOMDECK_APP_ID: 'app-x',
    };
    expect(loadConfig({ HOST: '0.0.0.0', ...access, ...proxy }).host).toBe('0.0.0.0');
    // A short access token was already refused everywhere.
    expect(problemsOf({ ROOMDECK_ACCESS_TOKEN: 'a'.repeat(15) })[0]).toContain(
      'ROOMDECK_ACCESS_TOKEN must be 16 to 512',
    );
  });

  describe('proxy mode', () => {
    const proxy = {
      ROOMDECK_UPSTREAM: 'https://api.hathora.dev',
      ROOMDECK_UPSTREAM_TOKEN: 'up-secret',
      ROOMDECK_APP_ID: 'app-x',
    };

    it('keeps a base path, drops trailing slashes and defaults the timeout to 15 s', () => {
      expect(loadConfig(proxy).upstream).toEqual({
        url: 'https://api.hathora.dev',
        token: 'up-secret',
        timeoutMs: 15000,
      });
      expect(loadConfig({ ...proxy, ROOMDECK_UPSTREAM: 'http://127.0.0.1:9000/api//' }).upstream?.url).toBe(
        'http://127.0.0.1:9000/api',
      );
    });

    it.each([
      [{ ROOMDECK_UPSTREAM_TOKEN: undefined }, 'ROOMDECK_UPSTREAM_TOKEN is required with ROOMDECK_UPSTREAM'],
      [{ ROOMDECK_APP_ID: undefined }, 'ROOMDECK_APP_ID is required with ROOMDECK_UPSTREAM'],
      [{ ROOMDECK_UPSTREAM: 'api.hathora.dev' }, 'ROOMDECK_UPSTREAM must be an absolute http or https URL'],
      [{ ROOMDECK_UPSTREAM: 'ftp://api.hathora.dev' }, 'ROOMDECK_UPSTREAM must be an http or https URL'],
      [{ ROOMDECK_UPSTREAM: 'https://me:pw@api.hathora.dev' }, 'must not contain a user name or password'],
      [{ ROOMDECK_UPSTREAM: 'https://api.hathora.dev/?token=x' }, 'must not have a query string'],
    ])('refuses %j', (change, message) => {
      const env: Record<string, string | undefined> = { ...proxy, ...change };
      const problems = problemsOf(
        Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(message);
      expect(problems[0]).not.toContain('up-secret');
      expect(problems[0]).not.toContain(':pw@');
    });

    it('never echoes the upstream token', () => {
      const problems = problemsOf({ ...proxy, ROOMDECK_UPSTREAM_TOKEN: 'up secret with spaces' });
      expect(problems).toEqual(['ROOMDECK_UPSTREAM_TOKEN must be 1 to 4096 printable ASCII characters without spaces']);
    });
  });

  describe('configWarnings', () => {
    const access = { ROOMDECK_ACCESS_TOKEN: 'access-token-0123456789' };

    it('has no warning for a non-loopback local server with its own secret', () => {
      expect(configWarnings(loadConfig({ HOST: '0.0.0.0', ROOMDECK_TOKEN: 'mine-0123456789ab', ...access }))).toEqual(
        [],
      );
      expect(configWarnings(loadConfig({}))).toEqual([]);
    });

    it('warns about an unencrypted upstream off this machine', () => {
      const proxy = { ROOMDECK_UPSTREAM_TOKEN: 't', ROOMDECK_APP_ID: 'app-x' };
      expect(configWarnings(loadConfig({ ...proxy, ROOMDECK_UPSTREAM: 'http://hathora.internal' }))[0]).toContain(
        'the upstream token travels unencrypted',
      );
      expect(configWarnings(loadConfig({ ...proxy, ROOMDECK_UPSTREAM: 'http://127.0.0.1:9000/api' }))).toEqual([]);
      expect(configWarnings(loadConfig({ ...proxy, ROOMDECK_UPSTREAM: 'https://api.hathora.dev' }))).toEqual([]);
    });
  });
});
