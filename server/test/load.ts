import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { forEachConcurrently } from './harness.ts';

/**
 * Mixed read and write load against a running server, then a check that no acknowledged write was lost
 * (issue 7). Used by `npm run test:load` (bench/load.ts: 200 connections, 20 s) and by server/load.test.ts (a
 * short run). Each connection is one keep-alive socket sending one request at a time, so the number of
 * connections is the number of requests in flight.
 */
export interface LoadOptions {
  /** `http://127.0.0.1:<port>`; the load only ever targets the loopback address. */
  base: string;
  appId: string;
  token: string;
  connections: number;
  durationMs: number;
  /** Upper bound on requests, whatever the duration (default: none). */
  maxRequests?: number;
  /** A request not answered in this time counts as an error (default 10 s). */
  timeoutMs?: number;
}

type Op =
  | 'GET info'
  | 'GET connectioninfo'
  | 'GET active rooms'
  | 'GET running processes'
  | 'POST create'
  | 'POST update'
  | 'POST suspend'
  | 'POST resume';

export interface OpStats {
  op: Op;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadReport {
  connections: number;
  durationMs: number;
  requests: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  ops: OpStats[];
  /** The first few errors, e.g. `POST create: 500 {...}` or `GET info: timeout`. */
  errorSamples: string[];
  /** Acknowledged writes, and how many of them were not found afterwards. */
  writes: { creates: number; updates: number; suspends: number; resumes: number; lost: number };
  lostSamples: string[];
}

/** A room this run created, owned by the one connection that changes it (so its last acknowledged state is known). */
interface Owned {
  roomId: string;
  roomConfig: string;
  suspended: boolean;
}

const REGIONS = ['Seattle', 'Frankfurt', 'Tokyo', 'London', 'Chicago', 'Sydney'] as const;
/** Rooms created before the load: read targets that are never changed (connectioninfo would resume a suspended one). */
const STABLE_ROOMS = 60;

interface Answer {
  status: number;
  body: string;
}

class Client {
  readonly agent: Agent;
  readonly url: URL;

  constructor(
    readonly options: LoadOptions,
    readonly latencies: Map<Op, number[]>,
    readonly errorCounts: Map<Op, number>,
    readonly errorSamples: string[],
  ) {
    this.url = new URL(options.base);
    if (this.url.hostname !== '127.0.0.1' && this.url.hostname !== 'localhost') {
      throw new Error(`The load targets 127.0.0.1 only, not ${this.url.hostname}`);
    }
    this.agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  }

  send(method: string, path: string, json?: unknown): Promise<Answer> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method,
          path: `/api${path}`,
          headers,
          timeout: this.options.timeoutMs ?? 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends and records the latency; answers undefined (and counts an error) unless the status is `expected`. */
  async call(op: Op, expected: number, method: string, path: string, json?: unknown): Promise<Answer | undefined> {
    const started = performance.now();
    let outcome: Answer | Error;
    try {
      outcome = await this.send(method, path, json);
    } catch (err) {
      outcome = err as Error;
    }
    this.latencies.get(op)?.push(performance.now() - started);
    if (!(outcome instanceof Error) && outcome.status === expected) return outcome;
    this.errorCounts.set(op, (this.errorCounts.get(op) ?? 0) + 1);
    if (this.errorSamples.length < 20) {
      const what = outcome instanceof Error ? outcome.message : `${outcome.status} ${outcome.body.slice(0, 200)}`;
      this.errorSamples.push(`${op} ${path}: ${what}`);
    }
    return undefined;
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Runs the load, then reads back every acknowledged write. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const ops: Op[] = [
    'GET info',
    'GET connectioninfo',
    'GET active rooms',
    'GET running processes',
    'POST create',
    'POST update',
    'POST suspend',
    'POST resume',
  ];
  const latencies = new Map<Op, number[]>(ops.map((op) => [op, []]));
  const errorCounts = new Map<Op, number>();
  const errorSamples: string[] = [];
  const client = new Client(options, latencies, errorCounts, errorSamples);
  const rooms = (op: string, id = '') => `/rooms/v2/${options.appId}/${op}${id ? `/${id}` : ''}`;
  const run = Date.now().toString(36);

  // Read targets, created before the clock starts.
  const stable: { roomId: string; processId: string }[] = [];
  await forEachConcurrently([...Array(STABLE_ROOMS).keys()], 20, async (i) => {
    const roomId = `load-${run}-stable-${i}`;
    const res = await client.send('POST', `${rooms('create')}?roomId=${roomId}`, {
      region: REGIONS[i % REGIONS.length],
      roomConfig: 'stable',
    });
    if (res.status !== 201) throw new Error(`cannot create the read targets: ${res.status} ${res.body}`);
    stable.push({ roomId, processId: (JSON.parse(res.body) as { processId: string }).processId });
  });
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

  // Warm-up, before the clock starts: every connection opens its socket with one read, so that the measured
  // latencies are those of a server under steady load, not of 200 connections being set up at once.
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      const res = await client.send('GET', rooms('info', pick(stable).roomId));
      if (res.status !== 200) throw new Error(`warm-up read failed: ${res.status} ${res.body}`);
    }),
  );

  const owned: Owned[][] = Array.from({ length: options.connections }, () => []);
  const writes = { creates: 0, updates: 0, suspends: 0, resumes: 0, lost: 0 };
  const lostSamples: string[] = [];
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const more = () => performance.now() < deadline && (options.maxRequests === undefined || sent < options.maxRequests);

  const connection = async (c: number) => {
    const mine = owned[c] as Owned[];
    for (let i = 0; more(); i++) {
      sent++;
      const dice = Math.random();
      const target = pick(stable);
      if (dice < 0.3) {
        await client.call(
          'GET info',
          200,
          'GET',
          rooms('info', mine.length > 0 && dice < 0.1 ? pick(mine).roomId : target.roomId),
        );
      } else if (dice < 0.45) {
        await client.call('GET connectioninfo', 200, 'GET', rooms('connectioninfo', target.roomId));
      } else if (dice < 0.6) {
        await client.call('GET active rooms', 200, 'GET', rooms('list', `${target.processId}/active`));
      } else if (dice < 0.61) {
        await client.call(
          'GET running processes',
          200,
          'GET',
          `/processes/v1/${options.appId}/list/running?region=${pick(REGIONS)}`,
        );
      } else if (dice < 0.75 || mine.length === 0) {
        const room: Owned = { roomId: `load-${run}-${c}-${i}`, roomConfig: `created ${i}`, suspended: false };
        const res = await client.call('POST create', 201, 'POST', `${rooms('create')}?roomId=${room.roomId}`, {
          region: pick(REGIONS),
          roomConfig: room.roomConfig,
        });
        if (res) {
          mine.push(room);
          writes.creates++;
        }
      } else if (dice < 0.9) {
        const room = pick(mine);
        const roomConfig = `updated ${i}`;
        if (await client.call('POST update', 204, 'POST', rooms('update', room.roomId), { roomConfig })) {
          room.roomConfig = roomConfig;
          writes.updates++;
        }
      } else {
        const room = pick(mine);
        if (room.suspended) {
          if (await client.call('POST resume', 200, 'POST', rooms('resume', room.roomId))) {
            room.suspended = false;
            writes.resumes++;
          }
        } else if (await client.call('POST suspend', 204, 'POST', rooms('suspend', room.roomId))) {
          room.suspended = true;
          writes.suspends++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, c) => connection(c)));
  const elapsedMs = performance.now() - started;

  // No lost write: every acknowledged create, update, suspend and resume is what the server answers now.
  await forEachConcurrently(owned.flat(), 32, async (room) => {
    let problem: string | undefined;
    try {
      const res = await client.send('GET', rooms('info', room.roomId));
      const info = res.status === 200 ? (JSON.parse(res.body) as { roomConfig: string | null; status: string }) : null;
      if (!info) problem = `${res.status} ${res.body.slice(0, 200)}`;
      else if (info.roomConfig !== room.roomConfig)
        problem = `roomConfig ${info.roomConfig}, acknowledged ${room.roomConfig}`;
      else if ((info.status === 'suspended') !== room.suspended) {
        problem = `status ${info.status}, acknowledged ${room.suspended ? 'suspended' : 'scheduled'}`;
      }
    } catch (err) {
      problem = (err as Error).message;
    }
    if (problem) {
      writes.lost++;
      if (lostSamples.length < 20) lostSamples.push(`${room.roomId}: ${problem}`);
    }
  });
  client.agent.destroy();

  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const errors = [...errorCounts.values()].reduce((a, b) => a + b, 0);
  return {
    connections: options.connections,
    durationMs: Math.round(elapsedMs),
    requests: all.length,
    errors,
    reqPerSec: Math.round(all.length / (elapsedMs / 1000)),
    p50: round(percentile(all, 50)),
    p99: round(percentile(all, 99)),
    max: round(all.at(-1) ?? 0),
    ops: ops.map((op) => {
      const sorted = (latencies.get(op) ?? []).sort((a, b) => a - b);
      return {
        op,
        count: sorted.length,
        errors: errorCounts.get(op) ?? 0,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
      };
    }),
    errorSamples,
    writes,
    lostSamples,
  };
}

/** The report as a table and a verdict, for people. */
export function formatReport(r: LoadReport): string {
  const rows = [
    ['operation', 'requests', 'errors', 'p50 ms', 'p99 ms', 'max ms'],
    ...r.ops.map((o) => [o.op, o.count, o.errors, o.p50, o.p99, o.max].map(String)),
    ['all', r.requests, r.errors, r.p50, r.p99, r.max].map(String),
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const table = rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
  const { creates, updates, suspends, resumes, lost } = r.writes;
  return [
    `${r.connections} connections for ${(r.durationMs / 1000).toFixed(1)} s: ${r.requests} requests, ${r.reqPerSec} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors`,
    '',
    ...table,
    '',
    `Acknowledged writes: ${creates} creates, ${updates} config updates, ${suspends} suspends, ${resumes} resumes; lost: ${lost}`,
    ...r.errorSamples.map((e) => `  error: ${e}`),
    ...r.lostSamples.map((e) => `  lost: ${e}`),
  ].join('\n');
}
