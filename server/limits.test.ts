import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_LIMIT } from './app.ts';
import { DEMO } from './seed.ts';
import { startServer, type TestServer } from './test/harness.ts';

/** Failed sign-ins and bearer checks are limited per client address: 10 a minute, then 429 with Retry-After. */
const ACCESS_TOKEN = 'access-token-limits-3e9f1a2b';

describe('failure rate limit', () => {
  let server: TestServer;
  let clock = Date.now();
  beforeAll(async () => {
    server = await startServer(
      { ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN },
      { now: () => clock, failureLimit: FAILURE_LIMIT },
    );
  });
  afterAll(() => server.close());

  const info = () => server.rooms('info', DEMO.rooms.lobbyEu);
  const withToken = (token: string, remoteAddress: string) =>
    server.roomdeck.app.inject({
      method: 'GET',
      url: info(),
      headers: { authorization: `Bearer ${token}` },
      remoteAddress,
    });
  const signIn = (token: string, remoteAddress: string) =>
    server.roomdeck.app.inject({
      method: 'POST',
      url: '/_roomdeck/signin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token }).toString(),
      remoteAddress,
    });

  it('answers 429 with Retry-After after 10 bad bearer tokens; other clients and the window passing are unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await withToken(`guess-${i}`, '10.0.0.1')).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const limited = await withToken(server.token, '10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toEqual({
      message: 'Too many failed bearer tokens from this address (10 in 60 s): try again in 60 s',
    });
    expect(limited.body).not.toContain(server.token);

    // Another client, with the right token: served; with sign-ins it has its own budget too.
    expect((await withToken(server.token, '10.0.0.2')).statusCode).toBe(200);
    expect((await signIn(ACCESS_TOKEN, '10.0.0.2')).statusCode).toBe(303);
    // Successes never count.
    for (let i = 0; i < 20; i++) expect((await withToken(server.token, '10.0.0.3')).statusCode).toBe(200);

    clock += 30_000;
    expect((await withToken(server.token, '10.0.0.1')).headers['retry-after']).toBe('30');
    clock += 30_000;
    expect((await withToken(server.token, '10.0.0.1')).statusCode).toBe(200);
  });

  it('limits failed sign-ins the same way, sharing the budget with bearer failures', async () => {
    for (let i = 0; i < 9; i++) expect((await signIn(`wrong-${i}`, '10.0.1.1')).statusCode).toBe(401);
    expect((await withToken('wrong-bearer', '10.0.1.1')).statusCode).toBe(401);
    const limited = await signIn(ACCESS_TOKEN, '10.0.1.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().message).toMatch(/^Too many failed sign-in attempts from this address .*try again in \d+ s$/);
    expect((await signIn(ACCESS_TOKEN, '10.0.1.2')).statusCode).toBe(303);
  });
});
