import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config.ts';
import { type ProxyServer, startProxy, startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * LogsV1 through a proxy: a log is text, not JSON, so the proxy passes it on (the upstream token redacted) and a
 * followed log streams as the game prints. The upstream is a local-runtime Roomdeck running a real game that
 * prints a line every 100 ms, and once the upstream token.
 */
let dir: string;
let upstream: TestServer;
let proxy: ProxyServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roomdeck-proxy-logs-'));
  const deployment = join(dir, 'deployment.json');
  writeFileSync(
    deployment,
    JSON.stringify({
      command: [process.execPath, resolve(PROJECT_ROOT, 'server/test/games/tcp.mjs')],
      env: { GAME_LOG_EVERY_MS: '100', GAME_SAY: 'upstream-secret-token-0123456789' },
    }),
  );
  upstream = await startServer(
    {
      ROOMDECK_RUNTIME: 'local',
      ROOMDECK_DEPLOYMENT: deployment,
      ROOMDECK_SEED: '0',
      ROOMDECK_STOP_GRACE_MS: '2000',
      ROOMDECK_TOKEN: 'upstream-secret-token-0123456789',
    },
    {},
  );
  proxy = await startProxy(`${upstream.base}/api`, upstream.token);
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('proxy mode: logs', () => {
  it('passes a tail on as text and streams a followed log line by line until the process stops', async () => {
    const { processId } = (await upstream.post(upstream.rooms('create'), { json: { region: 'Chicago' } })).body;
    const logs = `/api/logs/v1/${upstream.appId}/process/${processId}`;
    await waitFor(
      () => proxy.call('GET', `${logs}?tailLines=5`),
      (r) => r.status === 200 && r.text.includes('tick 2'),
      'two ticks in the tail through the proxy',
      30_000,
    );
    // The game printed the upstream token once (a deployment that leaks it): the upstream's own log has it, the
    // proxied one has it redacted.
    expect((await upstream.call('GET', `${logs}?tailLines=5000`)).text).toContain('says: upstream-secret-token');
    const whole = await proxy.call('GET', `${logs}?tailLines=5000`);
    expect(whole.text).toContain('says: ');
    expect(whole.text).not.toContain('upstream-secret-token-0123456789');
    const download = await proxy.call('GET', `${logs}/download`);
    expect(download.text).toContain('tick 1');
    expect(download.text).not.toContain('upstream-secret-token-0123456789');
    const tail = await proxy.call('GET', `${logs}?tailLines=2`);
    expect(tail.headers.get('content-type')).toContain('application/octet-stream');
    expect(tail.text.trimEnd().split('\n')).toHaveLength(2);

    const res = await fetch(`${proxy.base}${logs}?tailLines=1&follow=true`);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const firstTick = Number(/tick (\d+)/.exec(tail.text)?.[1] ?? 0);
    while (
      !/tick (\d+)/g.test(text) ||
      Math.max(...[...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]))) < firstTick + 2
    ) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the followed log ended early: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    await upstream.post(`/api/processes/v3/apps/${upstream.appId}/processes/${processId}/stop`);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain('got SIGTERM');
    expect(text).not.toContain('upstream-secret-token-0123456789');
  });
});
