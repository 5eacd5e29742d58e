import { Anchor, Badge, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { Link } from 'react-router';
import { between, exactTime, formatDuration, fromNow } from '@/lib/time';
import { observedStartup, type Sightings } from '../roomLifecycle';
import type { RoomAllocation, RoomStatus } from '../roomQueries';

export interface RoomHistoryProps {
  roomStatus: RoomStatus;
  /** Oldest first, as the API lists them. */
  allocations: RoomAllocation[];
  currentAllocationId: string | undefined;
  sightings: Sightings;
  processHref: (processId: string) => string;
  now: number;
}

/** The room's allocations as a timeline, oldest first, with what this dashboard saw of each. */
export function RoomHistory({
  roomStatus,
  allocations,
  currentAllocationId,
  sightings,
  processHref,
  now,
}: RoomHistoryProps) {
  const currentIndex = allocations.findIndex((a) => a.roomAllocationId === currentAllocationId);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        History
      </Title>
      {allocations.length === 0 ? (
        <Text size="sm" c="dimmed">
          The room has never been allocated to a process.
        </Text>
      ) : (
        <Timeline active={currentIndex} bulletSize={16} lineWidth={2} role="list" aria-label="Allocation history">
          {allocations.map((a, index) => {
            const current = index === currentIndex;
            const last = index === allocations.length - 1;
            const startup = observedStartup(sightings[a.roomAllocationId]);
            return (
              <Timeline.Item
                key={a.roomAllocationId}
                role="listitem"
                lineVariant={current ? 'solid' : 'dashed'}
                title={
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      Allocation {index + 1}
                    </Text>
                    {current && (
                      <Badge size="sm" variant="light" color="teal">
                        Current
                      </Badge>
                    )}
                  </Group>
                }
              >
                <Stack gap={2}>
                  <Text size="sm">
                    Process{' '}
                    <Anchor component={Link} to={processHref(a.processId)} ff="monospace" size="sm">
                      {a.processId}
                    </Anchor>
                  </Text>
                  <Text size="sm">
                    Scheduled <Time iso={a.scheduledAt} now={now} />
                  </Text>
                  <Text size="sm">
                    {a.unscheduledAt ? (
                      <>
                        Unscheduled <Time iso={a.unscheduledAt} now={now} />
                        {last && (roomStatus === 'suspended' || roomStatus === 'destroyed') && ` (room ${roomStatus})`}
                      </>
                    ) : (
                      'Still allocated'
                    )}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {a.unscheduledAt ? 'Lasted' : 'So far'}{' '}
                    {formatDuration(between(a.scheduledAt, a.unscheduledAt, now))}
                  </Text>
                  {startup !== undefined && (
                    <Text size="sm" c="dimmed">
                      Became active {(startup / 1000).toFixed(1)} s after this dashboard first saw it starting (as
                      observed by this dashboard, which checks every 0.5 to 3 s)
                    </Text>
                  )}
                </Stack>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Stack>
  );
}

function Time({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso}>
      {exactTime(iso)} ({fromNow(iso, now)})
    </time>
  );
}
