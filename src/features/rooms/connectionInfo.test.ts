import { describe, expect, it } from 'vitest';
import { connectionPollDelay, nextConnectionPoll } from './connectionInfo';

describe('connection info polling', () => {
  it('backs off like Hathora SDKs: 0.5, 1, 2, then 3 s for good', () => {
    expect([1, 2, 3, 4, 5, 50].map(connectionPollDelay)).toEqual([500, 1000, 2000, 3000, 3000, 3000]);
    expect(connectionPollDelay(0)).toBe(500);
  });

  it('polls only while the room is starting and the user still waits', () => {
    expect(nextConnectionPoll({ status: 'starting', answers: 1, stopped: false })).toBe(500);
    expect(nextConnectionPoll({ status: 'starting', answers: 3, stopped: false })).toBe(2000);
    expect(nextConnectionPoll({ status: 'starting', answers: 3, stopped: true })).toBe(false);
    expect(nextConnectionPoll({ status: 'active', answers: 2, stopped: false })).toBe(false);
    // no answer yet (loading, or the first call failed): nothing to poll for
    expect(nextConnectionPoll({ status: undefined, answers: 0, stopped: false })).toBe(false);
  });
});
