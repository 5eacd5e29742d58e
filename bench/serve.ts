import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';

/**
 * `npm run bench`'s server: the local server (configured from the environment, as server/main.ts is) serving the
 * dashboard build given as the argument instead of dist/, so the bench never touches the working tree's build.
 * Usage: tsx bench/serve.ts <webRoot>
 */
const webRoot = process.argv[2];
if (!webRoot) throw new Error('usage: tsx bench/serve.ts <webRoot>');
const config = loadConfig();
const roomdeck = await buildApp({ config, webRoot });
await roomdeck.app.listen({ host: config.host, port: config.port });
const { port } = roomdeck.app.server.address() as AddressInfo;
console.log(`bench Roomdeck listening on http://${config.host}:${port}/ serving ${webRoot}`);
process.once('SIGTERM', () => {
  roomdeck.close().then(() => process.exit(0));
});
