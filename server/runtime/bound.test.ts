import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { boundSockets, socketInodes } from './proc.ts';

describe('boundSockets', () => {
  it('finds a listening TCP port and a bound UDP port with inodes this process holds, and nothing else', async () => {
    const server = createServer((s) => s.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const tcp = (server.address() as AddressInfo).port;
    const udpSocket = createSocket('udp4');
    udpSocket.bind(0, '127.0.0.1');
    await once(udpSocket, 'listening');
    const udp = udpSocket.address().port;
    // A connection to the TCP port: its client side has the port as *remote* port, which must not count.
    const client = connect(tcp, '127.0.0.1');
    await once(client, 'connect');
    try {
      const found = boundSockets([
        { port: tcp, proto: 'tcp' },
        { port: udp, proto: 'udp' },
        { port: udp, proto: 'tcp' },
      ]);
      const mine = socketInodes(process.pid);
      expect(found.get(`tcp:${tcp}`)?.every((i) => mine.has(i))).toBe(true);
      expect(found.get(`tcp:${tcp}`)).toHaveLength(1);
      expect(found.get(`udp:${udp}`)?.every((i) => mine.has(i))).toBe(true);
      expect(found.has(`tcp:${udp}`)).toBe(false);
    } finally {
      client.destroy();
      udpSocket.close();
      server.close();
    }
  });
});
