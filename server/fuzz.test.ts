import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { type FuzzCase, type FuzzMode, fuzzCases, nonApiFuzzCases } from './test/fuzzCases.ts';
import { forEachConcurrently, startProxy, startServer, TEST_TOKEN, type TestServer } from './test/harness.ts';
import { type RawResponse, rawRequest } from './test/rawHttp.ts';

/**
 * Thousands of malformed requests over real HTTP (issue 7). Reproduce a failure with the seed in the test name:
 * `FUZZ_SEED=<seed> npx vitest run server/fuzz.test.ts`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const CONCURRENCY = 12;
const SECRET = 'FUZZ-SECRET-d41d8cd9';
/** At least 2,000 malformed requests to the local server (issue 7); the proxy gets those that reach its own code. */
const MIN_CASES: Record<FuzzMode, number> = { local: 2000, proxy: 1500 };

let dir: string;
let webRoot: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roomdeck-fuzz-'));
  webRoot = join(dir, 'web');
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Roomdeck fuzz</title>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
  // Next to the dashboard's directory: no path may reach it.
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  server = await startServer({}, { webRoot });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything a malformed request could wrongly change: every demo room, process and list, and the faults. */
async function snapshot(): Promise<Record<string, unknown>> {
  const reads = [
    ...Object.values(DEMO.rooms).map((id) => server.rooms('info', id)),
    ...Object.values(DEMO.processes).flatMap((id) => [
      server.rooms('list', `${id}/active`),
      server.rooms('list', `${id}/inactive`),
      server.processes(`info/${id}`),
    ]),
    server.processes('list/running'),
    server.processes('list/stopped'),
    '/_roomdeck/faults',
  ];
  const out: Record<string, unknown> = {};
  for (const path of reads) {
    const res = await server.get(path);
    expect(res.status, path).toBe(200);
    out[path] = res.body;
  }
  return out;
}

/** What is wrong with the answer to a case, or undefined if it is right. */
function problem(c: FuzzCase, res: RawResponse): string | undefined {
  if (!c.expect.includes(res.status)) return `status ${res.status}, expected ${c.expect.join(' or ')}`;
  if (res.headers['x-content-type-options'] !== 'nosniff') return 'no X-Content-Type-Options: nosniff';
  if (!/^application\/json(;|$)/.test(res.headers['content-type'] ?? '')) {
    return `content-type ${res.headers['content-type']}`;
  }
  if (c.request.method === 'HEAD') return undefined;
  const text = res.body.toString('utf8');
  if (text.includes(SECRET)) return 'served the secret file';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `body is not JSON: ${JSON.stringify(text.slice(0, 120))}`;
  }
  const keys = body !== null && typeof body === 'object' ? Object.keys(body) : [];
  const message = (body as { message?: unknown }).message;
  if (keys.length !== 1 || typeof message !== 'string' || message === '') {
    return `body is not {message}: ${text.slice(0, 160)}`;
  }
  if (message.length > 400) return `message echoes too much (${message.length} characters)`;
  if (message.includes(TEST_TOKEN)) return 'message contains the token';
  return undefined;
}

/**
 * Sends every case of the mode to the port; then the server (or, behind a proxy, its upstream) still serves and
 * no data changed.
 */
async function fuzz(port: number, mode: FuzzMode): Promise<void> {
  const before = await snapshot();
  const cases = fuzzCases(
    {
      appId: server.appId,
      token: TEST_TOKEN,
      rooms: Object.values(DEMO.rooms),
      suspendedRoom: DEMO.rooms.arenaSuspended,
      processes: Object.values(DEMO.processes),
      secretFile: 'secret.txt',
    },
    SEED,
    mode,
  );
  expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES[mode]);

  await expectEveryAnswerRight(port, cases);

  // Still serving, and nothing changed.
  const health = await rawRequest(port, { method: 'GET', target: '/_roomdeck/health' });
  expect(health.status).toBe(200);
  const read = await rawRequest(port, {
    method: 'GET',
    target: server.rooms('info', DEMO.rooms.lobbyEu),
    headers: [['Authorization', `Bearer ${TEST_TOKEN}`]],
  });
  expect(JSON.parse(read.body.toString()).status).toBe('active');
  expect(await snapshot()).toEqual(before);
}

/** Sends every case (a few at a time) and requires each answer to be right; lists the first 40 that are not. */
async function expectEveryAnswerRight(port: number, cases: FuzzCase[]): Promise<void> {
  const failures: string[] = [];
  await forEachConcurrently(cases, CONCURRENCY, async (c, index) => {
    try {
      const why = problem(c, await rawRequest(port, c.request));
      if (why) failures.push(`#${index} ${c.name} (${c.request.method} ${c.request.target.slice(0, 100)}): ${why}`);
    } catch (err) {
      failures.push(`#${index} ${c.name}: no answer (${(err as Error).message})`);
    }
  });
  expect(failures.slice(0, 40), `${failures.length} of ${cases.length} answers were wrong`).toEqual([]);
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`the local server answers every malformed request with a 4xx JSON {message}, changes nothing and keeps serving (seed ${SEED})`, async () => {
    await fuzz(Number(new URL(server.base).port), 'local');
    expect((await server.post(server.rooms('create'), { json: { region: 'Tokyo' } })).status).toBe(201);
  });

  it(`with access control, the sign-in, sign-out and other routes outside /api answer 4xx JSON too (seed ${SEED})`, async () => {
    const guarded = await startServer({ ROOMDECK_ACCESS_TOKEN: 'fuzz-access-token-0123456789' }, { webRoot });
    try {
      const port = Number(new URL(guarded.base).port);
      const cases = nonApiFuzzCases(
        {
          appId: guarded.appId,
          token: TEST_TOKEN,
          rooms: Object.values(DEMO.rooms),
          suspendedRoom: DEMO.rooms.arenaSuspended,
          processes: Object.values(DEMO.processes),
          secretFile: 'secret.txt',
          accessControl: true,
        },
        SEED,
      );
      expect(cases.length).toBeGreaterThanOrEqual(100);
      await expectEveryAnswerRight(port, cases);
      expect((await rawRequest(port, { method: 'GET', target: '/_roomdeck/health' })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it(`so does a proxy-mode server in front of it, which asks the upstream nothing malformed (seed ${SEED})`, async () => {
    const proxy = await startProxy(`${server.base}/api`, TEST_TOKEN, {}, { webRoot });
    try {
      await fuzz(Number(new URL(proxy.base).port), 'proxy');
    } finally {
      await proxy.close();
    }
  });
});
