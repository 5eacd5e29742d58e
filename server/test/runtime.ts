import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildAppOptions } from '../app.ts';
import { PROJECT_ROOT } from '../config.ts';
import { readStat } from '../runtime/proc.ts';
import { startServer, type TestServer, waitFor } from './harness.ts';

/** Helpers for the local runtime's tests (server/runtime/*.test.ts): real game processes, found through /proc. */

/** An absolute path to a test game (server/test/games/<name>). */
export const game = (name: string) => join(PROJECT_ROOT, 'server', 'test', 'games', name);
export const DEMO_DEPLOYMENT = join(PROJECT_ROOT, 'demo-game', 'deployment.json');

/**
 * Every game a test file starts gets this variable (through its deployment's env), so the file can find what it
 * started, and only that, in /proc (other suites may run games at the same time).
 */
export const MARKER = `RTEST_MARKER_${randomBytes(6).toString('hex')}`;

const dirs: string[] = [];
/** A temporary folder, removed by {@link cleanUp}. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-rtest-'));
  dirs.push(dir);
  return dir;
}

export interface DeploymentSpec {
  command: string[];
  env?: Record<string, string>;
  roomsPerProcess?: number;
  transportType?: string;
  additionalContainerPorts?: { name: string; transportType: string }[];
  idleTimeoutEnabled?: boolean;
}

/** Writes a deployment file (with the marker in its env); returns its path. */
export function writeDeployment(spec: DeploymentSpec | string, dir = tempDir()): string {
  const file = join(dir, 'deployment.json');
  const text =
    typeof spec === 'string' ? spec : JSON.stringify({ ...spec, env: { ...spec.env, [MARKER]: '1' } }, null, 2);
  writeFileSync(file, text);
  return file;
}

/** A deployment running one of server/test/games with node. */
export const nodeGame = (name: string, spec: Omit<DeploymentSpec, 'command'> = {}): DeploymentSpec => ({
  command: [process.execPath, game(name)],
  ...spec,
});

/** Short deadlines for tests; a port range of its own per call (random) keeps parallel files apart. */
export function localEnv(deploymentPath: string, env: Record<string, string> = {}): Record<string, string> {
  // Below Linux's ephemeral ports (32768 up), which outgoing connections may hold.
  const base = 20000 + Math.floor(Math.random() * 100) * 100;
  return {
    ROOMDECK_RUNTIME: 'local',
    // No demo rooms: with the local runtime they would be real processes the tests' rooms could land on.
    ROOMDECK_SEED: '0',
    ROOMDECK_DEPLOYMENT: deploymentPath,
    ROOMDECK_PORT_RANGE: `${base}-${base + 99}`,
    ROOMDECK_STOP_GRACE_MS: '2000',
    ROOMDECK_PORT_BIND_DEADLINE_MS: '30000',
    ...env,
  };
}

const servers = new Set<TestServer>();
/** An in-process server with the local runtime running `spec` (closed by {@link cleanUp}). */
export async function startLocal(
  spec: DeploymentSpec | string,
  env: Record<string, string> = {},
  options: Omit<BuildAppOptions, 'config'> = {},
): Promise<TestServer> {
  const path = typeof spec === 'string' && spec.endsWith('.json') ? spec : writeDeployment(spec);
  const server = await startServer(localEnv(path, env), { runtimePollMs: 25, sweepIntervalMs: 100, ...options });
  servers.add(server);
  return server;
}

export async function closeServer(server: TestServer): Promise<void> {
  servers.delete(server);
  await server.close();
}

// ---- API shortcuts ----

export const v3 = (s: TestServer, rest: string) => `/api/processes/v3/apps/${s.appId}/processes/${rest}`;
export const logs = (s: TestServer, processId: string, query = '') =>
  `/api/logs/v1/${s.appId}/process/${processId}${query}`;

export async function createRoom(
  s: TestServer,
  body: { region?: string; roomConfig?: string } = {},
): Promise<{ roomId: string; processId: string }> {
  const res = await s.post(s.rooms('create'), { json: { region: 'Seattle', ...body } });
  if (res.status !== 201) throw new Error(`CreateRoom: ${res.status} ${res.text}`);
  return res.body;
}

export const getProcess = async (s: TestServer, processId: string) => (await s.get(v3(s, processId))).body;

/** Waits for the process's ProcessesV3 status to be one of `statuses`; resolves with the process. */
export function waitForStatus(s: TestServer, processId: string, statuses: string[], timeoutMs = 15_000) {
  return waitFor(
    () => getProcess(s, processId),
    (p) => statuses.includes(p.status),
    `process ${processId} to be ${statuses.join(' or ')}`,
    timeoutMs,
  );
}

export async function connectionInfo(s: TestServer, roomId: string) {
  return (await s.get(s.rooms('connectioninfo', roomId))).body;
}

export function waitForActive(s: TestServer, roomId: string, timeoutMs = 15_000) {
  return waitFor(
    () => connectionInfo(s, roomId),
    (c) => c.status === 'active',
    `room ${roomId} to be active`,
    timeoutMs,
  );
}

export const roomInfo = async (s: TestServer, roomId: string) => (await s.get(s.rooms('info', roomId))).body;

/** The log tail of a process, as text. */
export async function logTail(s: TestServer, processId: string, lines = 100): Promise<string> {
  const res = await s.get(logs(s, processId, `?tailLines=${lines}`));
  return res.text;
}

export function waitForLog(s: TestServer, processId: string, pattern: RegExp, timeoutMs = 15_000) {
  return waitFor(
    () => logTail(s, processId, 5000),
    (t) => pattern.test(t),
    `${pattern} in the log of ${processId}`,
    timeoutMs,
  );
}

// ---- /proc ----

function environOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return undefined;
  }
}

function livePids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((pid) => {
      const stat = readStat(pid);
      return stat !== undefined && stat.state !== 'Z';
    });
}

/** Live (non-zombie) processes whose environment holds `NAME=value` (or just `NAME=` for any value). */
export function pidsWithEnv(entry: string): number[] {
  return livePids().filter((pid) => {
    const env = environOf(pid);
    return env !== undefined && `\0${env}`.includes(`\0${entry}`);
  });
}

/** The live processes of one game process (its leader and any forked child): they carry its HATHORA_PROCESS_ID. */
export const pidsOf = (processId: string) => pidsWithEnv(`HATHORA_PROCESS_ID=${processId}\0`);

/** The live members of a session (a game's leader is its session's id). */
export const sessionPids = (sid: number) => livePids().filter((pid) => readStat(pid)?.session === sid);

/** The game processes this test file started that are still alive. */
export const leftovers = () =>
  pidsWithEnv(`${MARKER}=`).filter((pid) => pidsWithEnv('HATHORA_PROCESS_ID=').includes(pid));

export const alive = (pid: number) => {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
};

export function waitGone(pids: number[], what: string, timeoutMs = 10_000) {
  return waitFor(
    async () => pids.filter(alive),
    (left) => left.length === 0,
    what,
    timeoutMs,
  );
}

/** Resolves with the first chunk a TCP server sends, or rejects on error. */
export function tcpHello(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let data = '';
    socket.on('data', (d) => {
      data += d.toString();
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

/**
 * For afterAll/afterEach: closes the servers still open (SIGTERMing their games), SIGKILLs any game of this file
 * still alive (after a failed test), and removes the temporary folders. Throws when a game had to be killed here.
 */
export async function cleanUp(): Promise<void> {
  const errors: string[] = [];
  // Games without the marker (demo-game/deployment.json) are known by the API URL of their server.
  const ofServers: number[] = [];
  for (const server of [...servers]) {
    servers.delete(server);
    ofServers.push(...pidsWithEnv(`ROOMDECK_API_URL=${server.base}/api\0`));
    await server.close().catch((err: Error) => errors.push(`closing a server: ${err.message}`));
  }
  const left = [...new Set([...leftovers(), ...ofServers.filter(alive)])];
  for (const pid of left) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
  if (left.length > 0) errors.push(`game processes left running (killed now): ${left.join(', ')}`);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (errors.length > 0) throw new Error(errors.join('; '));
}
