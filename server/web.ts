import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface WebOptions {
  /** The built dashboard (vite's `dist/`); without it only /roomdeck-config.js is served. */
  webRoot?: string;
  appId: string;
  token: string;
}

/** The dashboard's default connection, read by index.html before the app starts. */
export function roomdeckConfigScript(appId: string, token: string): string {
  const config = { apiBaseUrl: '/api', appId, token, mode: 'local' };
  return `window.__ROOMDECK__ = ${JSON.stringify(config)};`;
}

export async function registerWeb(app: FastifyInstance, options: WebOptions): Promise<void> {
  const script = roomdeckConfigScript(options.appId, options.token);
  app.get('/roomdeck-config.js', (_req, reply) => {
    reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', 'no-store')
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
