import { setTimeout as sleep } from 'node:timers/promises';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  onRequestHookHandler,
} from 'fastify';

export interface FaultSettings {
  /** Fraction (0..1) of matching API requests answered with an injected 500. */
  rate: number;
  /** Delay added to every API request, in ms. */
  latencyMs: number;
  /** When set, only requests whose URL contains this substring can fail. */
  match: string | null;
  /** The status of an injected failure: 500 unless set (429 and 503 are the answers that may carry Retry-After). */
  status?: 429 | 500 | 503;
  /** When set, an injected failure carries `Retry-After: <retryAfterS>` (whole seconds). */
  retryAfterS?: number;
}

const faultSettingsSchema = {
  type: 'object',
  required: ['rate', 'latencyMs'],
  additionalProperties: false,
  properties: {
    rate: { type: 'number', minimum: 0, maximum: 1 },
    latencyMs: { type: 'number', minimum: 0, maximum: 60000 },
    match: { type: ['string', 'null'], maxLength: 1000 },
    status: { type: 'integer', enum: [429, 500, 503] },
    retryAfterS: { type: 'integer', minimum: 0, maximum: 3600 },
  },
} as const;

/**
 * Fault injection for resilience tests. The hook runs on every /api request before authentication, parsing and
 * the handler, so an injected failure has no side effect.
 */
export class Faults {
  settings: FaultSettings;

  constructor(initial: { rate: number; latencyMs: number }, random: () => number = Math.random) {
    this.settings = { rate: initial.rate, latencyMs: initial.latencyMs, match: null };
    this.random = random;
  }

  private readonly random: () => number;

  /** Call from an onRequest hook: delays and/or answers an injected 500, else calls `done`. */
  apply(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const { rate, latencyMs, match, status = 500, retryAfterS } = this.settings;
    if (rate === 0 && latencyMs === 0) {
      done();
      return;
    }
    const decide = () => {
      if (rate > 0 && (match === null || req.url.includes(match)) && this.random() < rate) {
        if (retryAfterS !== undefined) reply.header('retry-after', String(retryAfterS));
        reply.code(status).send({ message: `Injected fault: ${req.method} ${req.url} (fault rate ${rate})` });
      } else {
        done();
      }
    };
    if (latencyMs > 0) void sleep(latencyMs).then(decide);
    else decide();
  }
}

/**
 * The test-control routes (outside the Hathora contract): `GET|PUT /_roomdeck/faults`, for an admin only (`guards`:
 * the dev token or an access-token session). Changing them needs `ROOMDECK_FAULTS=1` at start, and never works in
 * read-only mode (injected failures and latency are a change to everyone's service).
 */
export function registerFaultRoutes(
  app: FastifyInstance,
  faults: Faults,
  guards: onRequestHookHandler[],
  options: { enabled: boolean; readOnly: boolean },
): void {
  const response = { 200: faultSettingsSchema };
  const refusal = options.readOnly
    ? 'This Roomdeck is read-only (ROOMDECK_READ_ONLY=1): it refuses fault injection'
    : options.enabled
      ? undefined
      : 'Fault injection is off: start Roomdeck with ROOMDECK_FAULTS=1 to enable it';
  const refuse: onRequestHookHandler[] =
    refusal === undefined
      ? []
      : [
          (_req, reply) => {
            reply.code(403).send({ message: refusal });
          },
        ];
  app.get('/_roomdeck/faults', { onRequest: guards, schema: { response } }, () => faults.settings);
  app.put<{ Body: FaultSettings }>(
    '/_roomdeck/faults',
    { onRequest: [...guards, ...refuse], schema: { body: faultSettingsSchema, response } },
    (req) => {
      const { rate, latencyMs, match, status, retryAfterS } = req.body;
      faults.settings = {
        rate,
        latencyMs,
        match: match ?? null,
        ...(status !== undefined ? { status } : {}),
        ...(retryAfterS !== undefined ? { retryAfterS } : {}),
      };
      return faults.settings;
    },
  );
}
