import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config.ts';
import { startServer, waitFor } from '../test/harness.ts';
import { LocalRuntime } from './local.ts';
import { followLog, olderLogOf, tailLog, wholeLog } from './logs.ts';

const dir = mkdtempSync(join(tmpdir(), 'roomdeck-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`).join('\n');

describe('tailLog', () => {
  it('gives the last N lines, with or without a final newline, across both parts of a cut log', () => {
    const file = join(dir, 'a', 'output.log');
    mkdirSync(join(dir, 'a'));
    writeFileSync(file, `${lines(1, 5)}\n`);
    expect(tailLog(file, 2).text.toString()).toBe('line 4\nline 5\n');
    writeFileSync(file, lines(1, 5));
    expect(tailLog(file, 2).text.toString()).toBe('line 4\nline 5');
    expect(tailLog(file, 50).text.toString()).toBe(lines(1, 5));

    writeFileSync(olderLogOf(file), `${lines(1, 3)}\n`);
    writeFileSync(file, `${lines(4, 5)}\n`);
    expect(tailLog(file, 3).text.toString()).toBe('line 3\nline 4\nline 5\n');
    expect(tailLog(file, 1).text.toString()).toBe('line 5\n');
  });

  it('reads a long log backwards in chunks and still finds exactly the last lines', () => {
    const file = join(dir, 'long.log');
    writeFileSync(file, `${lines(1, 50_000)}\n`);
    const { text, offset } = tailLog(file, 3);
    expect(text.toString()).toBe('line 49998\nline 49999\nline 50000\n');
    expect(offset).toBe(readFileSync(file).length);
  });

  it('streams the whole log, older part first', async () => {
    const file = join(dir, 'a', 'output.log');
    const text = await new Response(wholeLog(file) as unknown as ReadableStream).text();
    expect(text).toBe(`${lines(1, 3)}\n${lines(4, 5)}\n`);
  });
});

describe('followLog', () => {
  it('sends the tail, then what is appended, and ends once the process has ended', async () => {
    const file = join(dir, 'follow.log');
    writeFileSync(file, 'old 1\nold 2\n');
    let ended = false;
    const stream = followLog(file, 1, () => ended, 50);
    const received: string[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk.toString()));
    const done = new Promise((resolve) => stream.on('end', resolve));
    await expect.poll(() => received.join('')).toBe('old 2\n');
    writeFileSync(file, 'old 1\nold 2\nnew 3\n');
    await expect.poll(() => received.join('')).toBe('old 2\nnew 3\n');
    ended = true;
    await done;
  });
});

describe('LocalRuntime retention', () => {
  it('deletes the logs of processes that ended before the retention period, and keeps newer ones', () => {
    const data = join(dir, 'data');
    const runtime = new LocalRuntime({
      dataDir: data,
      apiUrl: () => 'http://127.0.0.1:1/api',
      portBindDeadlineMs: 1000,
      stopGraceMs: 100,
      logMaxBytes: 65536,
      logRetentionMs: 3_600_000,
    });
    try {
      for (const [id, ageMs] of [
        ['old', 2 * 3_600_000],
        ['new', 60_000],
      ] as const) {
        const processDir = join(data, 'processes', id);
        mkdirSync(processDir, { recursive: true });
        writeFileSync(join(processDir, 'output.log'), 'x\n');
        const at = new Date(Date.now() - ageMs);
        utimesSync(join(processDir, 'output.log'), at, at);
        utimesSync(processDir, at, at);
      }
      expect(runtime.pruneLogs()).toBe(1);
      expect(existsSync(join(data, 'processes', 'old'))).toBe(false);
      expect(existsSync(join(data, 'processes', 'new', 'output.log'))).toBe(true);
    } finally {
      runtime.detach();
    }
  });
});

describe('a chatty game', () => {
  it('has its log cut past ROOMDECK_LOG_MAX_BYTES: the older part is kept once, the tail still reads across', async () => {
    const deployment = join(dir, 'chatty.json');
    writeFileSync(
      deployment,
      JSON.stringify({
        command: [process.execPath, join(PROJECT_ROOT, 'server/test/games/tcp.mjs')],
        // One line of 70 kB at start: past the 64 KiB limit at once.
        env: { GAME_SAY: 'x'.repeat(70_000), GAME_LOG_EVERY_MS: '50' },
      }),
    );
    const server = await startServer({
      ROOMDECK_RUNTIME: 'local',
      ROOMDECK_DEPLOYMENT: deployment,
      ROOMDECK_SEED: '0',
      ROOMDECK_LOG_MAX_BYTES: '65536',
      ROOMDECK_METRICS_INTERVAL_MS: '100',
      ROOMDECK_DATA_DIR: join(dir, 'chatty-data'),
    });
    try {
      const { processId } = (await server.post(server.rooms('create'), { json: { region: 'Mumbai' } })).body;
      const file = join(dir, 'chatty-data', 'processes', processId, 'output.log');
      // Cut once (the older part has the long line), then written on (a tick after the cut).
      await waitFor(
        async () => existsSync(olderLogOf(file)) && !readFileSync(file, 'utf8').includes('says:'),
        (cut) => cut && readFileSync(file, 'utf8').includes('tick'),
        'the log to be cut and written on',
      );
      expect(readFileSync(olderLogOf(file), 'utf8')).toContain('says: xxx');
      expect(readFileSync(file).length).toBeLessThan(65536);
      const tail = await server.get(`/api/logs/v1/${server.appId}/process/${processId}?tailLines=5000`);
      expect(tail.text).toContain('says: xxx');
      expect(tail.text).toMatch(/tick \d+/);
    } finally {
      await server.close();
    }
  });
});
