import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config.ts';
import { probeTcp } from './reachability.ts';
import { DEMO } from './seed.ts';
import { startServer, type TestServer, waitFor } from './test/harness.ts';

/** The reachability check: the Roomdeck server itself tries a TCP connection to a room's game. */
let dir: string;
let local: TestServer;
let simulated: TestServer;
const check = (s: TestServer, roomId: string) => s.get(`/_roomdeck/apps/${s.appId}/rooms/${roomId}/reachability`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roomdeck-reach-'));
  const deployment = join(dir, 'deployment.json');
  writeFileSync(
    deployment,
    JSON.stringify({ command: [process.execPath, resolve(PROJECT_ROOT, 'server/test/games/tcp.mjs')] }),
  );
  local = await startServer({ ROOMDECK_RUNTIME: 'local', ROOMDECK_DEPLOYMENT: deployment, ROOMDECK_SEED: '0' });
  simulated = await startServer();
});
afterAll(async () => {
  await local?.close();
  await simulated?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('probeTcp', () => {
  it('leaves with a FIN, not a reset: a game that greets every connection sees no socket error', async () => {
    const errors: string[] = [];
    const game = createServer((socket) => {
      socket.on('error', (err: NodeJS.ErrnoException) => errors.push(err.code ?? err.message));
      // As tcp.mjs and many games do: a greeting at once. A reset by the probe made tcp.mjs crash (ECONNRESET).
      socket.end('welcome\n');
    });
    game.listen(0, '127.0.0.1');
    await once(game, 'listening');
    const { port } = game.address() as AddressInfo;
    try {
      for (let i = 0; i < 20; i++) expect((await probeTcp('127.0.0.1', port)).status).toBe('reachable');
      // Each probe's connection has ended on the game's side without an error.
      await waitFor(
        async () => await new Promise<number>((r) => game.getConnections((_e, n) => r(n))),
        (open) => open === 0,
        'the probes to close',
        10_000,
      );
      expect(errors).toEqual([]);
    } finally {
      game.close();
    }
  });
});

describe('reachability', () => {
  it('says reachable with a latency for a live room, and refused at its last address once its process stopped', async () => {
    const { roomId, processId } = (await local.post(local.rooms('create'), { json: { region: 'London' } })).body;
    await waitFor(
      () => local.get(local.rooms('connectioninfo', roomId)),
      (r) => r.body.status === 'active',
      'the room to become active',
      30_000,
    );
    const live = await check(local, roomId);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ roomId, status: 'reachable', host: '127.0.0.1', transportType: 'tcp' });
    expect(live.body.latencyMs).toBeGreaterThanOrEqual(0);

    await local.post(`/api/processes/v3/apps/${local.appId}/processes/${processId}/stop`);
    await waitFor(
      () => local.get(`/api/processes/v3/apps/${local.appId}/processes/${processId}`),
      (r) => r.body.status === 'stopped',
      'the process to stop',
      30_000,
    );
    const gone = await check(local, roomId);
    expect(gone.body).toMatchObject({ roomId, status: 'refused', port: live.body.port });
    expect(gone.body.message).toContain('no longer allocated');
  });

  it('does not try a simulated address, needs the token, and answers 404 for an unknown room', async () => {
    const res = await check(simulated, DEMO.rooms.lobbyEu);
    expect(res.body).toMatchObject({ status: 'not-tested' });
    expect(res.body.message).toContain('simulated address');
    expect(
      (await simulated.call('GET', `/_roomdeck/apps/${simulated.appId}/rooms/x/reachability`, { token: null })).status,
    ).toBe(401);
    expect((await check(simulated, 'no-such-room')).status).toBe(404);
    expect((await check(simulated, 'bad.id')).status).toBe(400);
  });
});
