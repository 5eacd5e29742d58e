import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  AUTO_RETRY_MS,
  autoRetryDelay,
  describeActionError,
  describeError,
  isTransient,
  MAX_RETRY_AFTER_MS,
  messageFromBody,
  NOT_THE_API,
  parseRetryAfter,
  rateLimitWait,
} from './errors';

describe('messageFromBody', () => {
  it('takes the JSON message, else short text, and never markup', () => {
    expect(messageFromBody({ message: 'Room x not found' }, 404)).toBe('Room x not found');
    expect(messageFromBody('  upstream timed out \n', 504)).toBe('upstream timed out');
    expect(messageFromBody('<html><script>alert(1)</script></html>', 502)).toBe(NOT_THE_API);
    expect(messageFromBody(' <!doctype html><title>Bad gateway</title>', 502)).toBe(NOT_THE_API);
    expect(messageFromBody(undefined, 503, 'Service Unavailable')).toBe('The API answered 503 Service Unavailable');
  });
});

describe('isTransient', () => {
  it('is true where asking again may help', () => {
    expect(isTransient(new ApiError(0, 'Could not reach the API', 'network'))).toBe(true);
    expect(isTransient(new ApiError(0, 'No answer within 15 s', 'timeout'))).toBe(true);
    expect(isTransient(new ApiError(500, 'Injected fault'))).toBe(true);
    expect(isTransient(new ApiError(429, 'Slow down'))).toBe(true);
    expect(isTransient(new Error('anything else'))).toBe(true);
  });
  it('is false for answers that will not change', () => {
    for (const status of [400, 401, 403, 404, 413]) expect(isTransient(new ApiError(status, 'no'))).toBe(false);
  });
});

describe('describeError', () => {
  it('adds the HTTP status when there was an answer', () => {
    expect(describeError(new ApiError(500, 'Injected fault'))).toBe('Injected fault (HTTP 500)');
    expect(describeError(new ApiError(0, 'Could not reach the API', 'network'))).toBe('Could not reach the API');
  });
});

describe('describeActionError', () => {
  it('says that a change without an answer in time may have been made', () => {
    expect(describeActionError(new ApiError(0, 'No answer from http://x within 15 s', 'timeout'))).toBe(
      'No answer from http://x within 15 s. The change may have been made all the same: check before trying again.',
    );
    expect(describeActionError(new ApiError(500, 'Injected fault'))).toBe('Injected fault (HTTP 500)');
    expect(describeActionError(new ApiError(0, 'Could not reach the API', 'network'))).toBe('Could not reach the API');
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');

  it('reads seconds or an HTTP date, capped at ten minutes, and nothing else', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 02 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    for (const bad of [null, undefined, '', '-1', '1.5', 'soon', '2026-12-02T12:00:30Z', 'x 1']) {
      expect(parseRetryAfter(bad, now), String(bad)).toBeUndefined();
    }
  });

  it('is kept only on 429 and 503 answers', () => {
    expect(new ApiError(429, 'slow down', 'http', 5_000).retryAfterMs).toBe(5_000);
    expect(new ApiError(503, 'busy', 'http', 5_000).retryAfterMs).toBe(5_000);
    expect(new ApiError(500, 'boom', 'http', 5_000).retryAfterMs).toBeUndefined();
  });

  it('a load waits the Retry-After before trying again by itself, and says so; a change says to try again', () => {
    const limited = new ApiError(429, 'Too many requests', 'http', 30_000, now);
    expect(rateLimitWait(limited, now + 10_000)).toBe(20_000);
    expect(rateLimitWait(limited, now + 40_000)).toBe(0);
    expect(autoRetryDelay(limited)).toBe(30_000);
    expect(autoRetryDelay(new ApiError(500, 'boom'))).toBe(AUTO_RETRY_MS);
    vi.useFakeTimers({ now: now + 10_500, toFake: ['Date'] });
    try {
      expect(describeError(limited)).toBe('Rate limited: trying again in 20 s. Too many requests (HTTP 429)');
      expect(describeActionError(limited)).toBe('Rate limited: try again in 20 s. Too many requests (HTTP 429)');
    } finally {
      vi.useRealTimers();
    }
    expect(describeError(new ApiError(429, 'Too many requests'))).toBe('Too many requests (HTTP 429)');
  });
});
