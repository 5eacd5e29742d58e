/**
 * The one error type of every API call: an HTTP status (0 when no answer came: network failure, timeout)
 * and a message a person can act on. Messages come from the API's `{"message"}` body where there is one.
 * Never put a request's headers (the token) into a message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly kind: 'http' | 'network' | 'timeout';

  constructor(status: number, message: string, kind: ApiError['kind'] = 'http') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.kind = kind;
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
  const text = describeError(error);
  return isApiError(error) && error.kind === 'timeout'
    ? `${text}. The change may have been made all the same: check before trying again.`
    : text;
}

/** A short text for any error a query or mutation can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.status ? `${error.message} (HTTP ${error.status})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
