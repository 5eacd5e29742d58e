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
