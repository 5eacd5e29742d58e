// Test game for the local runtime's tests: listens on PORT (TCP) and on every HATHORA_<NAME>_PORT but the default
// one: TCP, or UDP for the names in GAME_UDP_PORTS (a comma list, e.g. `voice,game`). SIGTERM: exit 0.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const udpNames = new Set((process.env.GAME_UDP_PORTS ?? '').split(',').map((n) => n.trim().toLowerCase()));
const ports = [['default', Number(process.env.PORT)]];
for (const [key, value] of Object.entries(process.env)) {
  const match = /^HATHORA_(.+)_PORT$/.exec(key);
  if (match && key !== 'HATHORA_DEFAULT_PORT') ports.push([match[1].toLowerCase(), Number(value)]);
}
for (const [name, port] of ports) {
  const done = (kind) => () => console.log(`listening on ${port} (${kind}, ${name})`);
  if (udpNames.has(name)) createSocket('udp4').bind(port, done('udp'));
  else createServer((s) => s.on('error', () => {}).end(`hello from ${name}\n`)).listen(port, done('tcp'));
}
process.on('SIGTERM', () => {
  console.log('got SIGTERM');
  process.exit(0);
});
