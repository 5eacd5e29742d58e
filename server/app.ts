import { mkdtempSync, rmSync, unwatchFile, watchFile } from 'node:fs';
import { maxHeaderSize } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, LogController, type onRequestHookHandler } from 'fastify';
import { Access, registerSignIn, routeGuards, SIGN_IN_PATH, sameSiteOnly } from './access.ts';
import { bearerAuth } from './auth.ts';
import { type Config, DEFAULT_TOKEN } from './config.ts';
import { type Db, openDatabase } from './db.ts';
import { DeploymentError, loadDeployment } from './deployment.ts';
import { Faults, registerFaultRoutes } from './faults.ts';
import { Handlers, type MayResume } from './handlers.ts';
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
import { FailureLimiter } from './limits.ts';
import { loadOpenApi, type RouteGuards, type RouteSpec, registerOperations, routeSpecs } from './openapi.ts';
import { apiSecurityHeaders, proxyHandlers } from './proxy.ts';
import { registerReachability } from './reachability.ts';
import { LocalRuntime } from './runtime/local.ts';
import { SimulatedRuntime } from './runtime/simulated.ts';
import type { Deployment, Runtime } from './runtime/types.ts';
import { installSecurityHeaders } from './security.ts';
import { refreshDemoStartingRoom, seedDemo, seedLocalHistory, seedLocalRooms } from './seed.ts';
import { Store } from './store.ts';
import { dashboardConfig, registerWeb, sendSpaIndex } from './web.ts';

export interface BuildAppOptions {
  config: Config;
  /** Directory of the built dashboard to serve at `/` (with SPA fallback). */
  webRoot?: string;
  /** Log warnings and errors (never every request). Default false. */
  logger?: boolean;
  /** Where the log goes (with `logger`); default stdout. */
  logStream?: NodeJS.WritableStream;
  /** How often idle processes are swept (ms); default 1 s. For tests. */
  sweepIntervalMs?: number;
  /** The clock, injectable for tests. */
  now?: () => number;
  /** Failed sign-ins and bearer checks allowed per client address and window; default {@link FAILURE_LIMIT}. */
  failureLimit?: { max: number; windowMs: number };
  /** How often the local runtime looks for bound ports and checks adopted processes (ms); default 100. */
  runtimePollMs?: number;
  /** How often the deployment file is checked for changes (ms); default 1 s. */
  deploymentWatchMs?: number;
}

/** 10 failed sign-ins or bearer checks a minute per client address; then 429 until the minute is over. */
export const FAILURE_LIMIT = { max: 10, windowMs: 60_000 } as const;

/** What server/main.ts runs: the local server or the proxy. */
export interface RoomdeckServer {
  app: FastifyInstance;
  /** Closes the server (if listening) and everything it holds. */
  close(): Promise<void>;
}

/** The local server: its API answers from the SQLite store. */
export interface RoomdeckApp extends RoomdeckServer {
  store: Store;
  faults: Faults;
  db: Db;
  runtime: Runtime;
  /** Processes adopted at start-up (still running from before a crash of Roomdeck). */
  adopted: number;
  /**
   * Closes the server. The local runtime's processes get SIGTERM (then SIGKILL after the grace period) and this
   * resolves once they have ended; `stopped` says how many.
   */
  close(): Promise<void>;
  /** How many game processes the last close() stopped. */
  stoppedOnClose(): number;
}

/** How often due transitions (idle processes stopping) are persisted even without requests. */
const SWEEP_INTERVAL_MS = 1000;

/** Builds the local server (API under /api, dashboard at /, test controls under /_roomdeck) without listening. */
export async function buildApp(options: BuildAppOptions): Promise<RoomdeckApp> {
  const { config } = options;
  if (config.upstream) throw new Error('ROOMDECK_UPSTREAM is set: build the proxy with buildProxyApp');
  const deployment =
    config.runtime === 'local'
      ? loadDeployment(config.deploymentPath, { roomsPerProcess: config.roomsPerProcess })
      : undefined;
  const db = openDatabase(config.dbPath);
  // Logs live beside the database; an in-memory database gets a temporary folder, removed on close.
  const temporaryData = config.dataDir === undefined && config.dbPath === ':memory:';
  const dataDir = config.dataDir ?? (temporaryData ? mkdtempSync(join(tmpdir(), 'roomdeck-')) : dirname(config.dbPath));
  let runtime: Runtime | undefined;
  try {
    // The local demo's history is plain rows; its live rooms are created once the server listens (below).
    let seedRooms = false;
    if (config.seed && config.runtime === 'local') {
      const { publicHost, portRange, roomsPerProcess } = config;
      seedRooms = seedLocalHistory(db, config.appId, { publicHost, port: portRange.min, roomsPerProcess });
    } else if (config.seed) {
      seedDemo(db, config.appId, config.roomsPerProcess);
      refreshDemoStartingRoom(db);
    }
    let apiUrl = () => `http://127.0.0.1:${config.port}/api`;
    const logWarning = (message: string) => appRef?.log.warn(message);
    let appRef: FastifyInstance | undefined;
    runtime =
      config.runtime === 'local'
        ? new LocalRuntime({
            dataDir,
            apiUrl: () => apiUrl(),
            portBindDeadlineMs: config.portBindDeadlineMs,
            stopGraceMs: config.stopGraceMs,
            logMaxBytes: config.logMaxBytes,
            logRetentionMs: config.logRetentionHours * 3_600_000,
            pollMs: options.runtimePollMs ?? config.runtimePollMs,
            now: options.now,
            warn: logWarning,
          })
        : new SimulatedRuntime();
    const store = new Store(db, {
      appId: config.appId,
      processStartMs: config.processStartMs,
      roomStartMs: config.roomStartMs,
      roomsPerProcess: config.roomsPerProcess,
      processIdleMs: config.processIdleMs,
      runtime,
      deployment,
      publicHost: config.publicHost,
      portRange: config.portRange,
      now: options.now,
    });
    const adopted = runtime.adopt(store.liveLocalProcesses());
    const faults = new Faults({ rate: config.faultRate, latencyMs: config.latencyMs });
    const app = await createLocalServer(options, store, faults);
    appRef = app;
    apiUrl = () => {
      const address = app.server.address() as AddressInfo | null;
      if (!address) return `http://127.0.0.1:${config.port}/api`;
      const wildcard = address.address === '0.0.0.0' || address.address === '::';
      const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}/api`;
    };
    if (seedRooms) {
      // After listening: each game gets the API URL of the bound port.
      app.addHook('onListen', (done) => {
        seedLocalRooms(store, config.appId, (message) => app.log.warn(message));
        done();
      });
    }
    await app.ready();

    const timers = backgroundWork(app, store, runtime, config, options);
    if (deployment) {
      // A changed deployment file is a new deployment: new rooms get new processes, running ones drain.
      watchFile(config.deploymentPath, { interval: options.deploymentWatchMs ?? 1000 }, () => {
        let next: Deployment;
        try {
          next = loadDeployment(config.deploymentPath, { roomsPerProcess: config.roomsPerProcess });
        } catch (err) {
          const why = err instanceof DeploymentError ? err.message : String(err);
          app.log.error(
            `the deployment file changed but cannot be used, keeping deployment ${store.currentDeploymentId}: ${why}`,
          );
          return;
        }
        const before = store.currentDeploymentId;
        const id = store.setDeployment(next);
        if (id !== before)
          app.log.warn(
            `deployment ${id} from ${config.deploymentPath}: processes of deployment ${before} are draining`,
          );
      });
    }

    let closing: Promise<void> | undefined;
    let stopped = 0;
    const owned = runtime;
    const close = () => {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        if (deployment) unwatchFile(config.deploymentPath);
        await app.close();
        stopped = await owned.close();
        db.close();
        if (temporaryData) rmSync(dataDir, { recursive: true, force: true });
      })();
      return closing;
    };
    return { app, store, faults, db, runtime, adopted, close, stoppedOnClose: () => stopped };
  } catch (err) {
    if (runtime instanceof LocalRuntime) runtime.detach();
    db.close();
    if (temporaryData) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** How often resource samples are pruned past the retention period, and logs of ended processes deleted. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/**
 * The sweeper (due transitions: idle processes stop), resource sampling, and pruning of old logs and samples.
 * A failing sweep (the database gone) fails every second: its stack is logged once, then a count once a minute,
 * and a line when it works again.
 */
function backgroundWork(
  app: FastifyInstance,
  store: Store,
  runtime: Runtime,
  config: Config,
  options: BuildAppOptions,
): NodeJS.Timeout[] {
  let failures = 0;
  const sweeper = setInterval(() => {
    try {
      store.settle();
      if (failures > 0) app.log.warn(`sweeping idle processes works again after ${failures} failures`);
      failures = 0;
    } catch (err) {
      failures++;
      if (failures === 1) app.log.error({ err }, 'sweeping idle processes failed (repeats are counted, not logged)');
      else if (failures % 60 === 0) app.log.error(`sweeping idle processes failed ${failures} times in a row`);
    }
  }, options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  const timers = [sweeper];
  if (runtime instanceof LocalRuntime) {
    timers.push(
      setInterval(() => {
        try {
          store.recordMetrics(runtime.sample());
        } catch (err) {
          app.log.error({ err }, 'sampling process metrics failed');
        }
      }, config.metricsIntervalMs),
    );
    const prune = () => {
      try {
        store.pruneMetrics(Date.now() - config.logRetentionHours * 3_600_000);
        runtime.pruneLogs();
      } catch (err) {
        app.log.error({ err }, 'pruning old logs and metrics failed');
      }
    };
    prune();
    timers.push(setInterval(prune, PRUNE_INTERVAL_MS));
  }
  for (const timer of timers) timer.unref();
  return timers;
}

/**
 * Proxy mode (ROOMDECK_UPSTREAM): the documented routes under /api are validated as the local server validates
 * them and forwarded to the Hathora API with the upstream token. No database; the dashboard is served as usual.
 */
export async function buildProxyApp(options: BuildAppOptions): Promise<RoomdeckServer> {
  const { upstream } = options.config;
  if (!upstream) throw new Error('buildProxyApp needs ROOMDECK_UPSTREAM');
  const app = await createServer(options, (server, specs, access) => {
    const guards = routeGuards(access?.guard(), options.config.readOnly);
    server.register(
      async (api) => {
        // No CORS: only this origin's pages may use the upstream token (see sameSiteOnly).
        api.addHook('onRequest', sameSiteOnly({ loopbackHostOnly: access === undefined }));
        api.addHook('onRequest', apiSecurityHeaders);
        const handlers = proxyHandlers(specs, upstream, { readOnly: options.config.readOnly, access });
        registerOperations(api, specs, handlers, guards);
      },
      { prefix: '/api' },
    );
  });
  await app.ready();
  return { app, close: () => app.close() };
}

/**
 * The one operation any web page may call (CORS `*`, no credentials): game clients running in browsers ask for a
 * room's address (hathora-api.md section 6). It needs no token; every other route is for programs (which send no
 * Origin) and this origin's own pages.
 */
const PUBLIC_OPERATION = 'GetConnectionInfo';

async function createLocalServer(options: BuildAppOptions, store: Store, faults: Faults): Promise<FastifyInstance> {
  const { config } = options;
  return createServer(options, (app, specs, access, limiter) => {
    // With access control, the documented default token would be a way around it: it is not accepted at all.
    // A live game process may call the API with its own ROOMDECK_PROCESS_TOKEN (never with Roomdeck's secrets).
    const processToken = (token: string) => store.processForToken(token) !== undefined;
    const bearer =
      access && config.token === DEFAULT_TOKEN
        ? processTokenOnly(processToken)
        : bearerAuth(config.token, limiter, processToken);
    const authenticate = access ? access.guard(bearer) : bearer;
    // A browser page of another origin (another site, or this host on another port) may not use the dev token or a
    // session cookie, for reads as for changes: both are authority. Without access control, the Host must also
    // be a loopback name (DNS rebinding).
    const sameOrigin = sameSiteOnly({ loopbackHostOnly: access === undefined });
    registerFaultRoutes(app, faults, [sameOrigin, authenticate], { enabled: config.faults, readOnly: config.readOnly });
    registerReachability(app, [sameOrigin, authenticate], (appId, roomId) => store.roomAddress(appId, roomId));
    const baseGuards = routeGuards(authenticate, config.readOnly);
    const guards: RouteGuards = (spec) =>
      spec.operationId === PUBLIC_OPERATION ? baseGuards(spec) : [sameOrigin, ...baseGuards(spec)];
    const publicSpec = specs.find((s) => s.operationId === PUBLIC_OPERATION);
    const publicUrl = `/api${publicSpec?.url}`;

    app.register(
      async (api) => {
        // One hook for every API request (fewer hooks, less per-request overhead): CORS for the public operation
        // only, then fault injection.
        api.addHook('onRequest', (req, reply, done) => {
          if (req.routeOptions.url === publicUrl) reply.header('access-control-allow-origin', '*');
          if (req.method === 'OPTIONS') done();
          else faults.apply(req, reply, done);
        });
        api.options('/*', (req, reply) => {
          const path = req.url.slice(4).split('?')[0] ?? '';
          if (!publicSpec?.pattern.test(path)) {
            reply.code(403).send({
              message: `Cross-origin requests are refused here: only ${publicSpec?.path ?? 'connectioninfo'} is open to other web pages; programs call the API without an Origin header`,
            });
            return;
          }
          reply
            .code(204)
            .header('access-control-allow-origin', '*')
            .header('access-control-allow-methods', 'GET, OPTIONS')
            .header('access-control-allow-headers', 'Content-Type')
            .header('access-control-max-age', '600')
            .send();
        });
        const handlers = new Handlers(store, { readOnly: config.readOnly, mayResume: resumeRight(bearer, access) });
        registerOperations(api, specs, handlers, guards);
      },
      { prefix: '/api' },
    );
  });
}

/** With access control and the default dev token: only games' process tokens are accepted as bearer tokens. */
function processTokenOnly(isProcessToken: (token: string) => boolean): onRequestHookHandler {
  return (req, reply, done) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] !== undefined && isProcessToken(match[1])) return done();
    defaultTokenRefused.call(req.server, req, reply, done);
  };
}

const defaultTokenRefused: onRequestHookHandler = (_req, reply) => {
  reply
    .code(401)
    .header('www-authenticate', 'Bearer')
    .send({
      message: `This Roomdeck has access control on (ROOMDECK_ACCESS_TOKEN), so the documented default dev token is not accepted: set ROOMDECK_TOKEN to a secret and send it as 'Authorization: Bearer <token>', or sign in at ${SIGN_IN_PATH}`,
    });
};

/**
 * Who may resume a suspended room through the public GetConnectionInfo: a request whose bearer token passes the
 * dev token check (`bearer`, the same hook as every authenticated route: a wrong token gets its 401), or one with
 * a session from this origin's own pages (a cookie rides along with any same-site page's GET, an <img> included).
 */
function resumeRight(bearer: onRequestHookHandler, access: Access | undefined): MayResume {
  return (req, reply) => {
    if (req.headers.authorization === undefined) {
      const site = req.headers['sec-fetch-site'];
      const fromThisOrigin = site === undefined || site === 'same-origin' || site === 'none';
      return access !== undefined && fromThisOrigin && access.hasSession(req);
    }
    return new Promise<boolean>((resolve, reject) => {
      const result: unknown = bearer.call(req.server, req, reply, (err) => (err ? reject(err) : resolve(true)));
      if (result instanceof Promise) result.then(() => resolve(!reply.sent), reject);
      else if (reply.sent) resolve(false);
    });
  };
}

/**
 * What both modes share: Fastify with the JSON error shape, health, sign-in (with an access token), the
 * dashboard and the 404/405 answers. `registerApi` registers the /api routes (and any test controls).
 */
async function createServer(
  options: BuildAppOptions,
  registerApi: (app: FastifyInstance, specs: RouteSpec[], access: Access | undefined, limiter: FailureLimiter) => void,
): Promise<FastifyInstance> {
  const { config, webRoot } = options;
  const app = Fastify({
    logger: options.logger
      ? {
          level: 'warn',
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    // Never a log line per request (performance); warnings and errors only.
    logController: new LogController({ disableRequestLogging: true }),
    // Requests log with the server's logger itself: a child logger per request, only to bind its id, cost more than
    // anything else the logging does. The few lines logged while answering name their request themselves.
    childLoggerFactory: (logger) => logger,
    bodyLimit: BODY_LIMIT,
    // Ids are up to 100 characters; longer ones must reach validation (400 naming the field), not the router (414,
    // or a 404 for a GET). No parameter is longer than the request head, which Node limits to maxHeaderSize.
    routerOptions: { maxParamLength: maxHeaderSize },
    forceCloseConnections: true,
    // No automatic HEAD twins of GET routes: HEAD connectioninfo would reschedule a suspended room.
    // (@fastify/static registers HEAD for files itself; page HEADs go through the SPA fallback.)
    exposeHeadRoutes: false,
    clientErrorHandler,
    frameworkErrors,
    // Limits against idle and slow clients (slowloris): the request head within headersTimeout, the whole request
    // within requestTimeout (else 408), an idle keep-alive connection closed after 5 s. Node checks these every
    // connectionsCheckingInterval (30 s by default: far too coarse for a 10 s head timeout).
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 5000,
    http: {
      requireHostHeader: false, // see installProtocolChecks
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
    schemaErrorFormatter: formatValidationError,
    // No type coercion: `"roomConfig": 5` is a 400, not the string "5". int32 is an OpenAPI format, not Ajv's.
    ajv: { customOptions: { coerceTypes: false, formats: { int32: true } } },
  });

  // More connections at once are closed on arrival: the process keeps its file descriptors and memory, and the
  // held ones are freed by the timeouts above.
  app.server.maxConnections = config.maxConnections;

  installSecurityHeaders(app); // first: its headers are on every answer, also those of the checks below
  installProtocolChecks(app);
  installBodyParsers(app);
  installErrorHandler(app);
  const specs = routeSpecs(loadOpenApi());
  const access = config.accessToken === undefined ? undefined : new Access(config.accessToken);
  // Failed sign-ins and bearer checks, per client address, share one budget.
  const { max, windowMs } = options.failureLimit ?? FAILURE_LIMIT;
  const limiter = new FailureLimiter(max, windowMs, options.now);

  app.get('/_roomdeck/health', () => ({ ok: true }));
  if (access) registerSignIn(app, access, limiter);
  registerApi(app, specs, access, limiter);

  // Not encapsulated: @fastify/static's reply.sendFile must reach the not-found handler (SPA fallback).
  await registerWeb(app, { webRoot, dashboard: dashboardConfig(config) });
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
