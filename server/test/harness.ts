import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BuildAppOptions, buildApp, buildProxyApp, type RoomdeckApp, type RoomdeckServer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { contract } from './contract.ts';

export const TEST_TOKEN = 'test-token-7f3a9c';
export const APP_ID = 'app-af469a92-5b45-4565-b3c4-b79878de67d2';

/** Short start-up delays so lifecycle tests are quick; every other setting is the default. */
export const TEST_ENV: Record<string, string> = {
  ROOMDECK_DB: ':memory:',
  PORT: '0',
  ROOMDECK_TOKEN: TEST_TOKEN,
  ROOMDECK_PROCESS_START_MS: '50',
  ROOMDECK_ROOM_START_MS: '50',
  // Tests set faults at run time, as the e2e suites do.
  ROOMDECK_FAULTS: '1',
  // Nothing runs unless a test asks for the local runtime (server/runtime/*.test.ts).
  ROOMDECK_RUNTIME: 'simulated',
};

/** Suites send many wrong tokens on purpose; server/limits.test.ts tests the real limit (FAILURE_LIMIT). */
const UNLIMITED = { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };

export interface CallOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (with `contentType`). */
  raw?: string;
  contentType?: string;
  /** The bearer token; default the server's, null for none. */
  token?: string | null;
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: test replies are inspected freely
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class TestServer {
  constructor(
    readonly roomdeck: RoomdeckApp,
    readonly base: string,
    readonly appId: string,
    readonly token: string,
  ) {}

  /** `/api/rooms/v2/{appId}/{op}/{id}` */
  rooms(op: string, id?: string): string {
    return `/api/rooms/v2/${this.appId}/${op}${id === undefined ? '' : `/${id}`}`;
  }

  /** From now on, the URL of every request this server receives that contains `fragment`, in order. */
  recordRequests(fragment: string): string[] {
    const urls: string[] = [];
    this.roomdeck.app.server.on('request', (req) => {
      if (req.url?.includes(fragment)) urls.push(req.url);
    });
    return urls;
  }

  /** `/api/processes/v1/{appId}/{rest}` */
  processes(rest: string): string {
    return `/api/processes/v1/${this.appId}/${rest}`;
  }

  /** Calls the server over real HTTP; every /api response is checked against openapi.yaml. */
  // biome-ignore lint/suspicious/noExplicitAny: see Reply
  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.raw !== undefined) {
      body = options.raw;
      if (options.contentType) headers['content-type'] = options.contentType;
    } else if (options.contentType) {
      headers['content-type'] = options.contentType;
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const parsed = contentType?.startsWith('application/json') && text !== '' ? JSON.parse(text) : text;
    if (path.startsWith('/api') && method !== 'HEAD') {
      contract.check(method, path.split('?')[0] ?? path, res.status, contentType, text === '' ? undefined : parsed);
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  // biome-ignore lint/suspicious/noExplicitAny: see Reply
  get = <T = any>(path: string, options?: CallOptions) => this.call<T>('GET', path, options);
  // biome-ignore lint/suspicious/noExplicitAny: see Reply
  post = <T = any>(path: string, options?: CallOptions) => this.call<T>('POST', path, options);

  close(): Promise<void> {
    return this.roomdeck.close();
  }
}

/** Starts the real app in-process on a free port (in-memory database unless `env` says otherwise). */
export async function startServer(
  env: Record<string, string> = {},
  options: Omit<BuildAppOptions, 'config'> = {},
): Promise<TestServer> {
  const config = loadConfig({ ...TEST_ENV, ...env });
  const roomdeck = await buildApp({ config, failureLimit: UNLIMITED, ...options });
  await roomdeck.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = roomdeck.app.server.address() as AddressInfo;
  return new TestServer(roomdeck, `http://127.0.0.1:${port}`, config.appId, config.token);
}

export interface ProxyCallOptions {
  json?: unknown;
  headers?: Record<string, string>;
  /** Sent as the session cookie. */
  session?: string;
}

/** A proxy-mode server (ROOMDECK_UPSTREAM) in-process; every answer it gives is kept in `answers`. */
export class ProxyServer {
  /** Status line, headers and body of every response, to prove what never appears in one. */
  readonly answers: string[] = [];

  constructor(
    readonly server: RoomdeckServer,
    readonly base: string,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: see Reply
  async call<T = any>(method: string, path: string, options: ProxyCallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.session !== undefined) headers.cookie = `roomdeck_session=${options.session}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    this.answers.push(`${res.status} ${JSON.stringify([...res.headers])} ${text}`);
    const parsed = res.headers.get('content-type')?.startsWith('application/json') && text ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Starts a proxy-mode server in front of `upstream` (a base URL such as `http://127.0.0.1:1234/api`). */
export async function startProxy(
  upstream: string,
  upstreamToken: string,
  env: Record<string, string> = {},
  options: Omit<BuildAppOptions, 'config'> = {},
): Promise<ProxyServer> {
  const config = loadConfig({
    PORT: '0',
    ROOMDECK_UPSTREAM: upstream,
    ROOMDECK_UPSTREAM_TOKEN: upstreamToken,
    ROOMDECK_APP_ID: APP_ID,
    ...env,
  });
  const server = await buildProxyApp({ config, failureLimit: UNLIMITED, ...options });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.app.server.address() as AddressInfo;
  return new ProxyServer(server, `http://127.0.0.1:${port}`);
}

/** Polls `probe` until `done` holds for its value (or fails after `timeoutMs`). */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

/** Runs `fn` over the items with at most `limit` calls in flight. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
