import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { ApiError } from './errors.ts';

/** Request bodies above this are refused with 413. */
export const BODY_LIMIT = 64 * 1024;

const ID_PATTERNS = new Set(['^[a-zA-Z0-9_-]*$', '^[a-zA-Z0-9_-]+$']);
const MAX_ECHO = 80;

/** User input for a message, shortened so an error never echoes a huge value. */
export function shorten(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}...` : value;
}

/** User input for a message, quoted and shortened. */
const echo = (value: string): string => JSON.stringify(shorten(value));

/**
 * Turns the first Ajv error into a message naming the field, e.g.
 * `body.roomConfig must NOT have more than 10000 characters` or `query.region must be one of: Seattle, ...`.
 */
export function formatValidationError(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const part = dataVar === 'querystring' ? 'query' : dataVar;
  const e = errors[0];
  if (!e) return new Error(`${part} is invalid`);
  const field =
    part + e.instancePath.replace(/\/([^/]*)/g, (_, key: string) => (/^\d+$/.test(key) ? `[${key}]` : `.${key}`));
  const params = e.params as Record<string, unknown>;
  let message: string;
  if (part === 'body' && e.instancePath === '' && e.keyword === 'type') {
    message = 'Request body must be a JSON object (Content-Type: application/json)';
  } else if (e.keyword === 'required') {
    message = `${field}.${String(params.missingProperty)} is required`;
  } else if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `${field} must be one of: ${params.allowedValues.join(', ')}`;
  } else if (e.keyword === 'pattern' && ID_PATTERNS.has(String(params.pattern))) {
    message = `${field} must contain only letters, digits, '_' and '-'`;
  } else {
    message = `${field} ${e.message ?? 'is invalid'}`;
  }
  return new Error(message);
}

/**
 * JSON bodies nested deeper than this are refused (400). No body of the API nests beyond 2 levels, and a deep one
 * (valid JSON, within 64 KiB: 10,000 levels fit) would overflow the stack of recursive code that handles it later,
 * such as JSON.stringify when the proxy passes a body on (a 500).
 */
export const MAX_JSON_DEPTH = 64;

/** Whether the JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; a quote ends the string.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Body parsing: JSON (an empty body counts as no body: the SDK POSTs destroy, suspend and resume without one),
 * and any other content type is accepted only when the body is empty (415 otherwise).
 */
export function installBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(new ApiError(400, `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    }
    parseJson(req, text, (err, value) => {
      if (!err) return done(null, value);
      let detail = 'it contains a forbidden __proto__ or constructor.prototype key';
      try {
        JSON.parse(text);
      } catch (syntax) {
        detail = (syntax as Error).message;
      }
      done(new ApiError(400, `Request body is not valid JSON: ${detail}`), undefined);
    });
  });
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    const type = req.headers['content-type'] ?? '';
    done(new ApiError(415, `Unsupported Content-Type ${echo(type)}: send the body as application/json`), undefined);
  });
}

/** Answers on a bare socket (outside Fastify) in the API's error format, then closes the connection. */
function answerOnSocket(socket: Socket, status: number, message: string): void {
  if (socket.writable) {
    const body = JSON.stringify({ message });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Requests that Node's HTTP parser refuses (a malformed request line or header, broken framing, a head over
 * Node's 16 KiB limit) never reach Fastify. They are answered here, in the API's error format, before the
 * connection is closed (Fastify's default answers `{"error","message","statusCode"}` with "Client Error").
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    answerOnSocket(socket, 431, `The request line and headers are larger than the limit of ${maxHeaderSize} bytes`);
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    answerOnSocket(socket, 408, 'The request was not received in time');
  } else {
    // llhttp's reason, e.g. "Invalid method encountered": fixed text, never the request's bytes.
    answerOnSocket(socket, 400, `Malformed HTTP request: ${err.message.replace(/^Parse Error: /, '')}`);
  }
}

/**
 * HTTP-level checks Node leaves to the application or answers without a body:
 *  - CONNECT (a proxy tunnel, which this server is not): Node drops the connection unanswered; 405 instead.
 *  - Host: an HTTP/1.1 request needs exactly one (RFC 9112, section 3.2). Node's own check answers a bare 400
 *    and lets a repeated Host through, so the server is built with `requireHostHeader: false` and checks here.
 */
export function installProtocolChecks(app: FastifyInstance): void {
  app.server.on('connect', (_req, socket: Socket) => {
    answerOnSocket(socket, 405, 'Method CONNECT is not allowed: this server is not a proxy');
  });
  app.addHook('onRequest', (req, reply, done) => {
    const raw = req.raw.rawHeaders;
    let hosts = 0;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i] as string;
      if (name.length === 4 && name.toLowerCase() === 'host') hosts++;
    }
    if (hosts === 1 || (hosts === 0 && req.raw.httpVersion !== '1.1')) return done();
    reply.code(400).send({ message: `A request needs exactly one Host header, this one has ${hosts}` });
  });
}

/**
 * Errors Fastify raises before routing: a path that is not valid percent-encoding (`%`, `%zz`, `%C0%AF`) is a
 * 400 in the API's error format (Fastify's default answers `{"error","code","message","statusCode"}`).
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const message =
    err.code === 'FST_ERR_BAD_URL'
      ? `Malformed URL ${echo(req.url)}: a '%' must be followed by two hex digits of valid UTF-8`
      : err.message;
  // Sent before the request hooks (which set this header on every other answer) run.
  reply
    .code(err.statusCode ?? 400)
    .header('x-content-type-options', 'nosniff')
    .send({ message });
}

/** Within this window, a server fault already logged is counted instead of logged again. */
export const ERROR_LOG_WINDOW_MS = 60_000;
/** Distinct faults tracked at once; beyond it the oldest are summarized and forgotten. */
const MAX_TRACKED_ERRORS = 200;

interface Seen {
  since: number;
  /** Occurrences since the one logged in full. */
  more: number;
  method: string;
  route: string;
}

/**
 * Logs each server fault once per {@link ERROR_LOG_WINDOW_MS} per route and message: the first with its stack, the
 * others counted and summarized in one line ("... N more times") when the window ends (at the next occurrence
 * after it, or when the server closes). A flood of failing requests cannot fill the disk with stacks.
 */
class ErrorLog {
  readonly #seen = new Map<string, Seen>();

  constructor(
    readonly app: FastifyInstance,
    readonly now: () => number = Date.now,
  ) {}

  report(err: FastifyError, req: FastifyRequest): void {
    const route = req.routeOptions.url ?? shorten(req.url.split('?')[0] ?? req.url);
    const key = `${req.method} ${route} ${err.code ?? err.name}: ${err.message}`;
    const now = this.now();
    const seen = this.#seen.get(key);
    if (seen && now - seen.since < ERROR_LOG_WINDOW_MS) {
      seen.more++;
      return;
    }
    if (seen) this.#summarize(key, seen);
    this.#seen.delete(key);
    if (this.#seen.size >= MAX_TRACKED_ERRORS) {
      const [oldest, value] = this.#seen.entries().next().value as [string, Seen];
      this.#summarize(oldest, value);
      this.#seen.delete(oldest);
    }
    this.#seen.set(key, { since: now, more: 0, method: req.method, route });
    req.log.error(
      { err, reqId: req.id, method: req.method, url: shorten(req.url) },
      `request failed (repeats within ${ERROR_LOG_WINDOW_MS / 1000} s are counted, not logged)`,
    );
  }

  /** Logs the counts not yet logged (the server is closing). */
  flush(): void {
    for (const [key, seen] of this.#seen) this.#summarize(key, seen);
    this.#seen.clear();
  }

  #summarize(key: string, seen: Seen): void {
    if (seen.more === 0) return;
    const message = key.slice(key.indexOf(': ') + 2);
    this.app.log.error(
      { method: seen.method, route: seen.route, count: seen.more },
      `request failed ${seen.more} more times since ${new Date(seen.since).toISOString()}: ${shorten(message)}`,
    );
  }
}

/** Every error becomes `application/json` `{"message"}`; only real server faults are 500 (and logged, see ErrorLog). */
export function installErrorHandler(app: FastifyInstance): void {
  const errors = new ErrorLog(app);
  app.addHook('onClose', (_app, done) => {
    errors.flush();
    done();
  });
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ApiError) return reply.code(err.statusCode).send({ message: err.message });
    if (err.validation) return reply.code(400).send({ message: err.message });
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply
          .code(413)
          .send({ message: `Request body is larger than the limit of ${BODY_LIMIT} bytes (64 KiB)` });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send({
          message: `Unsupported Content-Type ${echo(req.headers['content-type'] ?? '')}: send the body as application/json`,
        });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.code(400).send({ message: 'Request body size does not match its Content-Length header' });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ message: err.message });
    errors.report(err, req);
    return reply.code(500).send({ message: `Internal server error (${err.code ?? err.name}); see the server log` });
  });
}
