// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGameProcess, startLocalGameServer } from '@/test/localGame';
import type { TestServer } from '../../server/test/harness.ts';
import { createHathoraClient, downloadProcessLog, streamProcessLog } from './client';
import { ApiError } from './errors';

// Log streaming against the real local server running tcp.mjs (a `tick N` every 100 ms).
let server: TestServer;
let processId: string;
beforeAll(async () => {
  server = await startLocalGameServer();
  processId = await startGameProcess(server);
});
afterAll(() => server.close());

const scope = (token = server.token, timeoutMs?: number) => ({
  appId: server.appId,
  client: createHathoraClient({ baseUrl: `${server.base}/api`, token, ...(timeoutMs ? { timeoutMs } : {}) }),
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean) {
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

const ticks = (text: string) => [...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));

describe('streamProcessLog', () => {
  it('streams a followed log for longer than the client timeout (which covers only the headers)', async () => {
    const controller = new AbortController();
    const reader = await streamProcessLog(scope(server.token, 300), processId, {
      tailLines: 1,
      follow: true,
      signal: controller.signal,
    });
    const text = await readUntil(reader, (t) => ticks(t).length >= 8);
    // 8 ticks at 100 ms: well past the 300 ms timeout.
    expect(ticks(text).length).toBeGreaterThanOrEqual(8);
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
  });

  it('gives the tail and ends without follow', async () => {
    const reader = await streamProcessLog(scope(), processId, { tailLines: 5000 });
    const text = await readUntil(reader, () => false);
    expect(text).toMatch(/^listening on \d+$/m);
  });

  it('fails with the API message as an ApiError', async () => {
    const unknown = await streamProcessLog(scope(), 'no-such-process', { tailLines: 10 }).catch((e) => e);
    expect(unknown).toBeInstanceOf(ApiError);
    expect(unknown.status).toBe(404);
    expect(unknown.message).toMatch(/no-such-process/);
    const wrongToken = await streamProcessLog(scope('wrong'), processId, { tailLines: 10 }).catch((e) => e);
    expect(wrongToken).toBeInstanceOf(ApiError);
    expect(wrongToken.status).toBe(401);
  });

  it('downloads the whole log with the token', async () => {
    const blob = await downloadProcessLog(scope(), processId);
    expect(await blob.text()).toMatch(/^listening on \d+$/m);
  });
});
