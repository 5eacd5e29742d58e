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
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Extracts `message` from an API error body, which may be `{message}`, a bare string or anything else. */
export function messageFromBody(body: unknown, status: number, statusText = ''): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' && body.message) {
    return body.message;
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  return `The API answered ${status}${statusText ? ` ${statusText}` : ''}`;
}

/** A short text for any error a query or mutation can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.status ? `${error.message} (HTTP ${error.status})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
