import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * Idle and slow connections (issue 16): a flood of sockets that send nothing, or a request head one byte at a time
 * (slowloris), must not take the server down for everyone. Connections beyond ROOMDECK_MAX_CONNECTIONS are closed on
 * arrival; those held are closed after ROOMDECK_HEADERS_TIMEOUT_MS; then others are served again. Short limits
 * here so that the test runs in a few seconds; everything is on 127.0.0.1 and bounded in count.
 */
const MAX_CONNECTIONS = 400;
const HEADERS_TIMEOUT_MS = 2000;
const SLOW = 20;
/** All but one connection: the last is for a normal request while the flood is held. */
const IDLE = MAX_CONNECTIONS - SLOW - 1;
/** Beyond the cap: these must be closed by the server on arrival, in batches below the listen backlog (511). */
const EXTRA_BATCHES = 4;
const EXTRA_BATCH = 250;

let server: TestServer;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({
    ROOMDECK_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    ROOMDECK_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    ROOMDECK_REQUEST_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
  });
  port = Number(new URL(server.base).port);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await server.close();
});

interface Held {
  socket: Socket;
  /** Resolves when the connection is established. */
  connected: Promise<void>;
  /** Resolves when the connection closes (by the server: the test never closes these first), with what it got. */
  closed: Promise<string>;
}

function open(): Held {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', () => {}); // a reset by the server is the point
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('latin1'))),
  );
  return { socket, connected, closed };
}

/** Sends a request head one byte at a time, every 20 ms, until the server closes the connection. */
function slowloris(held: Held): void {
  const head = Buffer.from(`GET /_roomdeck/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(10_000)}`);
  let at = 0;
  const timer = setInterval(() => {
    if (held.socket.destroyed || at >= head.length) return clearInterval(timer);
    held.socket.write(head.subarray(at, ++at));
  }, 20);
  held.socket.once('close', () => clearInterval(timer));
}

const connections = () =>
  new Promise<number>((resolve, reject) =>
    server.roomdeck.app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
  );

async function health(): Promise<number> {
  const res = await fetch(`${server.base}/_roomdeck/health`, { headers: { connection: 'close' } });
  await res.text();
  return res.status;
}

describe('a flood of idle and slow connections', () => {
  it('is capped and timed out, and the server answers others while it is held and after', async () => {
    const idle = Array.from({ length: IDLE }, open);
    const slow = Array.from({ length: SLOW }, open);
    await Promise.all([...idle, ...slow].map((h) => h.connected));
    for (const h of slow) slowloris(h);

    // Held (below the cap): others are still served.
    expect(await health()).toBe(200);

    // Fill the last slot: the server now holds as many connections as it takes.
    await waitFor(connections, (n) => n === IDLE + SLOW, 'the normal request to close');
    const last = open();
    await last.connected;
    await waitFor(connections, (n) => n === MAX_CONNECTIONS, 'the last connection to be accepted');
    idle.push(last);

    // Beyond the cap: every one of these is closed by the server without an answer (the old server kept them all).
    for (let batch = 0; batch < EXTRA_BATCHES; batch++) {
      const extra = Array.from({ length: EXTRA_BATCH }, open);
      const got = await Promise.all(extra.map((h) => h.closed));
      expect(got.filter((g) => g !== '')).toEqual([]);
    }

    // The held ones are closed by the server once the head timeout passes (with a 408 JSON answer).
    const closed = await Promise.all([...idle, ...slow].map((h) => h.closed));
    for (const got of closed) expect(got).toMatch(/^HTTP\/1\.1 408 /);

    // And the server serves everyone again.
    expect(await health()).toBe(200);
    const list = await server.get(server.processes('list/running'));
    expect(list.status).toBe(200);
  });
});
