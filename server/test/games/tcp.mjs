// Test game for the local runtime's tests: a TCP server on PORT, set by env knobs. GAME_BIND_DELAY_MS (wait before
// listening), GAME_PRINT_ENV=1 (`ENV {json}` first), GAME_LOG_EVERY_MS (`tick N`), GAME_EXIT_AFTER_MS + GAME_EXIT_CODE
// (exit once listening), GAME_CRASH_AFTER_MS (throw: exit 1, stack on stderr), GAME_IGNORE_SIGTERM=1 (else exit 0),
// GAME_SAY (printed once at start), GAME_LOG_TIMESTAMPS=1 (`tick N at <epoch ms>`: when it was printed, for the bench).
import { createServer } from 'node:net';

const env = process.env;
const ms = (name) => (env[name] ? Number(env[name]) : undefined);
if (env.GAME_PRINT_ENV === '1') console.log(`ENV ${JSON.stringify(process.env)}`);
if (env.GAME_SAY) console.log(`says: ${env.GAME_SAY}`);

process.on('SIGTERM', () => {
  console.log('got SIGTERM');
  if (env.GAME_IGNORE_SIGTERM === '1') console.log('ignoring SIGTERM, still running');
  else process.exit(0);
});

let ticks = 0;
const stamp = env.GAME_LOG_TIMESTAMPS === '1';
if (ms('GAME_LOG_EVERY_MS')) {
  setInterval(
    () => console.log(stamp ? `tick ${++ticks} at ${Date.now()}` : `tick ${++ticks}`),
    ms('GAME_LOG_EVERY_MS'),
  );
}

// A client that resets at once (a reachability probe) must not crash the game: socket errors are ignored.
const server = createServer((socket) => socket.on('error', () => {}).end('hello from tcp.mjs\n'));
const listen = () =>
  server.listen(Number(env.PORT), () => {
    console.log(`listening on ${env.PORT}`);
    const code = Number(env.GAME_EXIT_CODE ?? 0);
    if (ms('GAME_EXIT_AFTER_MS') !== undefined) {
      setTimeout(() => {
        console.log(`exiting with code ${code}`);
        process.exit(code);
      }, ms('GAME_EXIT_AFTER_MS'));
    }
    if (ms('GAME_CRASH_AFTER_MS') !== undefined) {
      setTimeout(() => {
        throw new Error('tcp.mjs crashed on purpose (GAME_CRASH_AFTER_MS)');
      }, ms('GAME_CRASH_AFTER_MS'));
    }
  });
if (ms('GAME_BIND_DELAY_MS')) {
  console.log(`waiting ${env.GAME_BIND_DELAY_MS} ms before listening`);
  setTimeout(listen, ms('GAME_BIND_DELAY_MS'));
} else listen();
