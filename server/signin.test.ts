import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachConcurrently, startServer, type TestServer, waitFor } from './test/harness.ts';
import { rawRequest } from './test/rawHttp.ts';

/** Typed inputs on the routes outside /api (issue 16): the sign-in body answers 400 naming the field, never 500. */
const ACCESS_TOKEN = 'access-token-6c1f0e9a2b';

let server: TestServer;
let port: number;
beforeAll(async () => {
  server = await startServer({ ROOMDECK_ACCESS_TOKEN: ACCESS_TOKEN });
  port = Number(new URL(server.base).port);
});
afterAll(() => server.close());

const signIn = (body: string | undefined, contentType = 'application/json') =>
  rawRequest(port, {
    method: 'POST',
    target: '/_roomdeck/signin',
    headers: body === undefined ? [] : [['Content-Type', contentType]],
    body,
  });

describe('POST /_roomdeck/signin with a malformed body', () => {
  const cases: [string, string | undefined, RegExp][] = [
    ['a number token', '{"token":5}', /body\.token must be string/],
    ['a null token', '{"token":null}', /body\.token must be string/],
    ['an object token', '{"token":{"a":1}}', /body\.token must be string/],
    ['an array token', '{"token":["x"]}', /body\.token must be string/],
    ['a number next', `{"token":"${ACCESS_TOKEN}","next":5}`, /body\.next must be string/],
    ['an array body', '[]', /body must be/i],
    ['a string body', '"x"', /body must be/i],
    ['a null body', 'null', /body must be/i],
    ['no token', '{}', /body\.token is required/],
    ['no body', undefined, /body/i],
    ['a huge token', JSON.stringify({ token: 'x'.repeat(60_000) }), /body\.token must NOT have more than/],
  ];
  for (const [name, body, message] of cases) {
    it(`${name}: 400 JSON naming the field`, async () => {
      const res = await signIn(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const json = JSON.parse(res.body.toString('utf8'));
      expect(Object.keys(json)).toEqual(['message']);
      expect(json.message).toMatch(message);
    });
  }

  it('a form with an empty token still shows the form with its error (HTML for the person at it)', async () => {
    const res = await signIn('token=&next=%2F', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body.toString('utf8')).toContain('Enter the access token.');
  });

  it('a JSON body with the right token signs in like the form', async () => {
    const res = await signIn(JSON.stringify({ token: ACCESS_TOKEN }));
    expect(res.status).toBe(303);
    expect(res.headers['set-cookie']).toMatch(/^roomdeck_session=/);
  });

  it('a form body of another type is refused with 415 JSON', async () => {
    const res = await signIn('token=x', 'text/plain');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('server faults in the log', () => {
  it('1,000 failing requests log one stack and one line with the count, not 1,000 stacks', async () => {
    const lines: { msg: string; err?: { stack?: string }; count?: number }[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const failing = await startServer({}, { logger: true, logStream });
    const failingPort = Number(new URL(failing.base).port);
    let closed = false;
    try {
      failing.roomdeck.db.close(); // every API read now throws: a real server fault, answered 500
      const path = failing.processes('list/running');
      const statuses: number[] = [];
      await forEachConcurrently(Array.from({ length: 1000 }), 16, async () => {
        const res = await rawRequest(failingPort, {
          method: 'GET',
          target: path,
          headers: [['Authorization', `Bearer ${failing.token}`]],
        });
        statuses.push(res.status);
      });
      expect(new Set(statuses)).toEqual(new Set([500]));
      const failures = () => lines.filter((l) => l.msg.startsWith('request failed'));
      expect(failures()).toHaveLength(1);
      expect(failures()[0]?.err?.stack).toContain('not open');

      await failing.close();
      closed = true;
      expect(failures()).toHaveLength(2);
      expect(failures()[1]).toMatchObject({ count: 999 });
      expect(failures()[1]?.msg).toMatch(/^request failed 999 more times since .*not open/);
      expect(failures()[1]?.err).toBeUndefined();
    } finally {
      if (!closed) await failing.close();
    }
  });
});

describe('GET /_roomdeck/signin with odd queries and cookies', () => {
  const targets = [
    '/_roomdeck/signin?next=a&next=b',
    '/_roomdeck/signin?next[]=x',
    '/_roomdeck/signin?next[a]=x',
    `/_roomdeck/signin?next=${'%2F'.repeat(3000)}`,
    '/_roomdeck/signin?next=%00',
    '/_roomdeck/signin?__proto__=x&constructor=y',
  ];
  for (const target of targets) {
    it(`${target.slice(0, 60)}: the form, never a 500`, async () => {
      const res = await rawRequest(port, {
        method: 'GET',
        target,
        headers: [['Cookie', 'roomdeck_session=; roomdeck_session=%zz; =; ;;']],
      });
      expect(res.status).toBe(200);
      expect(res.body.toString('utf8')).toContain('<form method="post" action="/_roomdeck/signin">');
    });
  }
});

describe('a failing sweep', () => {
  it('logs its stack once and then a count once every 60 failures, not a stack every time', async () => {
    const lines: { msg: string; err?: { stack?: string } }[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const failing = await startServer({}, { logger: true, logStream, sweepIntervalMs: 1 });
    try {
      let calls = 0;
      failing.roomdeck.store.settle = () => {
        calls++;
        throw new Error('database is gone');
      };
      await waitFor(
        async () => calls,
        (n) => n >= 125,
        '125 sweeps',
      );
      const sweeps = lines.filter((l) => l.msg.startsWith('sweeping'));
      expect(sweeps[0]?.err?.stack).toContain('database is gone');
      const counts = sweeps
        .slice(1)
        .map((l) => Number(/^sweeping idle processes failed (\d+) times in a row$/.exec(l.msg)?.[1]));
      expect(counts.slice(0, 2)).toEqual([60, 120]);
      expect(counts.every((n) => n % 60 === 0)).toBe(true);
      expect(sweeps.slice(1).every((l) => l.err === undefined)).toBe(true);
    } finally {
      await failing.close();
    }
  });
});
