import type { APIRequestContext } from '@playwright/test';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../src/api/schema';

/**
 * The typed Hathora API client of e2e tests and benchmarks, from the same OpenAPI types as the dashboard
 * (src/api/schema.d.ts, generated from openapi/openapi.yaml). Unlike the dashboard's client it turns nothing into
 * exceptions: a test looks at `response.status`, `data` and `error` itself.
 *
 *   const api = createTestApiClient({ origin: 'http://127.0.0.1:8799', token });
 *   const { data, response } = await api.GET('/rooms/v2/{appId}/info/{roomId}', { params: { path: { appId, roomId } } });
 */
export type TestApiClient = Client<paths>;
export type Schemas = components['schemas'];

export function createTestApiClient({
  origin,
  token,
  basePath = '/api',
}: {
  /** The server's origin, e.g. `http://127.0.0.1:8799`. */
  origin: string;
  /** Sent as `Authorization: Bearer` on every call (connectioninfo ignores it). */
  token?: string | undefined;
  basePath?: string;
}): TestApiClient {
  return createClient<paths>({
    baseUrl: `${origin.replace(/\/+$/, '')}${basePath}`,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

/** Answers that must have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);
const CONTEXT_ORIGIN = 'http://request-context.invalid';

/**
 * The same typed client over a Playwright request context: the context's `baseURL` and `extraHTTPHeaders` (the
 * token) apply, and the calls show in Playwright's traces.
 */
export function createRequestContextApiClient(request: APIRequestContext, basePath = '/api'): TestApiClient {
  return createClient<paths>({
    baseUrl: `${CONTEXT_ORIGIN}${basePath}`,
    fetch: async (input: Request) => {
      const url = new URL(input.url);
      const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
      const answer = await request.fetch(`${url.pathname}${url.search}`, {
        method: input.method,
        headers: Object.fromEntries(input.headers),
        ...(hasBody ? { data: Buffer.from(await input.arrayBuffer()) } : {}),
      });
      const status = answer.status();
      return new Response(NULL_BODY.has(status) ? null : new Uint8Array(await answer.body()), {
        status,
        headers: answer.headers(),
      });
    },
  });
}
