import type { FastifyInstance } from 'fastify';

/**
 * The dashboard's Content-Security-Policy. The dashboard holds a token that can destroy every room of a game, so
 * script only ever comes from this server (no inline script: the default connection is the external
 * /roomdeck-config.js, and Vite's build has no inline script):
 *   - style-src 'unsafe-inline': Mantine writes its CSS variables in <style> elements and uses style attributes.
 *   - img-src data:: small images inlined by the build.
 *   - connect-src: this server ('self', its /api), any HTTPS API (Hathora Cloud is https://api.hathora.dev; a
 *     user may add other API base URLs in Settings), and plain HTTP to this machine only (another local Roomdeck
 *     server, e.g. http://127.0.0.1:8081/api). Plain HTTP to any other host is refused on purpose: every request
 *     carries the bearer token, which must not cross a network unencrypted.
 *   - frame-ancestors 'none' (with X-Frame-Options for older browsers): no clickjacking of destroy buttons.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
  "form-action 'self'",
].join('; ');

/** Headers of every dashboard response (pages, assets, /roomdeck-config.js, and their errors). */
export const DASHBOARD_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  // A page's URL (a room id, a join link's API base) is never sent to another site.
  'referrer-policy': 'no-referrer',
} as const;

/** Paths served by the API and the test controls rather than the dashboard. */
const NOT_DASHBOARD = /^\/(api|_roomdeck)(\/|\?|$)/;

/**
 * Every response says `nosniff` (a JSON answer is never run as script or rendered as HTML, whatever a client
 * guesses); dashboard responses get the policy above as well. Set when the request arrives, so the headers are
 * on error answers too.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!NOT_DASHBOARD.test(req.url)) reply.headers(DASHBOARD_HEADERS);
    done();
  });
}
