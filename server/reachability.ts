import { connect } from 'node:net';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';

export type ReachabilityStatus = 'reachable' | 'refused' | 'timeout' | 'unreachable' | 'not-tested';

export interface Reachability {
  roomId: string;
  status: ReachabilityStatus;
  /** For a person: what was tried and what happened. */
  message: string;
  host?: string;
  port?: number;
  transportType?: string;
  /** Time to a TCP connection, for `reachable`. */
  latencyMs?: number;
}

/** How long a connection attempt may take before it counts as timed out. */
export const PROBE_TIMEOUT_MS = 3000;

/** Opens (and at once closes) a TCP connection to host:port, from this server. */
export function probeTcp(
  host: string,
  port: number,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<Omit<Reachability, 'roomId'>> {
  const started = performance.now();
  const where = `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let done = false;
    const finish = (result: Omit<Reachability, 'roomId'>) => {
      if (done) return;
      done = true;
      // A connected probe says goodbye with a FIN (end), not a reset: a game should not see an error for a check.
      if (result.status === 'reachable') socket.end();
      else socket.destroy();
      socket.on('error', () => {});
      setTimeout(() => socket.destroy(), 1000).unref();
      resolve({ host, port, transportType: 'tcp', ...result });
    };
    socket.setTimeout(timeoutMs, () =>
      finish({
        status: 'timeout',
        message: `No answer from ${where} within ${timeoutMs / 1000} s (a firewall, or nothing routes there)`,
      }),
    );
    socket.once('connect', () => {
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      finish({
        status: 'reachable',
        latencyMs,
        message: `Connected to ${where} in ${latencyMs} ms from the Roomdeck server`,
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') {
        finish({
          status: 'refused',
          message: `${where} refused the connection: nothing listens there (the game is not running?)`,
        });
      } else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
        finish({ status: 'unreachable', message: `The host ${host} is not known to the Roomdeck server's DNS` });
      } else {
        finish({ status: 'unreachable', message: `Could not connect to ${where}: ${err.code ?? err.message}` });
      }
    });
  });
}

export interface RoomAddress {
  host: string;
  port: number;
  transportType: 'tcp' | 'udp' | 'tls';
  /** A simulated process's address: nothing listens there. */
  simulated: boolean;
  /** The room is allocated there now (else it is the address it last had). */
  current: boolean;
}

/** Checks a room's address: TCP (and TLS, as TCP) are tried; UDP cannot be; a simulated address is not tried. */
export async function roomReachability(roomId: string, address: RoomAddress | undefined): Promise<Reachability> {
  if (!address) {
    return { roomId, status: 'not-tested', message: 'The room has no address yet: its process has not started' };
  }
  const { host, port, transportType } = address;
  const where = { roomId, host, port, transportType };
  if (address.simulated) {
    return {
      ...where,
      status: 'not-tested',
      message: `${host}:${port} is a simulated address (ROOMDECK_RUNTIME=simulated): no game listens there`,
    };
  }
  if (transportType === 'udp') {
    return {
      ...where,
      status: 'not-tested',
      message: `${host}:${port} is UDP, which has no handshake: Roomdeck cannot tell from outside whether a game answers`,
    };
  }
  const result = await probeTcp(host, port);
  const past = address.current ? '' : ' (the room is no longer allocated: this was its last address)';
  return { ...where, ...result, transportType, message: `${result.message}${past}` };
}

/**
 * `GET /_roomdeck/apps/{appId}/rooms/{roomId}/reachability`: the server tries a connection to the room's host:port
 * (or, for a room no longer allocated, its last one) and says reachable (with latency), refused or timed out. Only
 * a room's own address is ever tried (never a host or port from the request), and only for callers who may use
 * the API (`guards`). Never schedules anything.
 */
export function registerReachability(
  app: FastifyInstance,
  guards: onRequestHookHandler[],
  address: (appId: string, roomId: string) => RoomAddress | undefined,
): void {
  const id = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[a-zA-Z0-9_-]+$' };
  app.get<{ Params: { appId: string; roomId: string } }>(
    '/_roomdeck/apps/:appId/rooms/:roomId/reachability',
    {
      onRequest: guards,
      schema: { params: { type: 'object', properties: { appId: id, roomId: id }, required: ['appId', 'roomId'] } },
    },
    async (req, reply) => {
      const found = address(req.params.appId, req.params.roomId);
      reply.header('cache-control', 'no-store');
      return roomReachability(req.params.roomId, found);
    },
  );
}
