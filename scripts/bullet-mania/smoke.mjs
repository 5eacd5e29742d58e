// Plays one player's join against a running hathora/bullet-mania server and a Hathora-compatible API
// (Roomdeck), to check the game's three API calls work against it. See docs/bullet-mania.md.
//
//   API_URL=http://127.0.0.1:8080/api API_TOKEN=local-dev-token APP_ID=app-... \
//   GAME_URL=ws://127.0.0.1:4100 APP_SECRET=<the game's HATHORA_APP_SECRET> node scripts/bullet-mania/smoke.mjs
//
// ROOM_ID: use this room instead of creating one. Exit 0 when the game sent a state update to the player and
// its UpdateRoomConfig reached the API (the room's config then has the player's nickname map).
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const apiUrl = env('API_URL', 'http://127.0.0.1:8080/api').replace(/\/$/, '');
const token = env('API_TOKEN', 'local-dev-token');
const appId = env('APP_ID');
const gameUrl = env('GAME_URL', 'ws://127.0.0.1:4100').replace(/\/$/, '');
const secret = env('APP_SECRET');

async function api(method, path, body) {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  console.log(`${method} ${path} -> ${res.status}`);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** An HS256 JWT like Hathora's player tokens: the game (verifyJwt of @hathora/server-sdk) reads `id`. */
function playerToken(id) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ id, iat: Math.floor(Date.now() / 1000) })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const roomConfig = JSON.stringify({ capacity: 4, winningScore: 10, playerNicknameMap: {}, isGameEnd: false });
const roomId =
  process.env.ROOM_ID ?? (await api('POST', `/rooms/v2/${appId}/create`, { region: 'Chicago', roomConfig })).roomId;
console.log('room', roomId);

const ws = new WebSocket(`${gameUrl}/${roomId}?token=${playerToken('smoke-player')}`);
const outcome = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve('no state update within 10 s'), 10_000);
  ws.on('message', (data) => {
    const msg = JSON.parse(Buffer.from(data).toString('utf8'));
    if (msg.type === 0 /* ServerMessageType.StateUpdate */ && msg.state.players.length > 0) {
      clearTimeout(timer);
      resolve(undefined);
    }
  });
  ws.on('close', (code, reason) => resolve(`closed ${code} ${reason}`));
  ws.on('error', (err) => resolve(`error ${err.message}`));
});
if (outcome) {
  console.error('FAIL:', outcome);
  process.exit(1);
}
console.log('state update received');
await new Promise((r) => setTimeout(r, 500));
// Before closing: on a disconnect the game updates the config again, without the player.
const room = await api('GET', `/rooms/v2/${appId}/info/${roomId}`);
ws.close();
console.log('roomConfig now', room.roomConfig);
const ok = JSON.parse(room.roomConfig).playerNicknameMap?.['smoke-player'] !== undefined;
console.log(ok ? 'PASS' : 'FAIL: the game did not update the room config');
process.exit(ok ? 0 : 1);
