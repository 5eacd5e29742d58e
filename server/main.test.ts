import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('refuses to start on a non-loopback HOST without ROOMDECK_ACCESS_TOKEN', async () => {
    const proc = run({ HOST: '0.0.0.0', ROOMDECK_DB: ':memory:' });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = await once(proc, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain(
      'HOST=0.0.0.0 lets other machines reach Roomdeck: set ROOMDECK_ACCESS_TOKEN so that browsers must sign in, or bind HOST=127.0.0.1',
    );
  });

  it('on a non-loopback HOST with an access token: refuses the default dev token, never prints the access token', async () => {
    const access = 'access-token-for-main-test';
    const proc = run({
      HOST: '0.0.0.0',
      ROOMDECK_DB: ':memory:',
      ROOMDECK_TOKEN: 'local-dev-token',
      ROOMDECK_ACCESS_TOKEN: access,
    });
    let output = '';
    for (const stream of [proc.stdout, proc.stderr]) stream?.on('data', (d: Buffer) => (output += d.toString()));
    const [code] = await once(proc, 'exit');
    expect(code).toBe(1);
    expect(output).toContain('HOST=0.0.0.0 and ROOMDECK_TOKEN is the documented default (local-dev-token)');
    expect(output).not.toContain(access);
  });

  it('proxy mode: prints the upstream, and neither output nor logs ever hold the upstream token', async () => {
    const secret = 'upstream-secret-for-main-test';
    // A port nothing listens on: every call fails, and each failure is logged.
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    const upstream = `http://127.0.0.1:${port}/api`;
    const child = await start({
      ROOMDECK_UPSTREAM: upstream,
      ROOMDECK_UPSTREAM_TOKEN: secret,
      ROOMDECK_APP_ID: APP_ID,
    });
    expect(child.output()).toContain(`listening on ${child.base}/ (proxy mode)`);
    expect(child.output()).toContain(`API:       ${child.base}/api -> ${upstream}`);
    expect(child.output()).not.toContain('Token:');
    expect(child.output()).not.toContain('Database:');

    const res = await fetch(`${child.base}/api${rooms('info', 'some-room')}`, {
      headers: { authorization: 'Bearer browser-token' },
    });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: `Could not reach upstream ${upstream}: connection refused` });
    await waitFor(
      async () => child.output(),
      (output) => output.includes('Could not reach upstream'),
      'the upstream failure in the log',
    );
    expect(child.output()).not.toContain(secret);
    expect(child.output()).not.toContain('browser-token');
    child.proc.kill('SIGTERM');
    expect((await once(child.proc, 'exit'))[0]).toBe(0);
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
