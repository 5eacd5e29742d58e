// Roomdeck demo game: "tap race". Each room is a race; every tap is a point; the first to `target` (default 20)
// wins. Runs as a Hathora-style process: it learns its rooms by pulling them from the API (initial room, then
// GetActiveRoomsForProcess every DEMO_POLL_MS), ends a room with DestroyRoom after a match, and exits 0 on SIGTERM.
// Only node built-ins and `ws`. See README.md for the environment it reads.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const env = process.env;
const log = (line) => console.log(`${new Date().toISOString()} ${line}`);
const fatal = (line) => {
  console.error(`${new Date().toISOString()} fatal: ${line}`);
  process.exit(1);
};
const count = (n) => `${n} player${n === 1 ? '' : 's'}`;
const intEnv = (name, fallback) => {
  const n = Number(env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

const PORT = Number(env.PORT || env.HATHORA_DEFAULT_PORT);
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) fatal('PORT is not set to a port number (1-65535)');
const API = (env.ROOMDECK_API_URL || '').replace(/\/+$/, '');
const APP_ID = env.HATHORA_APP_ID || '';
const PROCESS_ID = env.HATHORA_PROCESS_ID || '';
// The process token wins; HATHORA_DEV_TOKEN is what a studio would set itself on Hathora. Never logged.
const TOKEN = env.ROOMDECK_PROCESS_TOKEN || env.HATHORA_DEV_TOKEN || '';
if (API && (!APP_ID || !PROCESS_ID)) fatal('ROOMDECK_API_URL is set but HATHORA_APP_ID or HATHORA_PROCESS_ID is not');
const POLL_MS = intEnv('DEMO_POLL_MS', 2000);
const MATCH_END_MS = intEnv('DEMO_MATCH_END_MS', 10000);
const MAX_PLAYERS = 8;
const ROOM_ID = /^[A-Za-z0-9_-]{1,100}$/;
let shuttingDown = false;

// ---- The API (Hathora RoomsV2 routes under ROOMDECK_API_URL) ----

/** Calls the API; resolves with { ok, status, body } and never throws (a network error is status 0). */
async function api(method, path) {
  try {
    const res = await fetch(`${API}/rooms/v2/${encodeURIComponent(APP_ID)}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    return { ok: res.ok, status: res.status, body };
  } catch (err) {
    return { ok: false, status: 0, body: { message: err.cause?.code ?? err.name ?? 'network error' } };
  }
}
const failure = (op, r) =>
  `API: ${op} failed: ${r.status || 'no answer'}${r.body?.message ? ` (${String(r.body.message).slice(0, 200)})` : ''}`;

// ---- Rooms ----

/** roomId -> { id, target, players: Map<ws, {name, score}>, winner, endTimer } */
const rooms = new Map();
/** Rooms this process destroyed itself: a poll answered before the destroy must not bring them back. */
const ended = new Set();

/** roomConfig is data only: optional JSON like {"target": 20}; anything else means the defaults. */
function targetOf(roomConfig) {
  try {
    const t = JSON.parse(roomConfig || '{}')?.target;
    if (Number.isInteger(t) && t >= 1 && t <= 1000) return t;
  } catch {}
  return 20;
}

/**
 * A QA knob, data the game interprets: {"crashAfterMs": N} (1 to 600000) makes the whole process crash (exit 1)
 * N ms after the room arrives, as a buggy game would, so a console's view of a failed process can be tried.
 */
function crashAfterMsOf(roomConfig) {
  try {
    const n = JSON.parse(roomConfig || '{}')?.crashAfterMs;
    if (Number.isInteger(n) && n >= 1 && n <= 600_000) return n;
  } catch {}
  return undefined;
}

function addRoom(id, roomConfig) {
  const room = { id, target: targetOf(roomConfig), players: new Map(), winner: null, endTimer: null };
  room.addedAt = Date.now();
  rooms.set(id, room);
  const crashAfterMs = crashAfterMsOf(roomConfig);
  if (crashAfterMs !== undefined) {
    log(`room ${id}: will crash the process in ${crashAfterMs} ms (roomConfig.crashAfterMs)`);
    setTimeout(() => {
      console.error(`${new Date().toISOString()} room ${id}: crashing on purpose (roomConfig.crashAfterMs)`);
      process.exit(1);
    }, crashAfterMs);
  }
  return room;
}

/** Tells every player of the room why it ends, closes their sockets and forgets the room. */
function closeRoom(room, text) {
  clearTimeout(room.endTimer);
  for (const ws of room.players.keys()) {
    send(ws, { type: 'end', text });
    ws.close(1000, 'room closed');
  }
  room.players.clear();
  rooms.delete(room.id);
}

const send = (ws, msg) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));

function broadcast(room) {
  const players = [...room.players.values()].map(({ name, score }) => ({ name, score }));
  for (const ws of room.players.keys()) send(ws, { type: 'state', target: room.target, players, winner: room.winner });
}

function tap(room, player) {
  if (room.winner) return;
  player.score += 1;
  if (player.score >= room.target) {
    room.winner = player.name;
    const others = [...room.players.values()].filter((p) => p !== player).map((p) => p.score);
    log(`room ${room.id}: ${JSON.stringify(player.name)} won ${player.score}–${Math.max(0, ...others)}`);
    room.endTimer = setTimeout(() => endMatch(room), MATCH_END_MS);
  }
  broadcast(room);
}

/** After a match, the game ends the room itself (as bullet-mania does on Hathora). */
async function endMatch(room) {
  ended.add(room.id);
  if (API) {
    const r = await api('POST', `/destroy/${encodeURIComponent(room.id)}`);
    if (r.ok) log(`room ${room.id}: destroyed after the match`);
    else {
      log(`${failure(`DestroyRoom(${room.id})`, r)}; the room stays active and starts a new match`);
      ended.delete(room.id);
    }
  } else log(`room ${room.id}: match over (no API: nothing to destroy)`);
  closeRoom(room, 'The match is over and this room is closed. Thanks for playing!');
}

// Pull: the active rooms of this process, every POLL_MS. Failures are logged once, then once more on recovery.
let pollFailing = false;
async function poll() {
  const sentAt = Date.now();
  const r = await api('GET', `/list/${encodeURIComponent(PROCESS_ID)}/active`);
  if (!r.ok || !Array.isArray(r.body)) {
    if (!pollFailing) log(failure('GetActiveRoomsForProcess', r));
    pollFailing = true;
    return;
  }
  if (pollFailing) log('API: GetActiveRoomsForProcess works again');
  pollFailing = false;
  const listed = new Map(r.body.filter((x) => ROOM_ID.test(x?.roomId)).map((x) => [x.roomId, x]));
  const added = [];
  const removed = [];
  for (const [id, x] of listed) {
    if (!rooms.has(id) && !ended.has(id)) added.push(addRoom(id, x.roomConfig).id);
  }
  for (const room of [...rooms.values()]) {
    // A room found by GetRoomInfo while this poll was under way may be missing from its answer.
    if (listed.has(room.id) || ended.has(room.id) || room.addedAt >= sentAt) continue;
    removed.push(room.id);
    closeRoom(room, 'This room was suspended or destroyed by an operator.');
  }
  if (added.length || removed.length) {
    const parts = [...added.map((id) => `+${id}`), ...removed.map((id) => `-${id}`)];
    log(`rooms: ${parts.join(' ')} (${rooms.size} active)`);
  }
}

/** The room a player asks for: known, or (once) confirmed by GetRoomInfo as allocated here. */
async function findRoom(id) {
  if (rooms.has(id)) return rooms.get(id);
  if (!API || ended.has(id)) return API ? null : addRoom(id, null); // no API: any room id is a room
  const r = await api('GET', `/info/${encodeURIComponent(id)}`);
  if (!r.ok && r.status !== 404) log(failure(`GetRoomInfo(${id})`, r));
  const here = r.ok && ['scheduling', 'active'].includes(r.body?.status);
  if (!here || r.body?.currentAllocation?.processId !== PROCESS_ID) return null;
  return rooms.get(id) ?? addRoom(id, r.body.roomConfig);
}

// ---- HTTP and WebSocket ----

const PAGE = (nonce) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Tap race</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}#tap{width:100%;height:8rem;font-size:2rem;margin:1rem 0}
li{margin:.25rem 0}#msg{font-weight:bold}.hidden{display:none}</style></head><body>
<h1>Tap race</h1><p id="msg"></p>
<div id="list" class="hidden"><p>Active rooms of this process:</p><ul id="rooms"></ul></div>
<form id="join" class="hidden"><label>Your name <input id="name" maxlength="24" required></label>
<button>Join</button></form>
<div id="game" class="hidden"><p id="goal"></p><button id="tap">TAP!</button><ol id="scores"></ol></div>
<script nonce="${nonce}">
const $ = (id) => document.getElementById(id);
const show = (id) => $(id).classList.remove('hidden');
const hide = (id) => $(id).classList.add('hidden');
const say = (text) => { $('msg').textContent = text; };
const room = new URLSearchParams(location.search).get('room');
if (!room) {
  show('list');
  fetch('rooms.json').then((r) => r.json()).then((list) => {
    if (!list.length) say('No active rooms on this process yet.');
    for (const r of list) {
      const li = document.createElement('li'); const a = document.createElement('a');
      a.href = '?room=' + encodeURIComponent(r.roomId); a.textContent = r.roomId;
      li.append(a, ' (' + r.players + ' players, first to ' + r.target + ')'); $('rooms').append(li);
    }
  }, () => say('Could not load the rooms.'));
} else {
  say('Room ' + room); show('join');
  $('name').value = localStorage.getItem('name') || '';
  $('join').onsubmit = (e) => {
    e.preventDefault(); localStorage.setItem('name', $('name').value);
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?room=' +
      encodeURIComponent(room) + '&name=' + encodeURIComponent($('name').value);
    const ws = new WebSocket(url); let done = false;
    ws.onopen = () => { hide('join'); show('game'); };
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === 'error' || m.type === 'end') { done = true; say(m.text); hide('tap'); return; }
      $('goal').textContent = 'First to ' + m.target + ' taps wins.';
      $('scores').replaceChildren(...m.players.map((p) => {
        const li = document.createElement('li'); li.textContent = p.name + ': ' + p.score; return li;
      }));
      if (m.winner) { say(m.winner + ' won! This room closes in a few seconds.'); hide('tap'); }
    };
    ws.onclose = () => { if (!done) say('Disconnected.'); };
    $('tap').onclick = () => ws.send(JSON.stringify({ type: 'tap' }));
    document.onkeydown = (e) => { if (e.key === ' ' && !e.repeat) { e.preventDefault(); $('tap').click(); } };
  };
}
</script></body></html>`;

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://x');
  if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405).end();
  if (pathname === '/') {
    const nonce = randomBytes(16).toString('base64');
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:`,
      'X-Content-Type-Options': 'nosniff',
    });
    return res.end(PAGE(nonce));
  }
  if (pathname === '/rooms.json') {
    const list = [...rooms.values()].map((r) => ({ roomId: r.id, players: r.players.size, target: r.target }));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(JSON.stringify(list));
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
});

const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });

server.on('upgrade', async (req, socket, head) => {
  socket.on('error', () => {}); // a client gone while the room is looked up must not crash the game
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/ws' || shuttingDown) return socket.destroy();
  const id = url.searchParams.get('room') ?? '';
  // Names are plain text: no control characters, at most 24 characters.
  let name = (url.searchParams.get('name') ?? '').replace(/\p{C}/gu, '').trim().slice(0, 24) || 'player';
  const room = ROOM_ID.test(id) ? await findRoom(id) : null;
  wss.handleUpgrade(req, socket, head, (ws) => {
    const refuse = (text) => {
      log(`room ${JSON.stringify(id.slice(0, 100))}: refused a join: ${text}`);
      send(ws, { type: 'error', text });
      ws.close(4004, 'refused');
    };
    if (!room) return refuse(`Room "${id}" is not active on this process.`);
    if (room.players.size >= MAX_PLAYERS) return refuse(`Room "${id}" is full (${MAX_PLAYERS} players).`);
    const names = new Set([...room.players.values()].map((p) => p.name));
    for (let n = 2; names.has(name); n++) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
    const player = { name, score: 0 };
    room.players.set(ws, player);
    log(`room ${id}: player ${JSON.stringify(name)} joined (${count(room.players.size)})`);
    broadcast(room);
    ws.on('error', (err) => log(`room ${id}: player ${JSON.stringify(name)}: ${err.message}`));
    ws.on('message', (data) => {
      let msg = null;
      try {
        msg = JSON.parse(String(data));
      } catch {}
      if (msg?.type === 'tap' && room.players.has(ws)) tap(room, player);
    });
    ws.on('close', () => {
      if (!room.players.delete(ws)) return;
      log(`room ${id}: player ${JSON.stringify(name)} left (${count(room.players.size)})`);
      broadcast(room);
    });
  });
});

// ---- Start and stop ----

let pollTimer;
async function pollLoop() {
  await poll();
  if (!shuttingDown) pollTimer = setTimeout(pollLoop, POLL_MS);
}
function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  const players = [...rooms.values()].reduce((n, r) => n + r.players.size, 0);
  log(`got ${signal}: telling ${count(players)} and shutting down`);
  clearTimeout(pollTimer);
  for (const room of [...rooms.values()]) closeRoom(room, 'The game server is shutting down.');
  server.close(() => {
    log('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  // Sockets that do not finish their close handshake in time are cut.
  setTimeout(() => {
    for (const ws of wss.clients) ws.terminate();
    server.closeAllConnections();
  }, 1000).unref();
  setTimeout(() => process.exit(0), 1800).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

server.on('error', (err) => fatal(`cannot listen on port ${PORT}: ${err.code ?? err.message}`));
server.listen(PORT, '0.0.0.0', () => {
  log(`listening on 0.0.0.0:${PORT} (process ${PROCESS_ID || '-'}, region ${env.HATHORA_REGION || '-'})`);
  const initial = env.HATHORA_INITIAL_ROOM_ID;
  if (initial && ROOM_ID.test(initial)) {
    addRoom(initial, env.HATHORA_INITIAL_ROOM_CONFIG);
    log(`rooms: +${initial} (initial room, first to ${rooms.get(initial).target})`);
  }
  if (API) pollLoop();
  else log('no ROOMDECK_API_URL: offline mode, any room id can be joined');
  const host = env.HATHORA_HOSTNAME;
  if (host) log(`players: open http://${host}:${env.HATHORA_DEFAULT_PORT || PORT}/?room=<roomId> in a browser`);
});
