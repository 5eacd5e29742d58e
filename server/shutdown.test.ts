import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config.ts';
import { waitFor } from './test/harness.ts';
import { callMain, killAllMains, type MainProcess, startMain, stopMain } from './test/spawn.ts';

/**
 * Ctrl-C of `npm start` (SIGINT to main.ts) with the local runtime: the games are stopped (SIGKILL after the grace
 * period for one that ignores SIGTERM), recorded as stopped, and only then does Roomdeck exit. Nothing else keeps
 * Node's event loop alive once the HTTP server has closed, so Roomdeck must not simply run out of work first.
 */
const TOKEN = 'shutdown-test-token';
const APP = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';
const dirs: string[] = [];
afterAll(() => {
  killAllMains();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Pids of live processes whose environment has HATHORA_PROCESS_ID=<id> (as `pgrep -f` would find a game). */
function gamePids(processId: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`HATHORA_PROCESS_ID=${processId}`))
        pids.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

/** A local-runtime main.ts on a fresh database and a deployment of the tcp test game with `gameEnv`. */
function setup(gameEnv: Record<string, string>, ports: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-shutdown-'));
  dirs.push(dir);
  const deployment = join(dir, 'deployment.json');
  writeFileSync(
    deployment,
    JSON.stringify({ command: [process.execPath, join(PROJECT_ROOT, 'server/test/games/tcp.mjs')], env: gameEnv }),
  );
  return {
    ROOMDECK_RUNTIME: 'local',
    ROOMDECK_TOKEN: TOKEN,
    ROOMDECK_DB: join(dir, 'roomdeck.db'),
    ROOMDECK_DEPLOYMENT: deployment,
    ROOMDECK_PORT_RANGE: ports,
    ROOMDECK_STOP_GRACE_MS: '500',
  };
}

/** Creates a room and waits until it is active; returns its process id. */
async function activeRoom(main: MainProcess): Promise<string> {
  const created = await callMain(main, TOKEN, 'POST', `/rooms/v2/${APP}/create`, { region: 'Seattle' });
  expect(created.status).toBe(201);
  await waitFor(
    async () => (await callMain(main, TOKEN, 'GET', `/rooms/v2/${APP}/info/${created.body.roomId}`)).body.status,
    (status) => status === 'active',
    'the room to become active',
  );
  return created.body.processId as string;
}

describe('stopping Roomdeck with SIGINT', () => {
  it('SIGKILLs a game that ignores SIGTERM after the grace period, records it, then exits', async () => {
    const env = setup({ GAME_IGNORE_SIGTERM: '1' }, '26200-26249');
    const main = await startMain(env);
    const processId = await activeRoom(main);
    expect(gamePids(processId)).toHaveLength(1);

    const [code] = await stopMain(main, 'SIGINT');
    expect(code).toBe(0);
    expect(main.output()).toContain('roomdeck: stopped 1 game process');
    expect(gamePids(processId)).toEqual([]);

    // The next start finds it stopped by Roomdeck (not "exited while Roomdeck was down").
    const again = await startMain(env);
    try {
      const p = await callMain(again, TOKEN, 'GET', `/processes/v3/apps/${APP}/processes/${processId}`);
      expect(p.body).toMatchObject({ status: 'stopped' });
    } finally {
      await stopMain(again, 'SIGINT');
    }
  });

  it('also waits for adopted games, whose exits are polled', async () => {
    const env = setup({}, '26250-26299');
    const first = await startMain(env);
    const processId = await activeRoom(first);
    await stopMain(first, 'SIGKILL'); // a crash: the game keeps running
    expect(gamePids(processId)).toHaveLength(1);
    const second = await startMain(env);
    expect(second.output()).toContain('adopted 1 process(es)');
    const [code] = await stopMain(second, 'SIGINT');
    expect(code).toBe(0);
    expect(second.output()).toContain('roomdeck: stopped 1 game process');
    expect(gamePids(processId)).toEqual([]);
    const third = await startMain(env);
    try {
      const p = await callMain(third, TOKEN, 'GET', `/processes/v3/apps/${APP}/processes/${processId}`);
      expect(p.body).toMatchObject({ status: 'stopped' });
    } finally {
      await stopMain(third, 'SIGINT');
    }
  });
});
