// Test game for the local runtime's tests: a UDP (dgram udp4) socket on PORT that echoes every datagram back,
// for a `udp` transport deployment (the runtime must see a bound UDP port). SIGTERM: `got SIGTERM`, exit 0.
import { createSocket } from 'node:dgram';

const socket = createSocket('udp4');
socket.on('message', (msg, from) => {
  console.log(`echo ${msg.length} bytes to ${from.address}:${from.port}`);
  socket.send(msg, from.port, from.address);
});
socket.bind(Number(process.env.PORT), () => console.log(`listening on ${process.env.PORT} (udp)`));
process.on('SIGTERM', () => {
  console.log('got SIGTERM');
  socket.close(() => process.exit(0));
});
