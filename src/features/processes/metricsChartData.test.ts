import { describe, expect, it } from 'vitest';
import { hasNoSamples, METRIC_SPECS, toChartData } from './metricsChartData';
import { metricsStep } from './processV3Queries';

describe('toChartData', () => {
  it('puts samples on the grid of the window, null where there is none, scaled', () => {
    const data = toChartData(
      [
        { value: 1048576, timestamp: 1010 },
        { value: 2097152, timestamp: 1030 },
      ],
      { start: 1005, end: 1040, step: 10 },
      (v) => v / 1048576,
    );
    expect(data).toEqual([
      [1000, 1010, 1020, 1030, 1040],
      [null, 1, null, 2, null],
    ]);
  });

  it('spans the whole range even with no samples, and drops samples outside it', () => {
    const [xs, ys] = toChartData([{ value: 5, timestamp: 10 }], { start: 3600, end: 7200, step: 60 });
    expect(xs).toHaveLength(61);
    expect(ys.every((v) => v === null)).toBe(true);
  });
});

describe('metricsStep', () => {
  it('is about 300 points a range, never under the 10 s samples', () => {
    expect(metricsStep(900)).toBe(10);
    expect(metricsStep(3600)).toBe(12);
    expect(metricsStep(86400)).toBe(288);
  });
});

describe('METRIC_SPECS', () => {
  it('shows CPU in percent, memory in MiB and connections as a count', () => {
    const [cpu, memory, connections] = METRIC_SPECS;
    expect(cpu?.format(cpu.scale(12.345))).toBe('12.3 %');
    expect(memory?.format(memory.scale(64 * 1048576))).toBe('64 MiB');
    expect(connections?.format(connections.scale(3))).toBe('3');
    expect(hasNoSamples({ cpu: [], memory: [] })).toBe(true);
    expect(hasNoSamples({ cpu: [{ value: 1, timestamp: 1 }] })).toBe(false);
  });
});
