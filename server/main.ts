import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { buildApp, type RoomdeckApp } from './app.ts';
import { ConfigError, loadConfig, PROJECT_ROOT } from './config.ts';

/** `npm start` / `npm run server`: configuration from the environment, then listen. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`roomdeck: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  const dist = resolve(PROJECT_ROOT, 'dist');
  const webRoot = existsSync(resolve(dist, 'index.html')) ? dist : undefined;

  let roomdeck: RoomdeckApp;
  try {
    roomdeck = await buildApp({ config, webRoot, logger: true });
  } catch (err) {
    console.error(`roomdeck: cannot start with database ${config.dbPath}: ${(err as Error).message}`);
    process.exit(1);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      roomdeck.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error('roomdeck: error while closing', err);
          process.exit(1);
        },
      );
    });
  }

  try {
    await roomdeck.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use (set PORT to another one)' : (err as Error).message;
    console.error(`roomdeck: cannot listen on ${config.host}:${config.port}: ${why}`);
    await roomdeck.close();
    process.exit(1);
  }

  const { port } = roomdeck.app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${port}`;
  console.log(
    [
      `Roomdeck listening on ${base}/`,
      `  Dashboard: ${webRoot ? `${base}/` : 'not built (run `npm run build:web`, or `npm run dev` for Vite)'}`,
      `  API:       ${base}/api`,
      `  App ID:    ${config.appId}`,
      `  Token:     ${config.token}`,
      `  Database:  ${config.dbPath}`,
    ].join('\n'),
  );
}

await main();
