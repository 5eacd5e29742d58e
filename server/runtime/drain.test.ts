import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../test/harness.ts';
import {
  cleanUp,
  connectionInfo,
  createRoom,
  getProcess,
  leftovers,
  nodeGame,
  pidsOf,
  startLocal,
  tempDir,
  waitForActive,
  waitForStatus,
  waitGone,
  writeDeployment,
} from '../test/runtime.ts';

/** Processes without rooms stop (idle timeout); a changed deployment file drains the running processes. */

afterEach(async () => {
  await cleanUp();
  expect(leftovers()).toEqual([]);
});

const destroy = (s: Awaited<ReturnType<typeof startLocal>>, roomId: string) => s.post(s.rooms('destroy', roomId));

describe('idle timeout', () => {
  it('a process without rooms for ROOMDECK_PROCESS_IDLE_MS stops; with idleTimeoutEnabled false it keeps running', async () => {
    const env = { ROOMDECK_PROCESS_IDLE_MS: '500' };
    const keeps = await startLocal(nodeGame('tcp.mjs', { idleTimeoutEnabled: false }), env);
    const idles = await startLocal(nodeGame('tcp.mjs'), env);
    const kept = await createRoom(keeps);
    const idle = await createRoom(idles);
    await waitForActive(keeps, kept.roomId);
    await waitForActive(idles, idle.roomId);
    const keptPids = pidsOf(kept.processId);
    const idlePids = pidsOf(idle.processId);

    // The one that must keep running loses its room first: it has been idle longer when the other stops.
    expect((await destroy(keeps, kept.roomId)).status).toBe(204);
    expect((await destroy(idles, idle.roomId)).status).toBe(204);
    const stopped = await waitForStatus(idles, idle.processId, ['stopped', 'failed']);
    expect(stopped.status).toBe('stopped');
    expect(stopped.summaryExitReason).toMatch(/idle/i);
    await waitGone(idlePids, 'the idle game to be gone');

    const still = await getProcess(keeps, kept.processId);
    expect(still.status).toBe('running');
    expect(still.roomsAllocated).toBe(0);
    expect(keptPids.every((pid) => pidsOf(kept.processId).includes(pid))).toBe(true);
  });
});

describe('a changed deployment file', () => {
  it('drains the running process; new rooms go to a process of the new deployment; an invalid file is ignored', async () => {
    const dir = tempDir();
    const file = writeDeployment(nodeGame('tcp.mjs', { env: { VERSION: '1' }, roomsPerProcess: 4 }), dir);
    const log = new PassThrough();
    let logged = '';
    log.on('data', (d: Buffer) => {
      logged += d.toString();
    });
    const s = await startLocal(file, {}, { deploymentWatchMs: 50, logger: true, logStream: log });

    const first = await createRoom(s);
    await waitForActive(s, first.roomId);
    const old = await getProcess(s, first.processId);

    writeDeployment(nodeGame('tcp.mjs', { env: { VERSION: '2', NEW_SETTING: 'yes' }, roomsPerProcess: 4 }), dir);
    const draining = await waitForStatus(s, first.processId, ['draining']);
    expect(draining.deploymentId).toBe(old.deploymentId);
    const v1 = await s.get(s.processes(`info/${first.processId}`));
    expect(v1.body.draining).toBe(true);

    const second = await createRoom(s);
    expect(second.processId).not.toBe(first.processId);
    await waitForActive(s, second.roomId);
    const fresh = await getProcess(s, second.processId);
    expect(Number(fresh.deploymentId)).toBeGreaterThan(Number(old.deploymentId));
    expect(fresh.status).toBe('running');
    // The old process keeps its room, and keeps running.
    expect((await connectionInfo(s, first.roomId)).status).toBe('active');
    expect((await getProcess(s, first.processId)).status).toBe('draining');
    expect(pidsOf(first.processId)).toHaveLength(1);

    // An invalid file: the current deployment stays.
    writeDeployment('{"command": ', dir);
    await waitFor(
      async () => logged,
      (text) => text.includes('cannot be used'),
      'the server to log that the deployment file cannot be used',
    );
    expect(logged).toContain(`keeping deployment ${fresh.deploymentId}`);
    const third = await createRoom(s);
    expect(third.processId).toBe(second.processId);
    expect((await getProcess(s, second.processId)).status).toBe('running');
  });
});
