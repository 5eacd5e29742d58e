import { describe, expect, it } from 'vitest';
import { ApiError, describeActionError, describeError, isTransient, messageFromBody, NOT_THE_API } from './errors';

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
