import { describe, expect, it } from 'vitest';
import { runPool } from './runPool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runPool', () => {
  it('runs at most N at a time, reports every result, and one failure does not stop the rest', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const results: string[] = [];
    const { notStarted } = await runPool(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      4,
      async (n) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick();
        inFlight--;
        if (n === 3) throw new Error('no');
      },
      (n, r) => results.push(`${n}:${r.ok ? 'ok' : (r.error as Error).message}`),
    );
    expect(maxInFlight).toBe(4);
    expect(results).toHaveLength(10);
    expect(results).toContain('3:no');
    expect(results.filter((r) => r.endsWith(':ok'))).toHaveLength(9);
    expect(notStarted).toEqual([]);
  });

  it('starts nothing new once asked to stop, and says what never started', async () => {
    let stop = false;
    const done: number[] = [];
    const { notStarted } = await runPool(
      [1, 2, 3, 4, 5, 6],
      2,
      async (n) => {
        await tick();
        if (n === 1) stop = true;
      },
      (n) => done.push(n),
      () => stop,
    );
    expect(done.sort()).toEqual([1, 2]);
    expect(notStarted).toEqual([3, 4, 5, 6]);
  });

  it('handles an empty list', async () => {
    expect(
      await runPool(
        [],
        4,
        async () => {},
        () => {},
      ),
    ).toEqual({ notStarted: [] });
  });
});
