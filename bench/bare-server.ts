import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The baseline of `npm run bench:server`: a bare node:http JSON endpoint per scenario, answering the same
 * payloads as Roomdeck (serialized per request, as Roomdeck does), with no routing, validation or database.
 * Usage: tsx bench/bare-server.ts <payloads.json>
 */
const payloads = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Record<string, unknown>;

const server = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  };
  if (req.method === 'POST') {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      JSON.parse(text);
      send(201, { ...(payloads.create as object), roomId: Math.random().toString(36).slice(2, 15) });
    });
    return;
  }
  const payload = payloads[(req.url ?? '/').slice(1)];
  if (payload === undefined) send(404, { message: 'not found' });
  else send(200, payload);
});

server.listen(0, '127.0.0.1', () => {
  console.log(`bare listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
