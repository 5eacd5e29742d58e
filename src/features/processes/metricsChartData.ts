import type { MetricValue, ProcessMetrics } from './processV3Queries';

export type MetricKey = 'cpu' | 'memory' | 'activeConnections';

export interface MetricSpec {
  key: MetricKey;
  title: string;
  /** The unit a value is shown in. */
  unit: string;
  /** From the API's unit (percent of one core, bytes, count) to the shown one. */
  scale: (value: number) => number;
  /** A value for the legend and axis. */
  format: (value: number) => string;
  /** Whole numbers only (the axis never shows 0.5 connections). */
  integer?: boolean;
}

const MIB = 1024 * 1024;

export const METRIC_SPECS: readonly MetricSpec[] = [
  { key: 'cpu', title: 'CPU', unit: '%', scale: (v) => v, format: (v) => `${v.toFixed(1)} %` },
  {
    key: 'memory',
    title: 'Memory',
    unit: 'MiB',
    scale: (v) => v / MIB,
    format: (v) => `${v.toFixed(v < 10 ? 1 : 0)} MiB`,
  },
  {
    key: 'activeConnections',
    title: 'Active connections',
    unit: 'connections',
    scale: (v) => v,
    format: (v) => String(Math.round(v)),
    integer: true,
  },
];

/** uPlot's aligned data: x in Unix seconds, y with null where no sample (a gap in the line). */
export type ChartData = [number[], (number | null)[]];

/**
 * One series on the grid of the asked window (`start`..`end`, `step` seconds a point): a point per step, null where
 * the process had no sample (not yet started, or ended), so the line breaks instead of joining across a gap and the
 * x axis always spans the whole range chosen.
 */
export function toChartData(
  samples: readonly MetricValue[] | undefined,
  window: { start: number; end: number; step: number },
  scale: (value: number) => number = (v) => v,
): ChartData {
  const { start, end, step } = window;
  const first = Math.floor(start / step) * step;
  const count = Math.max(0, Math.floor((end - first) / step) + 1);
  const xs = Array.from({ length: count }, (_, i) => first + i * step);
  const ys: (number | null)[] = new Array(count).fill(null);
  for (const sample of samples ?? []) {
    const i = Math.floor((sample.timestamp - first) / step);
    if (i >= 0 && i < count) ys[i] = scale(sample.value);
  }
  return [xs, ys];
}

/** True when no series has a sample. */
export function hasNoSamples(data: ProcessMetrics): boolean {
  return METRIC_SPECS.every((spec) => (data[spec.key]?.length ?? 0) === 0);
}
