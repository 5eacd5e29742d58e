import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { type Access, SIGN_IN_PATH } from './access.ts';
import type { UpstreamConfig } from './config.ts';
import { ApiError } from './errors.ts';
import type { OperationHandlers, RouteSpec } from './openapi.ts';

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface ProxyOptions {
  /** ROOMDECK_READ_ONLY: no request may resume a suspended room. */
  readOnly?: boolean;
  /** Access control (ROOMDECK_ACCESS_TOKEN): only a signed-in session may resume a suspended room. */
  access?: Pick<Access, 'hasSession'>;
}

/**
 * Whether this request may resume a suspended room, which Hathora's GetConnectionInfo does. Resuming is a change:
 * never in read-only mode, and with access control only with a session. Without access control the proxy answers
 * this machine only (see sameSiteOnly), which may call resume anyway, so connectioninfo is forwarded as is.
 */
function mayResume(options: ProxyOptions, req: FastifyRequest): boolean {
  return !options.readOnly && (options.access?.hasSession(req) ?? true);
}

/**
 * The most an upstream answer may hold, read or not: 16 MiB. The largest legitimate answers are the room lists of
 * a process and the process lists; a room is a few hundred bytes of JSON (ids, config up to 10,000 characters
 * being the exception), so 16 MiB holds tens of thousands of ordinary rooms, well beyond what one process hosts.
 * A larger answer is refused (502) and the proxy stops reading it: memory per request stays bounded.
 */
export const UPSTREAM_BODY_LIMIT = 16 * 1024 * 1024;

/** `default-src 'none'`: an /api answer is data, never a document that runs or loads anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * An onRequest hook of the proxy's /api scope: the CSP on every answer there, also those of validation, the
 * access guard and read-only mode (security.ts adds nosniff to every answer).
 */
export const apiSecurityHeaders: onRequestHookHandler = (_req, reply, done) => {
  reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
  done();
};

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/**
 * The handler of every operation in proxy mode: forwards the (already validated) request to the same path of the
 * upstream with the upstream token, and answers the upstream's status and JSON body. The request is rebuilt from
 * scratch: no header of the client (its Authorization, cookies, hop-by-hop headers) goes upstream. The answer is
 * rebuilt too: JSON or empty (anything else is a 502), at most UPSTREAM_BODY_LIMIT, never encoded, the upstream
 * token redacted in every form, and of the upstream's headers only a well-formed Retry-After.
 */
export function proxyHandlers(
  specs: RouteSpec[],
  upstream: UpstreamConfig,
  options: ProxyOptions = {},
): OperationHandlers {
  const info = specs.find((s) => s.operationId === 'GetRoomInfo');
  return Object.fromEntries(
    specs.map((spec) => [
      spec.operationId,
      forwarder(spec, upstream, spec.operationId === 'GetConnectionInfo' ? { info, ...options } : {}),
    ]),
  ) as unknown as OperationHandlers;
}

interface Answer {
  status: number;
  headers: Headers;
  payload: Buffer;
}

function forwarder(spec: RouteSpec, upstream: UpstreamConfig, options: ProxyOptions & { info?: RouteSpec }): Handler {
  const redact = redactor(upstream.token);
  const isLog = LOG_OPERATIONS.has(spec.operationId);
  return async (req, reply) => {
    if (isLog && (req.query as { follow?: boolean }).follow === true)
      return followUpstreamLog(spec, upstream, req, reply, redact);
    if (options.info && !mayResume(options, req))
      await refuseSuspended(options.info, upstream, req, redact, options.readOnly === true);

    const res = await ask(spec, upstream, req, redact);
    // Of the upstream's headers only Retry-After is passed on, and only as a number of seconds or an HTTP date.
    const retryAfter = validRetryAfter(res.headers.get('retry-after'));
    if (retryAfter !== undefined) reply.header('retry-after', retryAfter);

    if (res.status >= 300 && res.status < 400) {
      throw new ApiError(
        502,
        `Upstream ${upstream.url} answered ${res.status} (a redirect): check ROOMDECK_UPSTREAM, e.g. https instead of http`,
      );
    }
    const json = parseJson(res);
    if (res.status === 401) {
      // Not the client's fault, and a 401 would send the dashboard to its sign-in: the server's token was refused.
      const message = messageOf(json);
      const detail = message === undefined ? undefined : redact(message);
      throw new ApiError(
        502,
        `Upstream ${upstream.url} refused this Roomdeck's token (401${detail ? `: ${detail}` : ''}); ROOMDECK_UPSTREAM_TOKEN on the server is missing, wrong or expired`,
      );
    }
    if (res.status >= 400 && messageOf(json) === undefined) {
      // The upstream's reason phrase is never passed on (it could carry anything, the token included).
      throw new ApiError(
        res.status,
        `Upstream ${upstream.url} answered ${res.status} without a JSON message${typeNote(res, redact)}`,
      );
    }
    if (res.status === 204 || res.payload.length === 0) {
      reply.code(res.status).send();
      return;
    }
    if (isLog && res.status === 200) {
      // A log is text (the game's output): passed on with the token redacted, never as JSON.
      reply
        .code(200)
        .type('application/octet-stream')
        .send(redact(res.payload.toString('utf8')));
      return;
    }
    if (json === NOT_JSON) {
      throw new ApiError(
        502,
        `Upstream ${upstream.url} answered ${res.status} with a body that is not JSON${typeNote(res, redact)}`,
      );
    }
    reply.code(res.status).header('content-type', 'application/json; charset=utf-8').send(redactJson(json, redact));
  };
}

/** LogsV1: answers of text, not JSON. */
const LOG_OPERATIONS: ReadonlySet<string> = new Set(['GetLogsForProcess', 'DownloadLogForProcess']);

/** A partial line longer than this is passed on (redacted) without waiting for its end. */
const LONG_LINE = 64 * 1024;

/**
 * A followed log (follow=true) stays open as long as the process runs: it is streamed line by line, each line
 * redacted (a token cannot hide across a line break), until the upstream ends it or the client goes away. Only
 * the wait for the upstream's answer is bounded by the upstream timeout.
 */
async function followUpstreamLog(
  spec: RouteSpec,
  upstream: UpstreamConfig,
  req: FastifyRequest,
  reply: FastifyReply,
  redact: Redactor,
): Promise<FastifyReply> {
  const abort = new AbortController();
  req.raw.once('close', () => abort.abort());
  const timer = setTimeout(() => abort.abort(), upstream.timeoutMs);
  let res: Response;
  try {
    res = await fetch(upstreamUrl(upstream.url, spec, req), {
      headers: { authorization: `Bearer ${upstream.token}`, 'accept-encoding': 'identity' },
      redirect: 'manual',
      signal: abort.signal,
    });
  } catch (err) {
    throw (err as Error).name === 'AbortError'
      ? new ApiError(504, `Upstream ${upstream.url} did not answer within ${upstream.timeoutMs / 1000} s`)
      : new ApiError(502, `Could not reach upstream ${upstream.url}: ${redact(networkReason(err))}`);
  } finally {
    clearTimeout(timer);
  }
  const encoding = res.headers.get('content-encoding')?.trim().toLowerCase();
  if (res.status !== 200 || res.body === null || (encoding && encoding !== 'identity')) {
    const payload = await readCapped(res, upstream.url);
    const message = messageOf(parseJson({ status: res.status, headers: res.headers, payload }));
    throw new ApiError(
      res.status === 200 ? 502 : res.status,
      message === undefined ? `Upstream ${upstream.url} answered ${res.status} to a followed log` : redact(message),
    );
  }
  const reader = res.body.getReader();
  req.raw.once('close', () => reader.cancel().catch(() => {}));
  const lines = Readable.from(
    (async function* () {
      const decoder = new TextDecoder();
      let pending = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        pending += decoder.decode(value, { stream: true });
        const cut = pending.length > LONG_LINE ? pending.length : pending.lastIndexOf('\n') + 1;
        if (cut > 0) {
          yield redact(pending.slice(0, cut));
          pending = pending.slice(cut);
        }
      }
      pending += decoder.decode();
      if (pending) yield redact(pending);
    })(),
  );
  return reply.code(200).type('application/octet-stream').header('x-accel-buffering', 'no').send(lines);
}

/**
 * connectioninfo for a caller who may not resume rooms: Hathora's GetConnectionInfo reschedules a suspended room,
 * so the room's info is asked first and a suspended room is refused (409) without calling connectioninfo. A room
 * the upstream does not know (404) is left to connectioninfo, which answers the same.
 */
async function refuseSuspended(
  info: RouteSpec,
  upstream: UpstreamConfig,
  req: FastifyRequest,
  redact: Redactor,
  readOnly: boolean,
): Promise<void> {
  const res = await ask(info, upstream, req, redact, false);
  if (res.status === 404) return;
  const json = parseJson(res);
  if (res.status !== 200 || json === NOT_JSON || !json || typeof json !== 'object') {
    throw new ApiError(
      502,
      `Upstream ${upstream.url} answered ${res.status} when asked whether the room is suspended; connectioninfo was not forwarded, as it would resume a suspended room`,
    );
  }
  if ((json as { status?: unknown }).status === 'suspended') {
    const { roomId } = req.params as { roomId: string };
    throw new ApiError(
      409,
      readOnly
        ? `Room ${roomId} is suspended; this Roomdeck is read-only (ROOMDECK_READ_ONLY=1) and will not resume it: resume it from a Roomdeck that may make changes, then ask again`
        : `Room ${roomId} is suspended; this Roomdeck will not resume it for a visitor who is not signed in: sign in at ${SIGN_IN_PATH}, resume the room, then ask again`,
    );
  }
}

/** One upstream request: the answer's status, headers and body, read within the timeout and the size limit. */
async function ask(
  spec: RouteSpec,
  upstream: UpstreamConfig,
  req: FastifyRequest,
  redact: Redactor,
  withQuery = true,
): Promise<Answer> {
  const seconds = `${upstream.timeoutMs / 1000} s`;
  const url = upstreamUrl(upstream.url, spec, req, withQuery);
  // identity: an encoded answer is refused below rather than inflated (a small gzip bomb inflates to gigabytes).
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'identity' };
  // connectioninfo is public: the token goes only where the document asks for it.
  if (spec.requiresAuth) headers.authorization = `Bearer ${upstream.token}`;
  let body: string | undefined;
  if (req.body !== undefined && spec.method !== 'GET') {
    body = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }

  try {
    const res = await fetch(url, {
      method: spec.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(upstream.timeoutMs),
    });
    const encoding = res.headers.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      await res.body?.cancel();
      throw new ApiError(
        502,
        `Upstream ${upstream.url} answered with content encoding ${JSON.stringify(redact(encoding.slice(0, 40)))} although asked for identity; this Roomdeck does not inflate upstream answers`,
      );
    }
    // Read within the same timeout: an upstream that stalls mid-body is a timeout too.
    const payload = await readCapped(res, upstream.url);
    return { status: res.status, headers: res.headers, payload };
  } catch (err) {
    if (err instanceof ApiError) {
      req.log.warn(`${spec.operationId}: ${err.message}`);
      throw err;
    }
    const failure =
      (err as Error).name === 'TimeoutError'
        ? new ApiError(504, `Upstream ${upstream.url} did not answer within ${seconds}`)
        : new ApiError(502, `Could not reach upstream ${upstream.url}: ${redact(networkReason(err))}`);
    req.log.warn(`${spec.operationId}: ${failure.message}`);
    throw failure;
  }
}

/** The body, or a 502 as soon as it passes UPSTREAM_BODY_LIMIT (the rest is never read: the stream is cancelled). */
async function readCapped(res: Response, base: string): Promise<Buffer> {
  const tooLarge = () =>
    new ApiError(
      502,
      `Upstream ${base} answered more than ${UPSTREAM_BODY_LIMIT / 1024 / 1024} MiB; this Roomdeck refuses larger answers`,
    );
  const declared = Number(res.headers.get('content-length'));
  if (declared > UPSTREAM_BODY_LIMIT) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (res.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > UPSTREAM_BODY_LIMIT) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

const NOT_JSON = Symbol('not JSON');

/** The parsed body when the upstream says and sends JSON; NOT_JSON otherwise (also for an empty body). */
function parseJson(res: Answer): unknown {
  if (!JSON_TYPE.test(res.headers.get('content-type') ?? '') || res.payload.length === 0) return NOT_JSON;
  try {
    return JSON.parse(res.payload.toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}

/** The `message` of an upstream JSON error body, if it has one. */
function messageOf(json: unknown): string | undefined {
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message;
  }
  return undefined;
}

/** " (content type text/html)" or " (no content type)", for a message about a body that is not JSON. */
function typeNote(res: Answer, redact: Redactor): string {
  const type = res.headers.get('content-type')?.split(';')[0]?.trim();
  return type ? ` (content type ${JSON.stringify(redact(type.slice(0, 60)))})` : ' (no content type)';
}

type Redactor = (text: string) => string;

/**
 * Redaction of the upstream token in every form it could come back in: as is, percent-encoded (either case) and
 * base64 (standard or URL-safe, also after "Bearer "). JSON escapes (`\/`, `\u0074`) are undone by parsing before
 * redaction (see redactJson), so they are covered too. The upstream has no reason to echo the token at all.
 */
function redactor(token: string): Redactor {
  const forms = new Set<string>([token, encodeURIComponent(token), encodeURIComponent(token).toLowerCase()]);
  for (const raw of [token, `Bearer ${token}`]) {
    const b64 = Buffer.from(raw).toString('base64');
    forms.add(b64);
    forms.add(b64.replace(/=+$/, ''));
    forms.add(Buffer.from(raw).toString('base64url'));
  }
  const sorted = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of sorted) if (out.includes(form)) out = out.replaceAll(form, '[redacted]');
    return out;
  };
}

/**
 * The body to send: the parsed JSON with the token redacted in every string, serialized again. Never the upstream's
 * bytes: they could hold what parsing drops (a duplicate key's first value, with the token in it).
 */
function redactJson(json: unknown, redact: Redactor): string {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v)]));
    }
    return value;
  };
  return JSON.stringify(walk(json));
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const HTTP_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (?:${MONTHS}) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`);

/** Retry-After as a number of seconds (up to 9 digits) or an HTTP date (IMF-fixdate); anything else is dropped. */
export function validRetryAfter(value: string | null): string | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return v;
  if (HTTP_DATE.test(v) && !Number.isNaN(Date.parse(v))) return v;
  return undefined;
}

/**
 * The upstream URL of a request: the document's path with the validated parameters, each percent-encoded (and
 * never a `.` or `..` segment), so the upstream sees exactly the documented route; the query string as sent.
 */
function upstreamUrl(base: string, spec: RouteSpec, req: FastifyRequest, withQuery = true): string {
  const params = req.params as Record<string, string>;
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name] ?? '';
    if (value === '' || value === '.' || value === '..') throw new ApiError(400, `Path parameter ${name} is invalid`);
    return encodeURIComponent(value);
  });
  const query = req.url.indexOf('?');
  return `${base}${path}${query === -1 || !withQuery ? '' : req.url.slice(query)}`;
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
