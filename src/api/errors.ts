/**
 * The one error type of every API call: an HTTP status (0 when no answer came: network failure, timeout)
 * and a message a person can act on. Messages come from the API's `{"message"}` body where there is one.
 * Never put a request's headers (the token) into a message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly kind: 'http' | 'network' | 'timeout';
  /** From a 429 or 503 answer's `Retry-After`: how long to wait before asking again (ms from `receivedAt`). */
  readonly retryAfterMs: number | undefined;
  /** When the answer came (ms since the epoch). */
  readonly receivedAt: number;

  constructor(
    status: number,
    message: string,
    kind: ApiError['kind'] = 'http',
    retryAfterMs?: number,
    receivedAt = Date.now(),
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.kind = kind;
    this.retryAfterMs = status === 429 || status === 503 ? retryAfterMs : undefined;
    this.receivedAt = receivedAt;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /**
   * GetConnectionInfo's answer for a suspended room that the caller may not resume (Roomdeck, unlike Hathora, does
   * not reschedule it then): 409, message "Room <roomId> is suspended; …". Asking again gives the same answer.
   */
  get isSuspendedRoom(): boolean {
    return this.status === 409;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Whether asking again may give another answer: no answer at all, a timeout, a 5xx, 408 or 429. Any other 4xx
 * answer will be the same next time. Errors that are not API errors count as transient, as React Query assumes.
 */
export function isTransient(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

/** How often a load that failed transiently is tried again by itself (each try with React Query's own retries). */
export const AUTO_RETRY_MS = 10_000;

/** The longest `Retry-After` honoured: a longer one (or a date further off) waits this long. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * `Retry-After` (RFC 9110): a number of seconds or an HTTP date, as milliseconds from `now` (at most
 * MAX_RETRY_AFTER_MS); `undefined` when absent or neither.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Only a date-shaped value: Date.parse also reads things like "1" or "soon 2020".
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/** For a 429 or 503 answer with `Retry-After`: how long from `now` until asking again is allowed; else undefined. */
export function rateLimitWait(error: unknown, now = Date.now()): number | undefined {
  if (!isApiError(error) || error.retryAfterMs === undefined) return undefined;
  return Math.max(0, error.receivedAt + error.retryAfterMs - now);
}

/** How long a load that failed waits before it tries again by itself: the API's Retry-After, else AUTO_RETRY_MS. */
export function autoRetryDelay(error: unknown, fallback = AUTO_RETRY_MS): number {
  return isApiError(error) && error.retryAfterMs !== undefined ? error.retryAfterMs : fallback;
}

/** "N s" until asking again is allowed, rounded up; `undefined` unless the error carries a Retry-After. */
function waitText(error: unknown, now = Date.now()): string | undefined {
  const wait = rateLimitWait(error, now);
  return wait === undefined ? undefined : `${Math.ceil(wait / 1000)} s`;
}

/** The message for an answer that is a web page instead of the API's JSON. */
export const NOT_THE_API =
  'A web page answered instead of the API (a proxy or web server in between, or a wrong API base URL)';

/** Extracts `message` from an API error body, which may be `{message}`, a bare string or anything else. */
export function messageFromBody(body: unknown, status: number, statusText = ''): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' && body.message) {
    return body.message;
  }
  if (typeof body === 'string' && body.trim()) {
    // Markup is a page from something else (a proxy, a web server, a wrong base URL): not text for a person.
    return body.trimStart().startsWith('<') ? NOT_THE_API : body.trim().slice(0, 500);
  }
  return `The API answered ${status}${statusText ? ` ${statusText}` : ''}`;
}

/**
 * `describeError` for a change (create, suspend, resume, destroy, config update). When no answer came in time, the
 * request may have reached the API and been carried out all the same: the text says so, so that nobody repeats a
 * change (or creates a second room) believing the first one never happened.
 */
export function describeActionError(error: unknown): string {
  const wait = waitText(error);
  // Changes are never repeated by themselves: the person decides, once the wait is over.
  if (wait !== undefined && isApiError(error)) return `Rate limited: try again in ${wait}. ${withStatus(error)}`;
  const text = describeError(error);
  return isApiError(error) && error.kind === 'timeout'
    ? `${text}. The change may have been made all the same: check before trying again.`
    : text;
}

/** A short text for any error a query or mutation can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    // A load that got Retry-After asks again by itself once it has passed (see autoRetryDelay).
    const wait = waitText(error);
    if (wait !== undefined) return `Rate limited: trying again in ${wait}. ${withStatus(error)}`;
    return withStatus(error);
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

function withStatus(error: ApiError): string {
  return error.status ? `${error.message} (HTTP ${error.status})` : error.message;
}
