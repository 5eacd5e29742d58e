import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeploymentError, deploymentHash, loadDeployment, parseDeployment, portEnvName } from './deployment.ts';
import { cleanUp, tempDir } from './test/runtime.ts';

/** server/deployment.ts: every problem of a deployment file is reported at once, naming the file and the field. */

afterAll(() => cleanUp());

const DEFAULTS = { roomsPerProcess: 4 };
const parse = (json: unknown) => parseDeployment(json, '/srv/game', DEFAULTS, '/srv/game/deployment.json');
const problems = (json: unknown): string => {
  try {
    parse(json);
  } catch (err) {
    expect(err).toBeInstanceOf(DeploymentError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(json)}`);
};

describe('parseDeployment', () => {
  it('fills the defaults; only command is required', () => {
    expect(parse({ command: ['node', 'server.mjs'] })).toEqual({
      command: ['node', 'server.mjs'],
      cwd: '/srv/game',
      env: {},
      roomsPerProcess: 4,
      transportType: 'tcp',
      additionalContainerPorts: [],
      idleTimeoutEnabled: true,
    });
  });

  it('keeps every field given', () => {
    const d = parse({
      command: ['python3', 'game.py'],
      env: { LOG_LEVEL: 'debug' },
      roomsPerProcess: 8,
      transportType: 'udp',
      additionalContainerPorts: [{ name: 'debug', transportType: 'tcp' }],
      idleTimeoutEnabled: false,
    });
    expect(d).toMatchObject({
      env: { LOG_LEVEL: 'debug' },
      roomsPerProcess: 8,
      transportType: 'udp',
      additionalContainerPorts: [{ name: 'debug', transportType: 'tcp' }],
      idleTimeoutEnabled: false,
    });
  });

  it('refuses what is not an object', () => {
    for (const json of [null, [], 'node', 3]) expect(problems(json)).toMatch(/must hold a JSON object/);
  });

  it.each([
    ['missing command', {}, /"command" must be a non-empty array/],
    ['empty command', { command: [] }, /"command" must be a non-empty array/],
    ['a shell string', { command: 'node server.mjs' }, /"command" must be a non-empty array/],
    ['an empty argument', { command: ['node', ''] }, /"command" must be a non-empty array/],
    ['a NUL in an argument', { command: ['node', 'a\0b'] }, /"command"/],
    ['env not an object', { command: ['x'], env: ['A=1'] }, /"env" must be an object of strings/],
    ['a bad env name', { command: ['x'], env: { '1BAD': 'v' } }, /"env\.1BAD" is not a valid variable name/],
    ['a reserved env name', { command: ['x'], env: { PORT: '1' } }, /"env\.PORT" is set by Roomdeck/],
    [
      'a ROOMDECK_ env name',
      { command: ['x'], env: { ROOMDECK_TOKEN: 't' } },
      /"env\.ROOMDECK_TOKEN" is set by Roomdeck/,
    ],
    ['a port env name', { command: ['x'], env: { HATHORA_DEBUG_PORT: '1' } }, /"env\.HATHORA_DEBUG_PORT" is set/],
    ['a non-string env value', { command: ['x'], env: { A: 1 } }, /"env\.A" must be a string/],
    [
      'roomsPerProcess 0',
      { command: ['x'], roomsPerProcess: 0 },
      /"roomsPerProcess" must be a whole number from 1 to 10000, got 0/,
    ],
    ['roomsPerProcess 1.5', { command: ['x'], roomsPerProcess: 1.5 }, /"roomsPerProcess".*got 1\.5/],
    ['roomsPerProcess a string', { command: ['x'], roomsPerProcess: '2' }, /"roomsPerProcess".*got "2"/],
    [
      'an unknown transportType',
      { command: ['x'], transportType: 'quic' },
      /"transportType" must be tcp, udp or tls, got "quic"/,
    ],
    [
      'additionalContainerPorts not an array',
      { command: ['x'], additionalContainerPorts: {} },
      /"additionalContainerPorts" must be an array/,
    ],
    [
      'a port not an object',
      { command: ['x'], additionalContainerPorts: [3] },
      /"additionalContainerPorts\[0\]" must be an object/,
    ],
    [
      'a bad port name',
      { command: ['x'], additionalContainerPorts: [{ name: '1x', transportType: 'tcp' }] },
      /"additionalContainerPorts\[0\]"\.name must be a letter/,
    ],
    [
      'a port named default',
      { command: ['x'], additionalContainerPorts: [{ name: 'Default', transportType: 'tcp' }] },
      /\.name "Default" is used twice/,
    ],
    [
      'a port name used twice',
      {
        command: ['x'],
        additionalContainerPorts: [
          { name: 'a', transportType: 'tcp' },
          { name: 'A', transportType: 'udp' },
        ],
      },
      /"additionalContainerPorts\[1\]"\.name "A" is used twice/,
    ],
    [
      'a port transport',
      { command: ['x'], additionalContainerPorts: [{ name: 'a', transportType: 'sctp' }] },
      /"additionalContainerPorts\[0\]"\.transportType must be tcp, udp or tls, got "sctp"/,
    ],
    [
      'three ports',
      { command: ['x'], additionalContainerPorts: ['a', 'b', 'c'].map((name) => ({ name, transportType: 'tcp' })) },
      /at most 2 ports/,
    ],
    [
      'idleTimeoutEnabled not a boolean',
      { command: ['x'], idleTimeoutEnabled: 'no' },
      /"idleTimeoutEnabled" must be true or false/,
    ],
    ['an unknown field', { command: ['x'], rooms: 2 }, /unknown field "rooms"/],
  ])('names the field: %s', (_what, json, message) => {
    const text = problems(json);
    expect(text).toContain('Deployment file /srv/game/deployment.json is invalid');
    expect(text).toMatch(message);
  });

  it('reports every problem at once', () => {
    const text = problems({ roomsPerProcess: -1, transportType: 'x', extra: true });
    expect(text.split('\n  - ')).toHaveLength(5);
    for (const field of ['"command"', '"roomsPerProcess"', '"transportType"', '"extra"']) expect(text).toContain(field);
  });
});

describe('loadDeployment', () => {
  it('names the file when it is missing or not JSON, and runs in the file’s folder', () => {
    const dir = tempDir();
    const file = join(dir, 'deployment.json');
    expect(() => loadDeployment(file, DEFAULTS)).toThrow(`Deployment file ${file} cannot be read (no such file)`);
    expect(() => loadDeployment(dir, DEFAULTS)).toThrow(`Deployment file ${dir} cannot be read`);
    writeFileSync(file, '{"command": [');
    expect(() => loadDeployment(file, DEFAULTS)).toThrow(`Deployment file ${file} is not valid JSON`);
    writeFileSync(file, '{"command": ["node", "server.mjs"]}');
    expect(loadDeployment(file, DEFAULTS).cwd).toBe(dir);
  });
});

describe('helpers', () => {
  it('portEnvName and deploymentHash', () => {
    expect(portEnvName('debug')).toBe('HATHORA_DEBUG_PORT');
    expect(portEnvName('voice-chat')).toBe('HATHORA_VOICE_CHAT_PORT');
    const a = parse({ command: ['node', 'a.mjs'] });
    const b = parse({ command: ['node', 'a.mjs'], env: { X: '1' } });
    expect(deploymentHash('local', a)).toBe(deploymentHash('local', parse({ command: ['node', 'a.mjs'] })));
    expect(deploymentHash('local', a)).not.toBe(deploymentHash('local', b));
    expect(deploymentHash('simulated', undefined)).not.toBe(deploymentHash('local', a));
  });
});
