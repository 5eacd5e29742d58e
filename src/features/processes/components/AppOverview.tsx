import { Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ProcessStatusV3 } from '../processV3Queries';
import { LIVE_STATUSES, PROCESS_STATUSES, type RegionUsage } from '../processView';
import classes from './ProcessesTable.module.css';

export interface AppOverviewProps {
  /** Processes per status (the count endpoint), undefined while a count is loading or failed. */
  counts: Partial<Record<ProcessStatusV3, number>>;
  /** Rooms and capacity per region, from the live processes loaded so far. */
  usage: { regions: readonly RegionUsage[]; total: Omit<RegionUsage, 'region'> };
  /** How many live processes `usage` is computed from, and whether more exist than were loaded. */
  shown: number;
  capped: boolean;
  /** The live processes have not loaded yet: nothing is known of rooms and capacity (never "none"). */
  loading?: boolean;
  regionLabel?: (region: string) => string;
}

/** The app at a glance: processes by status, rooms and capacity, per region. Props only. */
export function AppOverview({ counts, usage, shown, capped, loading = false, regionLabel = String }: AppOverviewProps) {
  const live = LIVE_STATUSES.reduce<number | undefined>(
    (sum, s) => (sum === undefined || counts[s] === undefined ? undefined : sum + (counts[s] ?? 0)),
    0,
  );
  const { total } = usage;
  const of = capped ? ` (of ${shown} live processes shown)` : '';
  return (
    <Paper withBorder p="md" component="section" aria-label="App at a glance">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Stat label="Live processes" value={live === undefined ? '…' : String(live)} />
          <Stat
            label="Rooms"
            value={loading ? '…' : String(total.rooms)}
            detail={capped ? `of ${shown} processes shown` : undefined}
          />
          <Stat
            label="Capacity"
            value={loading ? '…' : `${total.capacity - total.free} used / ${total.free} free`}
            detail={loading ? undefined : `${total.capacity} room slots${of}`}
          />
        </SimpleGrid>
        <Group gap="xs" wrap="wrap" aria-label="Processes by status" role="list">
          {PROCESS_STATUSES.map((s) => (
            <Text key={s} size="sm" role="listitem">
              <Text span fw={600} className={classes.numeric}>
                {counts[s] ?? '…'}
              </Text>{' '}
              {s}
            </Text>
          ))}
        </Group>
        {loading ? (
          <Text size="sm" c="dimmed">
            Loading rooms and capacity per region…
          </Text>
        ) : usage.regions.length > 0 ? (
          <div className={classes.scroll}>
            <table className={classes.compact} aria-label="Live processes by region">
              <thead>
                <tr>
                  <th>Region</th>
                  <th>Processes</th>
                  <th>Rooms</th>
                  <th>Free slots</th>
                </tr>
              </thead>
              <tbody>
                {usage.regions.map((r) => (
                  <tr key={r.region}>
                    <td>{regionLabel(r.region)}</td>
                    <td className={classes.numeric}>{r.processes}</td>
                    <td className={classes.numeric}>{r.rooms}</td>
                    <td className={classes.numeric}>
                      {r.free} of {r.capacity}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Text size="sm" c="dimmed">
            No live processes in any region.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} size="lg" className={classes.numeric}>
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Stack>
  );
}
