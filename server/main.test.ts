import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ID, waitFor } from './test/harness.ts';
import { callMain, killAllMains, type MainProcess, spawnMain, startMain } from './test/spawn.ts';

const dir = mkdtempSync(join(tmpdir(), 'roomdeck-main-'));
afterAll(() => {
  killAllMains();
  rmSync(dir, { recursive: true, force: true });
});

const TOKEN = 'durability-token';

const run = (env: Record<string, string>) => spawnMain({ ROOMDECK_TOKEN: TOKEN, ...env });
const start = (env: Record<string, string>) => startMain({ ROOMDECK_TOKEN: TOKEN, ...env });

const api = (child: MainProcess, method: string, path: string, json?: unknown) =>
  callMain(child, TOKEN, method, path, json);

const rooms = (op: string, id = '') => `/rooms/v2/${APP_ID}/${op}${id ? `/${id}` : ''}`;

describe('server/main.ts', () => {
  it('prints the dashboard URL, app id and token at start, and exits cleanly on SIGTERM', async () => {
    const child = await start({ ROOMDECK_DB: ':memory:' });
    expect(child.output()).toContain(`App ID:    ${APP_ID}`);
    expect(child.output()).toContain(`Token:     ${TOKEN}`);
    expect(child.output()).toMatch(/Dashboard: /);
    child.proc.kill('SIGTERM');
    const [code] = await once(child.proc, 'exit');
    expect(code).toBe(0);
  });

  it('exits non-zero with a clear message on a bad configuration', async () => {
    const proc = run({ PORT: 'eighty', ROOMDECK_ROOMS_PER_PROCESS: '0' });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = await once(proc, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('PORT must be a whole number from 0 to 65535, got "eighty"');
    expect(stderr).toContain('ROOMDECK_ROOMS_PER_PROCESS');
  });

  it('keeps every acknowledged write across kill -9, and rooms that were starting become active', async () => {
    const db = join(dir, 'durable.db');
    // A slow process start, so the last room is certainly still starting when the server is killed.
    const env = { ROOMDECK_DB: db, ROOMDECK_PROCESS_START_MS: '1500', ROOMDECK_ROOM_START_MS: '50' };
    const first = await start(env);

    const a = await api(first, 'POST', `${rooms('create')}?roomId=durable-a`, { region: 'London', roomConfig: 'v1' });
    expect(a.status).toBe(201);
    expect((await api(first, 'POST', rooms('update', 'durable-a'), { roomConfig: 'v2' })).status).toBe(204);
    const b = await api(first, 'POST', `${rooms('create')}?roomId=durable-b`, { region: 'London' });
    expect((await api(first, 'POST', rooms('suspend', 'durable-b'))).status).toBe(204);
    const c = await api(first, 'POST', `${rooms('create')}?roomId=durable-c`, { region: 'Tokyo' });
    expect(c.body.status).toBe('starting');
    expect((await api(first, 'POST', rooms('destroy', 'durable-a'))).status).toBe(204);

    first.proc.kill('SIGKILL');
    const [, signal] = await once(first.proc, 'exit');
    expect(signal).toBe('SIGKILL');

    const second = await start(env);
    const roomA = await api(second, 'GET', rooms('info', 'durable-a'));
    expect(roomA.body).toMatchObject({ status: 'destroyed', roomConfig: 'v2' });
    const roomB = await api(second, 'GET', rooms('info', 'durable-b'));
    expect(roomB.body).toMatchObject({ status: 'suspended', currentAllocation: null });
    expect(roomB.body.allocations).toHaveLength(1);
    expect(roomB.body.allocations[0].processId).toBe(b.body.processId);

    const active = await waitFor(
      () => api(second, 'GET', rooms('connectioninfo', 'durable-c')),
      (r) => r.body?.status === 'active',
      'the room that was starting to become active after the restart',
    );
    expect(active.body.exposedPort).toMatchObject({ name: 'default', transportType: 'tcp' });
    const running = await api(second, 'GET', `/processes/v1/${APP_ID}/list/running`);
    expect(running.body.map((p: { processId: string }) => p.processId).sort()).toEqual(
      [a.body.processId, c.body.processId].sort(),
    );
    // Ids stay taken across the restart.
    expect((await api(second, 'POST', `${rooms('create')}?roomId=durable-a`, { region: 'London' })).status).toBe(400);

    second.proc.kill('SIGTERM');
    await once(second.proc, 'exit');
  });
});
