import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SIGN_IN_PATH } from './access.ts';
import { buildApp, buildProxyApp, type RoomdeckApp, type RoomdeckServer } from './app.ts';
import { ConfigError, configWarnings, loadConfig, PROJECT_ROOT } from './config.ts';
import { DeploymentError } from './deployment.ts';

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
  for (const warning of configWarnings(config)) console.warn(`roomdeck: warning: ${warning}`);

  const dist = resolve(PROJECT_ROOT, 'dist');
  const webRoot = existsSync(resolve(dist, 'index.html')) ? dist : undefined;

  const { upstream } = config;
  let roomdeck: RoomdeckServer;
  try {
    roomdeck = upstream
      ? await buildProxyApp({ config, webRoot, logger: true })
      : await buildApp({ config, webRoot, logger: true });
  } catch (err) {
    if (err instanceof DeploymentError) {
      console.error(`roomdeck: ${err.message}`);
      process.exit(1);
    }
    const what = upstream ? 'in proxy mode' : `with database ${config.dbPath}`;
    console.error(`roomdeck: cannot start ${what}: ${(err as Error).message}`);
    process.exit(1);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const local = !upstream && (roomdeck as RoomdeckApp).runtime.kind === 'local';
      if (local)
        console.log(
          `roomdeck: ${signal}: stopping the game processes (SIGTERM, then SIGKILL after ${config.stopGraceMs} ms)…`,
        );
      roomdeck.close().then(
        () => {
          if (local) {
            const n = (roomdeck as RoomdeckApp).stoppedOnClose();
            console.log(`roomdeck: stopped ${n} game process${n === 1 ? '' : 'es'}`);
          }
          process.exit(0);
        },
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
  // Never the upstream token or the access token: only the local dev token, which the dashboard shows anyway.
  const lines = [
    `Roomdeck listening on ${base}/${upstream ? ' (proxy mode)' : ''}`,
    `  Dashboard: ${webRoot ? `${base}/` : 'not built (run `npm run build:web`, or `npm run dev` for Vite)'}`,
    upstream
      ? `  API:       ${base}/api -> ${upstream.url} (with the upstream token, which stays on this server)`
      : `  API:       ${base}/api`,
    `  App ID:    ${config.appId}`,
    ...(upstream ? [] : [`  Token:     ${config.token}`, `  Database:  ${config.dbPath}`]),
    ...(upstream ? [] : [runtimeLine(config, roomdeck as RoomdeckApp)]),
    `  Access:    ${config.accessToken === undefined ? 'this machine only (loopback), no sign-in' : `browsers sign in at ${base}${SIGN_IN_PATH} with ROOMDECK_ACCESS_TOKEN`}`,
    ...(config.readOnly ? ['  Read-only: changes to rooms are refused (ROOMDECK_READ_ONLY=1)'] : []),
  ];
  console.log(lines.join('\n'));
}

function runtimeLine(config: ReturnType<typeof loadConfig>, roomdeck: RoomdeckApp): string {
  if (config.runtime === 'simulated')
    return '  Runtime:   simulated (ROOMDECK_RUNTIME=simulated): no game runs, addresses reach nothing';
  const adopted = roomdeck.adopted > 0 ? `; adopted ${roomdeck.adopted} process(es) still running from before` : '';
  return `  Runtime:   local: ${config.deploymentPath} (deployment ${roomdeck.store.currentDeploymentId}), ports ${config.portRange.min}-${config.portRange.max} on ${config.publicHost}${adopted}`;
}

await main();
