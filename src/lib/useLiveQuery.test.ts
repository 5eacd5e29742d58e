import { describe, expect, it } from 'vitest';
import { refreshDelay } from './useLiveQuery';

describe('refresh back-off', () => {
  it('doubles the interval per consecutive failure, up to a minute', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => refreshDelay(5_000, n))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });

  it('never waits less than the interval itself', () => {
    expect(refreshDelay(120_000, 3)).toBe(120_000);
  });
});
