import { HathoraCloud } from '@hathora/cloud-sdk-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * The official SDK, unchanged but for its server URL, against the local runtime running the demo game: the room's
 * connection info is a real game, and ProcessesV3 and LogsV1 show that process.
 */
let server: TestServer;
let sdk: HathoraCloud;

beforeAll(async () => {
  server = await startServer({ ROOMDECK_RUNTIME: 'local', ROOMDECK_SEED: '0', ROOMDECK_STOP_GRACE_MS: '3000' });
  sdk = new HathoraCloud({ hathoraDevToken: server.token, appId: server.appId, serverURL: `${server.base}/api` });
});
afterAll(() => server?.close());

describe('@hathora/cloud-sdk-typescript against the local runtime', () => {
  it('creates a room whose connection info reaches the demo game, then reads and stops its process', async () => {
    const created = await sdk.roomsV2.createRoom({ region: 'Los_Angeles', roomConfig: '{"target":5}' });
    const connection = await waitFor(
      () => sdk.roomsV2.getConnectionInfo(created.roomId),
      (c) => c.status === 'active',
      'the room to become active',
      30_000,
    );
    const port = connection.exposedPort;
    expect(port).toMatchObject({ host: '127.0.0.1', transportType: 'tcp', name: 'default' });

    // The address is a game a person can open: its page names the room it was asked for.
    const page = await fetch(`http://${port?.host}:${port?.port}/?room=${created.roomId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    const process = await sdk.processesV3.getProcess(created.processId);
    expect(process).toMatchObject({ status: 'running', region: 'Los_Angeles', roomsAllocated: 1 });
    expect(process.startedAt).toBeInstanceOf(Date);
    expect(process.exposedPort?.port).toBe(port?.port);

    const log = await new Response(await sdk.logsV1.getLogsForProcess(created.processId, undefined, false, 100)).text();
    expect(log).toContain(`listening on 0.0.0.0:${port?.port}`);

    await sdk.processesV3.stopProcess(created.processId);
    const stopped = await waitFor(
      () => sdk.processesV3.getProcess(created.processId),
      (p) => p.status === 'stopped',
      'the process to stop',
      30_000,
    );
    expect(stopped.summaryExitReason).toMatch(/StopProcess: exited with code 0/);
    expect((await sdk.roomsV2.getRoomInfo(created.roomId)).status).toBe('destroyed');
    await expect(fetch(`http://${port?.host}:${port?.port}/`)).rejects.toThrow();
  });
});
