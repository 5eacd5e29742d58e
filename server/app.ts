import { maxHeaderSize } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import { bearerAuth } from './auth.ts';
import type { Config } from './config.ts';
import { type Db, openDatabase } from './db.ts';
import { Faults, registerFaultRoutes } from './faults.ts';
import { Handlers } from './handlers.ts';
import {
  BODY_LIMIT,
  clientErrorHandler,
  formatValidationError,
  frameworkErrors,
  installBodyParsers,
  installErrorHandler,
  installProtocolChecks,
  shorten,
} from './http.ts';
import { loadOpenApi, type RouteSpec, registerOperations, routeSpecs } from './openapi.ts';
import { installSecurityHeaders } from './security.ts';
import { refreshDemoStartingRoom, seedDemo } from './seed.ts';
import { Store } from './store.ts';
import { registerWeb, sendSpaIndex } from './web.ts';

export interface BuildAppOptions {
  config: Config;
  /** Directory of the built dashboard to serve at `/` (with SPA fallback). */
  webRoot?: string;
  /** Log warnings and errors (never every request). Default false. */
  logger?: boolean;
  /** The clock, injectable for tests. */
  now?: () => number;
}

export interface RoomdeckApp {
  app: FastifyInstance;
  store: Store;
  faults: Faults;
  db: Db;
  /** Stops the sweeper, closes the server (if listening) and then the database. */
  close(): Promise<void>;
}

/** How often due transitions (idle processes stopping) are persisted even without requests. */
const SWEEP_INTERVAL_MS = 1000;

/** Builds the server (API under /api, dashboard at /, test controls under /_roomdeck) without listening. */
export async function buildApp(options: BuildAppOptions): Promise<RoomdeckApp> {
  const { config } = options;
  const db = openDatabase(config.dbPath);
  try {
    if (config.seed) {
      seedDemo(db, config.appId, config.roomsPerProcess);
      refreshDemoStartingRoom(db);
    }
    const store = new Store(db, { ...config, now: options.now });
    const faults = new Faults({ rate: config.faultRate, latencyMs: config.latencyMs });
    const app = await createServer(options, store, faults);
    await app.ready();

    const sweeper = setInterval(() => {
      try {
        store.settle();
      } catch (err) {
        app.log.error({ err }, 'sweeping idle processes failed');
      }
    }, SWEEP_INTERVAL_MS);
    sweeper.unref();

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        clearInterval(sweeper);
        await app.close();
        db.close();
      })();
      return closing;
    };
    return { app, store, faults, db, close };
  } catch (err) {
    db.close();
    throw err;
  }
}

async function createServer(options: BuildAppOptions, store: Store, faults: Faults): Promise<FastifyInstance> {
  const { config, webRoot } = options;
  const app = Fastify({
    logger: options.logger ? { level: 'warn', redact: ['req.headers.authorization'] } : false,
    // Never a log line per request (performance); warnings and errors only.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // Ids are up to 100 characters; longer ones must reach validation (400 naming the field), not the router (414,
    // or a 404 for a GET). No parameter is longer than the request head, which Node limits to maxHeaderSize.
    routerOptions: { maxParamLength: maxHeaderSize },
    forceCloseConnections: true,
    clientErrorHandler,
    frameworkErrors,
    http: { requireHostHeader: false }, // see installProtocolChecks
    schemaErrorFormatter: formatValidationError,
    // No type coercion: `"roomConfig": 5` is a 400, not the string "5". int32 is an OpenAPI format, not Ajv's.
    ajv: { customOptions: { coerceTypes: false, formats: { int32: true } } },
  });

  installSecurityHeaders(app); // first: its headers are on every answer, also those of the checks below
  installProtocolChecks(app);
  installBodyParsers(app);
  installErrorHandler(app);
  const authenticate = bearerAuth(config.token);
  const specs = routeSpecs(loadOpenApi());

  app.get('/_roomdeck/health', () => ({ ok: true }));
  registerFaultRoutes(app, faults, authenticate);

  app.register(
    async (api) => {
      // One hook for every API request (fewer hooks, less per-request overhead): permissive CORS
      // (hathora-api.md section 6: a bearer token, not a cookie, authorizes every call), then fault injection.
      api.addHook('onRequest', (req, reply, done) => {
        reply.header('access-control-allow-origin', '*');
        if (req.method === 'OPTIONS') done();
        else faults.apply(req, reply, done);
      });
      api.options('/*', (_req, reply) => {
        reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'Authorization, Content-Type')
          .header('access-control-max-age', '600')
          .send();
      });
      registerOperations(api, specs, new Handlers(store), authenticate);
    },
    { prefix: '/api' },
  );

  // Not encapsulated: @fastify/static's reply.sendFile must reach the not-found handler (SPA fallback).
  await registerWeb(app, { webRoot, appId: config.appId, token: config.token });
  app.setNotFoundHandler((req, reply) => {
    if (sendSpaIndex(req, reply, webRoot)) return;
    notFound(req.method, req.url, specs, reply);
  });
  return app;
}

function notFound(method: string, url: string, specs: RouteSpec[], reply: FastifyReply): void {
  const path = url.split('?')[0] ?? url;
  const quoted = shorten(path);
  if (path === '/api' || path.startsWith('/api/')) {
    const allowed: string[] = [...new Set(specs.filter((s) => s.pattern.test(path.slice(4))).map((s) => s.method))];
    if (allowed.length > 0 && !allowed.includes(method)) {
      reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({ message: `Method ${method} is not allowed on ${quoted}; use ${allowed.join(' or ')}` });
      return;
    }
    // The method is right, so only the trailing slash that the route patterns allow kept the router from it.
    const hint = allowed.length > 0 ? 'remove the trailing slash' : 'see openapi/openapi.yaml for the routes';
    reply.code(404).send({ message: `No API route ${method} ${quoted} (${hint})` });
    return;
  }
  reply.code(404).send({ message: `Not found: ${method} ${quoted}` });
}
