import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Failed sign-ins and bearer checks per client address (issue 16: about 34,000 guesses/s were possible).
 * Hand-rolled rather than @fastify/rate-limit: that plugin counts every request, not only failures, and its
 * store reads Date.now (no clock to inject in tests). Only failures count; a client over the limit is refused
 * (429, Retry-After) before its credential is even checked, so a right guess cannot be found at full speed.
 * Successful requests cost one Map size check while no client has failed, one lookup otherwise; no allocation.
 */
export class FailureLimiter {
  /** Client address -> failures in the current window and when the window ends (ms since the epoch). */
  readonly #clients = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    readonly max = 10,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    /** At most this many addresses are tracked (memory stays bounded under a spray of addresses). */
    private readonly maxClients = 10_000,
  ) {}

  /** Whole seconds until `req`'s client may try again, or 0 if it may now. */
  retryAfter(req: FastifyRequest): number {
    if (this.#clients.size === 0) return 0;
    const entry = this.#clients.get(clientKey(req));
    if (entry === undefined || entry.failures < this.max) return 0;
    const left = entry.resetAt - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.#clients.delete(clientKey(req));
    return 0;
  }

  /** Counts a failed attempt of `req`'s client. */
  fail(req: FastifyRequest): void {
    const key = clientKey(req);
    const now = this.now();
    const entry = this.#clients.get(key);
    if (entry !== undefined && entry.resetAt > now) {
      entry.failures++;
      return;
    }
    if (entry === undefined && this.#clients.size >= this.maxClients) this.#prune(now);
    this.#clients.set(key, { failures: 1, resetAt: now + this.windowMs });
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#clients) if (entry.resetAt <= now) this.#clients.delete(key);
    // Still full: forget the oldest window (Maps iterate in insertion order).
    while (this.#clients.size >= this.maxClients) {
      const oldest = this.#clients.keys().next().value;
      if (oldest === undefined) break;
      this.#clients.delete(oldest);
    }
  }

  /** If `req`'s client is over the limit, answers 429 JSON with Retry-After and returns true. */
  refuse(req: FastifyRequest, reply: FastifyReply, what: string): boolean {
    const seconds = this.retryAfter(req);
    if (seconds === 0) return false;
    reply
      .code(429)
      .header('retry-after', String(seconds))
      .send({
        message: `Too many failed ${what} from this address (${this.max} in ${this.windowMs / 1000} s): try again in ${seconds} s`,
      });
    return true;
  }
}

/** The socket's address (no proxy is trusted, so X-Forwarded-For is ignored); IPv4-mapped IPv6 as IPv4. */
function clientKey(req: FastifyRequest): string {
  const ip = req.ip ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
