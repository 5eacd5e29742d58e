import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_APP_ID, DEFAULT_TOKEN, loadConfig, PROJECT_ROOT } from './config.ts';

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
      faultRate: 0,
      latencyMs: 0,
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
      ROOMDECK_FAULT_RATE: '0.25',
      ROOMDECK_LATENCY_MS: '150',
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
      faultRate: 0.25,
      latencyMs: 150,
    });
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
});
