import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, waitFor } from '../test/harness.ts';
import {
  cleanUp,
  createRoom,
  DEMO_DEPLOYMENT,
  leftovers,
  logs,
  logTail,
  nodeGame,
  startLocal,
  v3,
  waitForActive,
  waitForLog,
  waitForStatus,
} from '../test/runtime.ts';

/** LogsV1 and GetProcessMetrics over real game processes. */

afterEach(async () => {
  await cleanUp();
  expect(leftovers()).toEqual([]);
});

const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));

describe('LogsV1', () => {
  it('tailLines limits the lines; follow streams new lines and ends when the process stops; download has it all', async () => {
    const s = await startLocal(nodeGame('tcp.mjs', { env: { GAME_LOG_EVERY_MS: '50' } }));
    const { roomId, processId } = await createRoom(s);
    await waitForActive(s, roomId);
    await waitForLog(s, processId, /^tick 5$/m);

    const tail = await logTail(s, processId, 3);
    const lines = tail.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toHaveLength(3);
    expect(ticks(tail)).toHaveLength(3);
    expect(tail).not.toContain('launching');

    // follow=true: the tail first, then lines printed later, until the process ends.
    const res = await fetch(`${s.base}${logs(s, processId, '?tailLines=1&follow=true')}`, {
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/octet-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let streamed = '';
    const read = async () => {
      const { value, done } = await reader.read();
      if (value) streamed += decoder.decode(value, { stream: true });
      return done;
    };
    await read();
    const firstTick = ticks(streamed)[0] as number;
    expect(firstTick).toBeGreaterThanOrEqual(5);
    while (!ticks(streamed).some((n) => n >= firstTick + 3)) expect(await read()).toBe(false);

    expect((await s.post(v3(s, `${processId}/stop`))).status).toBe(204);
    while (!(await read())) {
      // reads until the server ends the stream
    }
    expect(streamed).toContain('got SIGTERM');
    expect(streamed).toMatch(/stopped: Stopped by StopProcess/);
    expect((await waitForStatus(s, processId, ['stopped', 'failed'])).status).toBe('stopped');

    const download = await s.get(logs(s, processId, '/download'));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(`process-${processId}.log`);
    expect(download.text.startsWith('[roomdeck ')).toBe(true);
    expect(download.text).toContain('launching');
    const all = ticks(download.text);
    expect(all.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(all.at(-1)).toBeGreaterThanOrEqual(firstTick + 3);
    expect(download.text.endsWith(streamed.slice(-200))).toBe(true);
  });

  it('a simulated process answers an empty log', async () => {
    const s = await startServer();
    try {
      const { processId } = await createRoom(s);
      const res = await s.get(logs(s, processId, '?tailLines=10'));
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      const download = await s.get(logs(s, processId, '/download'));
      expect(download.status).toBe(200);
      expect(download.text).toBe('');
    } finally {
      await s.close();
    }
  });
});

describe('GetProcessMetrics', () => {
  it('returns cpu and memory samples, and counts an open TCP connection', async () => {
    const s = await startLocal(DEMO_DEPLOYMENT, { ROOMDECK_METRICS_INTERVAL_MS: '200' });
    const { roomId, processId } = await createRoom(s);
    const active = await waitForActive(s, roomId);
    const ws = new WebSocket(`ws://127.0.0.1:${active.exposedPort.port}/ws?room=${roomId}&name=meter`);
    try {
      await once(ws, 'open');
      const url = v3(s, `process/${processId}/metrics?metrics=cpu&metrics=memory&metrics=activeConnections&step=1`);
      const metrics = await waitFor(
        async () => (await s.get(url)).body,
        (m) => (m.activeConnections ?? []).some((x: { value: number }) => x.value === 1),
        'a metrics bucket with the open connection',
      );
      expect(metrics.cpu.length).toBeGreaterThan(0);
      expect(metrics.memory.length).toBeGreaterThan(0);
      for (const x of metrics.memory) expect(x.value).toBeGreaterThan(1_000_000);
      for (const x of metrics.cpu) expect(x.value).toBeGreaterThanOrEqual(0);
      expect(metrics.memory[0].timestamp).toEqual(expect.any(Number));
    } finally {
      ws.terminate();
    }
  });
});
