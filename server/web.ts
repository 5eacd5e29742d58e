import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SIGN_IN_PATH, sameSiteOnly } from './access.ts';
import type { Config } from './config.ts';

export interface WebOptions {
  /** The built dashboard (vite's `dist/`); without it only /roomdeck-config.js is served. */
  webRoot?: string;
  /** The dashboard's default connection. */
  dashboard: DashboardConfig;
}

/** What the dashboard reads from /roomdeck-config.js (src/config/runtime.ts). It never holds the upstream token. */
export interface DashboardConfig {
  apiBaseUrl: string;
  appId: string;
  /** The local dev token; absent in proxy mode and when browsers sign in (access control). */
  token?: string;
  mode: 'local' | 'proxy';
  /** Proxy mode: the Hathora API behind `/api`. */
  upstream?: string;
  readOnly?: true;
  /** Access control: where a browser signs in. */
  signIn?: string;
  /** ROOMDECK_PUBLIC_URL: the base of share links and QR codes, where other machines reach the dashboard. */
  publicUrl?: string;
}

export function dashboardConfig(config: Config): DashboardConfig {
  const local = config.upstream === undefined;
  return {
    apiBaseUrl: '/api',
    appId: config.appId,
    // Browsers that sign in use their session cookie; the dev token then stays off the (public) config script.
    ...(local && config.accessToken === undefined ? { token: config.token } : {}),
    mode: local ? 'local' : 'proxy',
    ...(config.upstream ? { upstream: config.upstream.url } : {}),
    ...(config.readOnly ? { readOnly: true } : {}),
    ...(config.accessToken !== undefined ? { signIn: SIGN_IN_PATH } : {}),
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
  };
}

/** The dashboard's default connection, read by index.html before the app starts. */
export function roomdeckConfigScript(dashboard: DashboardConfig): string {
  return `window.__ROOMDECK__ = ${JSON.stringify(dashboard)};`;
}

export async function registerWeb(app: FastifyInstance, options: WebOptions): Promise<void> {
  const script = roomdeckConfigScript(options.dashboard);
  // With the dev token in it, the script is for this origin's pages only: another site could otherwise load it
  // with a <script> tag (no CORS applies) and read the token; CORP makes browsers refuse such loads too.
  const guard = options.dashboard.token === undefined ? [] : [sameSiteOnly({ loopbackHostOnly: true })];
  app.get('/roomdeck-config.js', { onRequest: guard }, (_req, reply) => {
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('cross-origin-resource-policy', 'same-origin')
      .send(script);
  });

  if (options.webRoot === undefined) return;
  await app.register(fastifyStatic, {
    root: options.webRoot,
    wildcard: true,
    // Cache-Control comes from setHeaders only (send's own header would override it).
    cacheControl: false,
    setHeaders(res, path) {
      // Vite's hashed bundles never change; everything else (index.html) is revalidated.
      if (/[\\/]assets[\\/]/.test(path)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
    },
  });
}

/**
 * SPA fallback for the not-found handler: a GET (or HEAD) of a page path (no file extension, not under /api or
 * /_roomdeck) answers index.html, so client-side routes survive a reload. Returns false if it did not answer.
 */
export function sendSpaIndex(req: FastifyRequest, reply: FastifyReply, webRoot: string | undefined): boolean {
  if (webRoot === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const path = req.url.split('?')[0] ?? '';
  if (/^\/(api|_roomdeck)(\/|$)/.test(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (/\.[a-zA-Z0-9]+$/.test(last)) return false;
  reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  return true;
}
