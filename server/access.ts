import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isLoopback } from './config.ts';
import type { FailureLimiter } from './limits.ts';
import type { RouteGuards } from './openapi.ts';

export const SIGN_IN_PATH = '/_roomdeck/signin';
export const SIGN_OUT_PATH = '/_roomdeck/signout';
export const SESSION_COOKIE = 'roomdeck_session';
const SESSION_HOURS = 12;
const SESSION_MS = SESSION_HOURS * 60 * 60 * 1000;

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Access control (`ROOMDECK_ACCESS_TOKEN`): a browser signs in once with the access token, then holds a session
 * cookie naming a random session id (HttpOnly, SameSite=Strict, Secure over https). Sessions live in this
 * process's memory, keyed by the id's hash; a restart signs everyone out.
 */
export class Access {
  readonly #expected: Buffer;
  /** sha256(session id) -> expiry (ms since the epoch). */
  readonly #sessions = new Map<string, number>();
  readonly #now: () => number;

  constructor(accessToken: string, now: () => number = Date.now) {
    this.#expected = sha256(accessToken);
    this.#now = now;
  }

  /** Constant time: both sides are hashed to 32 bytes first, so neither content nor length leaks through timing. */
  matches(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.#expected);
  }

  /** A new session; returns its id (the cookie value). */
  startSession(): string {
    const now = this.#now();
    for (const [key, expires] of this.#sessions) if (expires <= now) this.#sessions.delete(key);
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(sha256(id).toString('hex'), now + SESSION_MS);
    return id;
  }

  hasSession(req: FastifyRequest): boolean {
    const id = sessionId(req);
    if (id === undefined) return false;
    const key = sha256(id).toString('hex');
    const expires = this.#sessions.get(key);
    if (expires === undefined) return false;
    if (expires > this.#now()) return true;
    this.#sessions.delete(key);
    return false;
  }

  endSession(req: FastifyRequest): void {
    const id = sessionId(req);
    if (id !== undefined) this.#sessions.delete(sha256(id).toString('hex'));
  }

  /**
   * An onRequest hook: a request with a valid session passes. With `bearer` (the local server's dev token check),
   * a request that carries an Authorization header is left to it instead, so programs keep working with the token.
   */
  guard(bearer?: onRequestHookHandler): onRequestHookHandler {
    const message = bearer
      ? `Sign in first (open ${SIGN_IN_PATH} in a browser), or send the header 'Authorization: Bearer <token>'`
      : `Sign in first: open ${SIGN_IN_PATH} in a browser and enter this Roomdeck's access token`;
    return (req, reply, done) => {
      if (this.hasSession(req)) return done();
      if (bearer && req.headers.authorization !== undefined) return bearer.call(req.server, req, reply, done);
      reply.code(401).send({ message });
    };
  }
}

function sessionId(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** The guards of every API route: authentication where the document asks for it, then read-only mode. */
export function routeGuards(authenticate: onRequestHookHandler | undefined, readOnly: boolean): RouteGuards {
  return (spec) => {
    const guards: onRequestHookHandler[] = [];
    if (authenticate && spec.requiresAuth) guards.push(authenticate);
    if (readOnly && spec.method !== 'GET') {
      const message = `This Roomdeck is read-only (ROOMDECK_READ_ONLY=1): it refuses ${spec.operationId} and every other change to rooms`;
      guards.push((_req, reply) => {
        reply.code(403).send({ message });
      });
    }
    return guards;
  };
}

/** Only a path on this origin (never `//host` or `/\host`), so the sign-in page cannot redirect elsewhere. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  return /^\/(?![/\\])[\w\-./~%?=&+:@!$'()*,;#]*$/.test(value) ? value : '/';
}

function isHttps(req: FastifyRequest): boolean {
  // X-Forwarded-Proto can only make the cookie stricter (Secure), so it is honoured without a trusted proxy.
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim();
  return req.protocol === 'https' || forwarded === 'https';
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Access tokens are at most 512 characters (config.ts); `next` is checked by safeNext. */
const SIGN_IN_BODY = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', maxLength: 512 }, next: { type: 'string', maxLength: 2000 } },
} as const;

/** `GET|POST /_roomdeck/signin` and `POST /_roomdeck/signout`: a plain HTML form, no script. */
export function registerSignIn(app: FastifyInstance, access: Access, limiter?: FailureLimiter): void {
  app.get<{ Querystring: { next?: string } }>(SIGN_IN_PATH, (req, reply) => {
    const next = safeNext(req.query.next);
    sendPage(reply, access.hasSession(req) ? signedInPage(next) : signInPage(next));
  });

  // Signing in or out is a change too: another origin's page may not post these forms (login CSRF, forced sign-out).
  const sameOrigin = sameSiteOnly({ loopbackHostOnly: false });
  app.register(async (forms) => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    // The form's fields (or the same as JSON), typed like the API's bodies: `{"token": 5}`, `[]`, `null` or no
    // body are a 400 naming the field, never a 500 from hashing a non-string.
    forms.post<{ Body: { token: string; next?: string } }>(
      SIGN_IN_PATH,
      { onRequest: sameOrigin, schema: { body: SIGN_IN_BODY } },
      (req, reply) => {
        if (limiter?.refuse(req, reply, 'sign-in attempts')) return reply;
        const next = safeNext(req.body.next);
        const token = req.body.token;
        if (token === '') return sendPage(reply.code(400), signInPage(next, 'Enter the access token.'));
        if (!access.matches(token)) {
          limiter?.fail(req);
          return sendPage(reply.code(401), signInPage(next, 'That access token is not right. Check it and try again.'));
        }
        reply.header('set-cookie', cookie(access.startSession(), SESSION_MS / 1000, isHttps(req)));
        return reply.redirect(next, 303);
      },
    );

    forms.post(SIGN_OUT_PATH, { onRequest: sameOrigin }, (req, reply) => {
      access.endSession(req);
      reply.header('set-cookie', cookie('', 0, isHttps(req)));
      return reply.redirect(SIGN_IN_PATH, 303);
    });
  });
}

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
main { width: min(24rem, calc(100vw - 2rem)); }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
p { line-height: 1.5; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input { box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; }
button, .button { margin-top: 1rem; padding: .5rem 1rem; font: inherit; font-weight: 600; border: 0; border-radius: 4px;
  background: #1864ab; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
.error { color: #c92a2a; font-weight: 600; }
@media (prefers-color-scheme: dark) { .error { color: #ffa8a8; } }
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Roomdeck</title>
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function signInPage(next: string, error?: string): string {
  return page(
    'Sign in',
    `<h1>Sign in to Roomdeck</h1>
<p>This Roomdeck asks for its access token once; this browser then stays signed in for ${SESSION_HOURS} hours.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${SIGN_IN_PATH}">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
<p>Ask whoever runs this Roomdeck for the token (the server's <code>ROOMDECK_ACCESS_TOKEN</code>).</p>`,
  );
}

function signedInPage(next: string): string {
  return page(
    'Signed in',
    `<h1>You are signed in</h1>
<p><a class="button" href="${escapeHtml(next)}">Open Roomdeck</a></p>
<form method="post" action="${SIGN_OUT_PATH}">
<button type="submit">Sign out</button>
</form>`,
  );
}

function sendPage(reply: FastifyReply, html: string): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .send(html);
}

/**
 * Browsers may use a token-bearing resource (the proxy, with the upstream token; the config script, with the local
 * dev token) only from this origin's own pages. A cross-site page
 * could otherwise make a visitor's browser send "simple" requests (a POST without a body destroys a room) that
 * need no CORS preflight. Browsers say where a request comes from in Sec-Fetch-Site (older ones only in Origin);
 * programs such as the SDK send neither. Without access control, the Host must also be a loopback name, which
 * defeats DNS rebinding (a hostile name resolving to 127.0.0.1).
 */
export function sameSiteOnly(options: { loopbackHostOnly: boolean }): onRequestHookHandler {
  // The last Host found to be a loopback name: the hot path (every API request) then parses nothing.
  let loopbackHost: string | undefined;
  return (req, reply, done) => {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    // Host, never X-Forwarded-Host: a page cannot set Host, but a same-origin (rebound) page can set the other.
    const host = req.headers.host ?? '';
    const crossSite =
      site !== undefined ? site !== 'same-origin' && site !== 'none' : origin !== undefined && !sameHost(origin, host);
    if (crossSite) {
      reply.code(403).send({ message: 'Cross-site request refused: only the pages of this Roomdeck may use its API' });
      return;
    }
    if (options.loopbackHostOnly && host !== loopbackHost) {
      if (isLoopback(hostname(host))) {
        loopbackHost = host;
        return done();
      }
      reply.code(403).send({
        message:
          'Refused: this Roomdeck answers only as localhost or 127.0.0.1 (set ROOMDECK_ACCESS_TOKEN to serve others)',
      });
      return;
    }
    done();
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function hostname(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}
