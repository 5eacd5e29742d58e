import createClient, { type Client } from 'openapi-fetch';
import { ApiError, messageFromBody, NOT_THE_API, parseRetryAfter } from './errors';
import type { paths } from './schema';

export type HathoraClient = Client<paths>;

export interface ClientOptions {
  /** API base URL, e.g. `/api` (the local server) or `https://api.hathora.dev`. */
  baseUrl: string;
  /** Dev token; sent as `Authorization: Bearer` on every route but connectioninfo. */
  token?: string | undefined;
  /** Give up on a request after this long. */
  timeoutMs?: number;
}

const PUBLIC_ROUTES = ['/rooms/v2/{appId}/connectioninfo/{roomId}'];

/**
 * The one typed client of the Hathora API (types generated from openapi/openapi.yaml).
 * Middleware adds the bearer token, a timeout on top of the caller's abort signal, and turns every failure,
 * network errors and timeouts included, into an `ApiError`, so `data` is always set when a call returns.
 */
export function createHathoraClient({ baseUrl, token, timeoutMs = 15_000 }: ClientOptions): HathoraClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, '') });
  rawAccess.set(client, { baseUrl: baseUrl.replace(/\/+$/, ''), token, timeoutMs });
  client.use({
    onRequest({ request, schemaPath }) {
      const headers = new Headers(request.headers);
      if (token && !PUBLIC_ROUTES.includes(schemaPath)) headers.set('Authorization', `Bearer ${token}`);
      return new Request(request, {
        headers,
        signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
      });
    },
    async onResponse({ response }) {
      if (response.ok && (response.status === 204 || isJson(response))) return undefined;
      const text = await response.clone().text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      if (!response.ok) {
        throw new ApiError(
          response.status,
          messageFromBody(body, response.status, response.statusText),
          'http',
          parseRetryAfter(response.headers.get('retry-after')),
        );
      }
      // A success that is not JSON (a web page where the API should be) would fail later as a bare SyntaxError.
      if (typeof body === 'string') throw new ApiError(response.status, NOT_THE_API);
      return undefined;
    },
    onError({ error, request }) {
      if (error instanceof ApiError) return error;
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        return new ApiError(0, `No answer from ${originOf(request.url)} within ${timeoutMs / 1000} s`, 'timeout');
      }
      if (error instanceof DOMException && error.name === 'AbortError') {
        // The caller cancelled (e.g. React Query dropping a stale request): keep the abort as it is.
        return error;
      }
      return new ApiError(0, `Could not reach the API at ${originOf(request.url)}`, 'network');
    },
  });
  return client;
}

/** What a raw (non-JSON) call needs of a client: the same base URL, token and timeout as its middleware. */
const rawAccess = new WeakMap<HathoraClient, { baseUrl: string; token: string | undefined; timeoutMs: number }>();

export interface ProcessLogOptions {
  /** The last this many lines (1..5000). */
  tailLines: number;
  /** Keep the answer open and stream new lines until the process ends. */
  follow?: boolean;
  signal?: AbortSignal;
}

/**
 * A process's log as a stream of bytes (LogsV1), with the client's base URL and token. The openapi-fetch client
 * cannot carry it: its timeout would cut a followed log, and it reads answers whole. Here the timeout covers only
 * the wait for the answer's headers; the body streams until the process ends or `signal` aborts.
 * Failures throw `ApiError` like the typed client's calls; an abort by the caller rejects with the AbortError.
 */
export async function streamProcessLog(
  api: { client: HathoraClient; appId: string },
  processId: string,
  { tailLines, follow = false, signal }: ProcessLogOptions,
): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const query = new URLSearchParams({ tailLines: String(tailLines), follow: String(follow) });
  const response = await rawGet(api, `/logs/v1/${enc(api.appId)}/process/${enc(processId)}?${query}`, signal);
  if (!response.body) throw new ApiError(response.status, 'The log answer had no body');
  return response.body.getReader();
}

/** The whole kept log of a process (LogsV1 download), as a Blob to save. */
export async function downloadProcessLog(
  api: { client: HathoraClient; appId: string },
  processId: string,
  signal?: AbortSignal,
): Promise<Blob> {
  const response = await rawGet(api, `/logs/v1/${enc(api.appId)}/process/${enc(processId)}/download`, signal);
  return response.blob();
}

/**
 * The Roomdeck server's own routes (`/_roomdeck/...`) sit beside its API (`<origin>/api`): a connection whose base
 * URL ends in `/api` may be a Roomdeck server; any other (Hathora Cloud) has none, and this answers null.
 */
export function roomdeckRoot(client: HathoraClient): string | null {
  const baseUrl = rawAccess.get(client)?.baseUrl;
  return baseUrl !== undefined && /\/api$/.test(baseUrl) ? baseUrl.slice(0, -'/api'.length) : null;
}

/** GET a JSON route of the Roomdeck server (`/_roomdeck/...`) with the client's token; ApiError on failure. */
export async function getRoomdeckJson<T>(
  api: { client: HathoraClient },
  path: `/_roomdeck/${string}`,
  signal?: AbortSignal,
): Promise<T> {
  const root = roomdeckRoot(api.client);
  if (root === null) throw new ApiError(404, 'This connection is not a Roomdeck server: it has no such check');
  const response = await rawGet(api, path, signal, { root, json: true });
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

async function rawGet(
  api: { client: HathoraClient },
  path: string,
  signal: AbortSignal | undefined,
  { root, json = false }: { root?: string; json?: boolean } = {},
) {
  const access = rawAccess.get(api.client);
  if (!access) throw new Error('streamProcessLog needs a client made by createHathoraClient');
  const { baseUrl, token, timeoutMs } = access;
  const url = (root ?? baseUrl) + path;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.signal.aborted) {
      throw new ApiError(0, `No answer from ${originOf(url)} within ${timeoutMs / 1000} s`, 'timeout');
    }
    throw new ApiError(0, `Could not reach the API at ${originOf(url)}`, 'network');
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(
      response.status,
      messageFromBody(body, response.status, response.statusText),
      'http',
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  if (json ? !isJson(response) : isJson(response) || /\bhtml\b/i.test(response.headers.get('content-type') ?? '')) {
    // A web page (or anything but a log) where the API should be.
    throw new ApiError(response.status, NOT_THE_API);
  }
  return response;
}

function isJson(response: Response): boolean {
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + (u.pathname.startsWith('/api') ? '/api' : '');
  } catch {
    return 'the API';
  }
}

/** Returns `data` of a successful openapi-fetch result; failures already threw `ApiError` in the middleware. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, response } = await call;
  if (!response.ok) throw new ApiError(response.status, messageFromBody(undefined, response.status));
  return data as T;
}
