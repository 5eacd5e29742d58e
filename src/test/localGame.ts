import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { startServer, type TestServer, waitFor } from '../../server/test/harness.ts';

/**
 * The real local server with the local runtime, each process running server/test/games/tcp.mjs, which prints
 * `listening on <port>` and then `tick N` every 100 ms. `close()` stops the games and removes the deployment file.
 */
export async function startLocalGameServer(gameEnv: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-web-game-'));
  const deployment = join(dir, 'deployment.json');
  writeFileSync(
    deployment,
    JSON.stringify({
      command: [process.execPath, resolve('server/test/games/tcp.mjs')],
      env: { GAME_LOG_EVERY_MS: '100', ...gameEnv },
    }),
  );
  const server = await startServer({
    ROOMDECK_RUNTIME: 'local',
    ROOMDECK_DEPLOYMENT: deployment,
    ROOMDECK_SEED: '0',
    ROOMDECK_METRICS_INTERVAL_MS: '200',
  });
  const close = server.close.bind(server);
  server.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return server;
}

/** Creates a room and returns its process's id once the process runs (the game listens). */
export async function startGameProcess(server: TestServer, region = 'Tokyo'): Promise<string> {
  const created = await server.post(server.rooms('create'), { json: { region } });
  expect(created.status).toBe(201);
  const info = await server.get(server.rooms('info', created.body.roomId));
  const processId: string = info.body.currentAllocation.processId;
  await waitFor(
    () => server.get(`/api/processes/v3/apps/${server.appId}/processes/${processId}`),
    (r) => r.body.status === 'running',
    'the process to run',
  );
  return processId;
}
