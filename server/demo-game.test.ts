import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROJECT_ROOT } from './config.ts';
import { waitFor } from './test/harness.ts';

/**
 * The demo game (demo-game/server.mjs) as the local runtime runs it: a real child process with the process
 * contract's environment, against a stand-in for the API that serves its active-rooms list and records the calls.
 */
const APP = 'app-demo';
const PROCESS = 'proc-demo-1';
const TOKEN = 'process-token-5c1e9b7d';

interface FakeRoom {
  roomId: string;
  roomConfig: string | null;
}

/** A tiny RoomsV2 API: GetActiveRoomsForProcess, GetRoomInfo and DestroyRoom over `active`. */
class FakeApi {
  readonly active = new Map<string, FakeRoom>();
  readonly calls: { method: string; url: string; auth: string | undefined }[] = [];
  readonly server: Server = createServer((req, res) => this.answer(req, res));
  base = '';

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  private answer(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '';
    this.calls.push({ method: req.method ?? '', url, auth: req.headers.authorization });
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { message: 'Invalid token' });
    const prefix = `/api/rooms/v2/${APP}`;
    if (req.method === 'GET' && url === `${prefix}/list/${PROCESS}/active`) {
      return json(
        200,
        [...this.active.values()].map((r) => ({ appId: APP, ...r, status: 'active' })),
      );
    }
    const info = url.startsWith(`${prefix}/info/`) ? this.active.get(url.slice(prefix.length + 6)) : undefined;
    if (req.method === 'GET' && info) {
      return json(200, { appId: APP, ...info, status: 'active', currentAllocation: { processId: PROCESS } });
    }
    const destroyed = url.startsWith(`${prefix}/destroy/`) ? url.slice(prefix.length + 9) : undefined;
    if (req.method === 'POST' && destroyed && this.active.delete(destroyed)) return res.writeHead(204).end();
    json(404, { message: `Not found: ${url}` });
  }

  callsTo(fragment: string) {
    return this.calls.filter((c) => c.url.includes(fragment));
  }
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createTcpServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

// biome-ignore lint/suspicious/noExplicitAny: the game's messages are inspected freely
type Message = any;

/** A player: a WebSocket with every message it received and how it was closed. */
class Player {
  readonly messages: Message[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly ws: WebSocket;
  constructor(port: number, room: string, name: string) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws?room=${room}&name=${encodeURIComponent(name)}`);
    this.ws.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }
  last = () => this.messages.at(-1);
  async closedNow() {
    return (await waitFor(async () => this.closed, Boolean, 'the socket to close')) as { code: number };
  }
}

describe('demo game', () => {
  let api: FakeApi;
  let game: ChildProcess;
  let output = '';
  let port = 0;
  const players: Player[] = [];
  const player = (room: string, name: string) => {
    const p = new Player(port, room, name);
    players.push(p);
    return p;
  };

  beforeEach(async () => {
    api = new FakeApi();
    await api.start();
    api.active.set('room-1', { roomId: 'room-1', roomConfig: '{"target":3}' });
    port = await freePort();
    output = '';
    game = spawn(process.execPath, ['server.mjs'], {
      cwd: join(PROJECT_ROOT, 'demo-game'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        HATHORA_DEFAULT_PORT: String(port),
        HATHORA_PROCESS_ID: PROCESS,
        HATHORA_APP_ID: APP,
        HATHORA_REGION: 'Frankfurt',
        HATHORA_ROOMS_PER_PROCESS: '4',
        HATHORA_INITIAL_ROOM_ID: 'room-1',
        HATHORA_INITIAL_ROOM_CONFIG: '{"target":3}',
        HATHORA_DEPLOYMENT_ID: '1',
        HATHORA_HOSTNAME: '127.0.0.1',
        ROOMDECK_API_URL: api.base,
        ROOMDECK_PROCESS_TOKEN: TOKEN,
        DEMO_POLL_MS: '50',
        DEMO_MATCH_END_MS: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (d: Buffer) => {
      output += d.toString();
    };
    game.stdout?.on('data', collect);
    game.stderr?.on('data', collect);
    await waitFor(() => accepts(port), Boolean, 'the game to accept connections');
  });

  afterEach(async () => {
    for (const p of players.splice(0)) p.ws.terminate();
    if (game.exitCode === null && game.signalCode === null) game.kill('SIGKILL');
    await new Promise((resolve) => api.server.close(resolve));
    // The token must never reach the log a person reads.
    expect(output).not.toContain(TOKEN);
  });

  it('plays a match to the target, destroys the room with the process token and closes the sockets', async () => {
    const alice = player('room-1', 'Alice');
    const bob = player('room-1', 'Bob');
    await waitFor(
      async () => alice.last()?.players?.length,
      (n) => n === 2,
      'both players in the room',
    );
    expect(alice.last()).toMatchObject({ type: 'state', target: 3, winner: null });
    for (let i = 0; i < 3; i++) alice.ws.send(JSON.stringify({ type: 'tap' }));
    bob.ws.send(JSON.stringify({ type: 'tap' }));
    await waitFor(
      async () => bob.last()?.winner,
      (w) => w === 'Alice',
      'Alice to win',
    );

    const [destroy] = await waitFor(
      async () => api.callsTo('/destroy/'),
      (c) => c.length > 0,
      'DestroyRoom',
    );
    expect(destroy).toEqual({ method: 'POST', url: `/api/rooms/v2/${APP}/destroy/room-1`, auth: `Bearer ${TOKEN}` });
    expect((await alice.closedNow()).code).toBe(1000);
    expect(bob.messages.find((m) => m.type === 'end')?.text).toMatch(/match is over/);
    expect(output).toMatch(/room room-1: player "Bob" joined \(2 players\)/);
    expect(output).toMatch(/room room-1: "Alice" won 3–[01]/);
    expect(output).toMatch(/room room-1: destroyed after the match/);
  });

  it('refuses a join for a room that is not active on the process, after asking GetRoomInfo', async () => {
    const stranger = player('no-such-room', 'Eve');
    expect((await stranger.closedNow()).code).toBe(4004);
    expect(stranger.messages).toEqual([{ type: 'error', text: 'Room "no-such-room" is not active on this process.' }]);
    expect(api.callsTo('/info/no-such-room')).toHaveLength(1);
  });

  it('picks up a room from the active list and closes it when the room leaves the list', async () => {
    api.active.set('room-2', { roomId: 'room-2', roomConfig: 'not json' });
    await waitFor(
      async () => output,
      (o) => o.includes('rooms: +room-2 (2 active)'),
      'the poll to add room-2',
    );
    const carol = player('room-2', 'Carol');
    await waitFor(
      async () => carol.last()?.target,
      (t) => t === 20,
      'Carol in room-2 (default target)',
    );
    api.active.delete('room-2');
    await carol.closedNow();
    expect(carol.last()).toEqual({ type: 'end', text: 'This room was suspended or destroyed by an operator.' });
    expect(output).toContain('rooms: -room-2 (1 active)');
  });

  it('crashes on purpose (exit 1, a line saying so) for a room with {"crashAfterMs": N}, a QA knob', async () => {
    // Not a number of ms: no crash (config is data the game reads, never code).
    api.active.set('room-2', { roomId: 'room-2', roomConfig: '{"crashAfterMs":"soon"}' });
    await waitFor(
      async () => output,
      (o) => o.includes('+room-2'),
      'room-2 picked up',
    );
    expect(output).not.toContain('will crash');
    api.active.set('room-3', { roomId: 'room-3', roomConfig: '{"crashAfterMs":50}' });
    const [code] = await once(game, 'exit');
    expect(code).toBe(1);
    expect(output).toMatch(/room room-3: will crash the process in 50 ms \(roomConfig\.crashAfterMs\)/);
    expect(output).toMatch(/room room-3: crashing on purpose \(roomConfig\.crashAfterMs\)/);
  });

  it('tells the players and exits 0 on SIGTERM', async () => {
    const dave = player('room-1', 'Dave');
    await waitFor(
      async () => dave.messages.length,
      (n) => n > 0,
      'Dave in the room',
    );
    const exited = once(game, 'exit');
    const start = Date.now();
    game.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    expect(Date.now() - start).toBeLessThan(2500);
    expect(dave.messages.find((m) => m.type === 'end')?.text).toMatch(/shutting down/);
    expect(output).toMatch(/got SIGTERM: telling 1 player and shutting down/);
  });

  it('exits non-zero with a clear message when PORT is missing', async () => {
    const proc = spawn(process.execPath, ['server.mjs'], {
      cwd: join(PROJECT_ROOT, 'demo-game'),
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const [code] = await once(proc, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/fatal: PORT is not set/);
  });
});
