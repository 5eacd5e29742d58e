import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UpstreamConfig } from './config.ts';
import { ApiError } from './errors.ts';
import type { OperationHandlers, RouteSpec } from './openapi.ts';

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The handler of every operation in proxy mode: forwards the (already validated) request to the same path of the
 * upstream with the upstream token, and answers the upstream's status, content type and body. The request is
 * rebuilt from scratch: no header of the client (its Authorization, cookies, hop-by-hop headers) goes upstream.
 */
export function proxyHandlers(specs: RouteSpec[], upstream: UpstreamConfig): OperationHandlers {
  return Object.fromEntries(
    specs.map((spec) => [spec.operationId, forwarder(spec, upstream)]),
  ) as unknown as OperationHandlers;
}

function forwarder(spec: RouteSpec, upstream: UpstreamConfig): Handler {
  const seconds = `${upstream.timeoutMs / 1000} s`;
  return async (req, reply) => {
    const url = upstreamUrl(upstream.url, spec, req);
    const headers: Record<string, string> = { accept: 'application/json' };
    // connectioninfo is public: the token goes only where the document asks for it.
    if (spec.requiresAuth) headers.authorization = `Bearer ${upstream.token}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }

    let res: Response;
    let payload: Buffer;
    try {
      res = await fetch(url, {
        method: spec.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(upstream.timeoutMs),
      });
      // Read within the same timeout: an upstream that stalls mid-body is a timeout too.
      payload = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      const failure =
        (err as Error).name === 'TimeoutError'
          ? new ApiError(504, `Upstream ${upstream.url} did not answer within ${seconds}`)
          : new ApiError(502, `Could not reach upstream ${upstream.url}: ${networkReason(err)}`);
      req.log.warn(`${spec.operationId}: ${failure.message}`);
      throw failure;
    }

    // The upstream has no reason to echo the token; if it ever does, it does not leave this server.
    const token = Buffer.from(upstream.token);
    if (payload.includes(token))
      payload = Buffer.from(payload.toString('utf8').replaceAll(upstream.token, '[redacted]'));

    // Of the upstream's headers only Content-Type and Retry-After are passed on: never cookies or hop-by-hop ones.
    const retryAfter = res.headers.get('retry-after');
    if (retryAfter !== null) reply.header('retry-after', retryAfter);
    if (res.status >= 300 && res.status < 400) {
      throw new ApiError(
        502,
        `Upstream ${upstream.url} answered ${res.status} (a redirect): check ROOMDECK_UPSTREAM, e.g. https instead of http`,
      );
    }
    if (res.status === 401) {
      // Not the client's fault, and a 401 would send the dashboard to its sign-in: the server's token was refused.
      const detail = errorMessage(res, payload);
      throw new ApiError(
        502,
        `Upstream ${upstream.url} refused this Roomdeck's token (401${detail ? `: ${detail}` : ''}); ROOMDECK_UPSTREAM_TOKEN on the server is missing, wrong or expired`,
      );
    }
    if (res.status >= 400 && errorMessage(res, payload) === undefined) {
      throw new ApiError(
        res.status,
        `Upstream ${upstream.url} answered ${res.status} ${res.statusText} without a JSON message`.trimEnd(),
      );
    }

    reply.code(res.status);
    const type = res.headers.get('content-type');
    if (type !== null) reply.header('content-type', type);
    if (res.status === 204 || payload.length === 0) reply.send();
    else reply.send(payload);
  };
}

/**
 * The upstream URL of a request: the document's path with the validated parameters, each percent-encoded (and
 * never a `.` or `..` segment), so the upstream sees exactly the documented route; the query string as sent.
 */
function upstreamUrl(base: string, spec: RouteSpec, req: FastifyRequest): string {
  const params = req.params as Record<string, string>;
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name] ?? '';
    if (value === '' || value === '.' || value === '..') throw new ApiError(400, `Path parameter ${name} is invalid`);
    return encodeURIComponent(value);
  });
  const query = req.url.indexOf('?');
  return `${base}${path}${query === -1 ? '' : req.url.slice(query)}`;
}

/** The `message` of an upstream JSON error body, if it has one. */
function errorMessage(res: Response, payload: Buffer): string | undefined {
  if (!/^application\/(.+\+)?json\b/i.test(res.headers.get('content-type') ?? '')) return undefined;
  try {
    const body: unknown = JSON.parse(payload.toString('utf8'));
    if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
      return (body as { message: string }).message;
    }
  } catch {
    // not JSON after all
  }
  return undefined;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
};

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code !== undefined) return REASONS[code] ?? `${code}${code.includes('CERT') ? ' (TLS certificate)' : ''}`;
  return typeof cause?.message === 'string' ? cause.message : (err as Error).message;
}
