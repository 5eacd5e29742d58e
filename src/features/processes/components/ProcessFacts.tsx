import { Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { CopyValue } from '@/components/CopyValue';
import { HostPort } from '@/components/HostPort';
import { RelativeTime } from '@/components/RelativeTime';
import { formatDuration } from '@/lib/time';
import type { Process } from '../processQueries';
import { processState, uptimeMs } from '../processView';
import { ProcessStateBadge } from './ProcessStateBadge';
import { RoomUsage } from './RoomUsage';

/** The facts of one process, as a grid of labelled values. */
export function ProcessFacts({
  process: p,
  regionLabel = String,
  now = Date.now(),
}: {
  process: Process;
  /** How a region is shown (e.g. "Tokyo (Japan)"); by default as the API sends it. */
  regionLabel?: (region: string) => string;
  now?: number;
}) {
  const uptime = uptimeMs(p, now);
  const port = p.exposedPort;
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" verticalSpacing="sm" component="dl" m={0}>
        <Fact label="State">
          <ProcessStateBadge state={processState(p)} />
        </Fact>
        <Fact label="Region">{regionLabel(p.region)}</Fact>
        <Fact label="Rooms">
          <RoomUsage process={p} barWidth={96} />
        </Fact>
        <Fact label="Deployment">{p.deploymentId}</Fact>
        <Fact label="Started">
          {/* A process still starting has no start time: when it was asked to start is not when it started. */}
          {p.startedAt ? (
            <RelativeTime iso={p.startedAt} now={now} />
          ) : p.stoppingAt || p.terminatedAt ? (
            'never'
          ) : (
            <>
              not yet (starting since <RelativeTime iso={p.startingAt} now={now} />)
            </>
          )}
        </Fact>
        <Fact label="Uptime">{uptime === null ? 'not started' : formatDuration(uptime)}</Fact>
        {(p.stoppingAt || p.terminatedAt) && (
          <Fact label="Stopped">
            <RelativeTime iso={p.terminatedAt ?? p.stoppingAt} now={now} />
          </Fact>
        )}
        <Fact label="Exposed port">
          {port ? (
            <Group gap={4} wrap="nowrap">
              <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                <HostPort host={port.host} port={port.port} /> ({port.transportType})
              </Text>
              <CopyValue value={`${port.host}:${port.port}`} label="Copy host:port of the process" />
            </Group>
          ) : (
            'none yet'
          )}
        </Fact>
        <Fact label="Active connections">{p.activeConnections}</Fact>
      </SimpleGrid>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </Stack>
  );
}
