import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { EmptyState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { type ChartData, hasNoSamples, METRIC_SPECS, type MetricSpec, toChartData } from '../metricsChartData';
import { useProcessMetrics } from '../processV3Queries';

export const METRIC_RANGES = [
  { value: '900', label: '15 min' },
  { value: '3600', label: '1 h' },
  { value: '21600', label: '6 h' },
  { value: '86400', label: '24 h' },
] as const;

export interface MetricsChartsProps {
  processId: string;
  /** Seconds back from now; 900, 3600, 21600 or 86400. */
  defaultRangeSeconds?: number;
  /** Seconds a point; default about 300 points over the range, never under the 10 s samples. */
  step?: number;
  /** The process runs: ask for new samples every 10 s (default true; false for an ended process). */
  live?: boolean;
  /** Called once all three charts have drawn their data (the bench measures fetch -> drawn). */
  onDrawn?: () => void;
}

/**
 * CPU, memory and active connections of a process, one uPlot chart each, over 15 min .. 24 h, values on hover.
 * The page imports this module with `lazy()`, so uPlot stays out of the first page's bundle.
 */
export function MetricsCharts({
  processId,
  defaultRangeSeconds = 900,
  step,
  live = true,
  onDrawn,
}: MetricsChartsProps) {
  const [range, setRange] = useState(defaultRangeSeconds);
  const metrics = useProcessMetrics(processId, range, step, live);
  const drawn = useRef<{ of: unknown; keys: Set<string> }>({ of: undefined, keys: new Set() });
  const answer = metrics.data;
  const charts = useMemo(
    () =>
      answer && !hasNoSamples(answer.data)
        ? METRIC_SPECS.map((spec) => ({ spec, data: toChartData(answer.data[spec.key], answer, spec.scale) }))
        : undefined,
    [answer],
  );

  const chartDrawn = (key: string) => {
    if (drawn.current.of !== charts) drawn.current = { of: charts, keys: new Set() };
    drawn.current.keys.add(key);
    if (drawn.current.keys.size === METRIC_SPECS.length) onDrawn?.();
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          Resources
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Time range"
          data={[...METRIC_RANGES]}
          value={String(range)}
          onChange={(v) => setRange(Number(v))}
        />
      </Group>
      {metrics.isError && (
        <ErrorState title="Could not load the metrics" error={metrics.error} onRetry={() => metrics.refetch()} />
      )}
      {metrics.isPending && (
        <Text size="sm" c="dimmed">
          Loading metrics…
        </Text>
      )}
      {answer && hasNoSamples(answer.data) && (
        <EmptyState title="No samples yet">
          Roomdeck samples a running process every 10 s; the charts fill in once it has.
        </EmptyState>
      )}
      {charts && (
        <SimpleGrid cols={{ base: 1, lg: 3 }}>
          {charts.map(({ spec, data }) => (
            <MetricChart key={spec.key} spec={spec} data={data} onDrawn={() => chartDrawn(spec.key)} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

export default MetricsCharts;

const CHART_HEIGHT = 180;

/** One series drawn by uPlot; the legend under it shows the value under the cursor. */
function MetricChart({ spec, data, onDrawn }: { spec: MetricSpec; data: ChartData; onDrawn: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const color = getComputedStyle(el).getPropertyValue('--mantine-primary-color-filled').trim() || '#228be6';
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: CHART_HEIGHT,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' } },
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          size: 60,
          ...(spec.integer ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] } : {}),
          values: (_u, splits) => splits.map((v) => spec.format(v)),
        },
      ],
      series: [
        { label: 'Time' },
        {
          label: spec.title,
          stroke: color,
          fill: `${color}22`,
          width: 1.5,
          spanGaps: false,
          value: (_u, v) => (v === null || v === undefined ? '–' : spec.format(v)),
        },
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [() => onDrawnRef.current()] },
    };
    const u = new uPlot(options, dataRef.current, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: CHART_HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [spec]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const last = data[1].findLast((v) => v !== null);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {spec.title}
        </Text>
        <Text size="sm" c="dimmed">
          {last === undefined || last === null ? 'no sample' : `now ${spec.format(last)}`}
        </Text>
      </Group>
      <div ref={box} role="img" aria-label={`${spec.title} (${spec.unit}) over time`} />
    </Paper>
  );
}
