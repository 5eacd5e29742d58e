import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { components } from '@/api/schema';
import { between, exactTime, formatDuration } from '@/lib/time';
import type { RoomAllocation, RoomStatus } from '../roomQueries';

type ProcessV3 = components['schemas']['ProcessV3'];

const STATUS_COLOR: Record<ProcessV3['status'], string> = {
  starting: 'blue',
  running: 'teal',
  draining: 'violet',
  stopping: 'violet',
  stopped: 'gray',
  failed: 'red',
};

/** How long before a process's stop a room's end still counts as "destroyed with it". */
const WITH_IT_MS = 2_000;

/**
 * Did the room end because its process did? A failed process takes its rooms with it; a stopped one did when the
 * room is destroyed and its allocation ended when the process began to stop (or after).
 */
export function diedWithProcess(
  roomStatus: RoomStatus,
  allocation: Pick<RoomAllocation, 'unscheduledAt'> | undefined,
  process: Pick<ProcessV3, 'status' | 'stoppingAt' | 'terminatedAt'> | undefined,
): boolean {
  if (!allocation || !process) return false;
  if (process.status === 'failed') return true;
  if (process.status !== 'stopped' || roomStatus !== 'destroyed' || !allocation.unscheduledAt) return false;
  const stopAt = process.stoppingAt ?? process.terminatedAt;
  return stopAt !== null && Date.parse(allocation.unscheduledAt) >= Date.parse(stopAt) - WITH_IT_MS;
}

export interface RoomProcessHealthProps {
  roomStatus: RoomStatus;
  /** The room's current allocation, or its last one. */
  allocation: RoomAllocation | undefined;
  /** ProcessesV3 GetProcess of that allocation's process, once loaded. */
  process: ProcessV3 | undefined;
  /** The process page, with `#logs` for its logs panel. */
  processHref: string;
  logsHref: string;
  now?: number;
}

/**
 * The health of the process the room runs (or ran) on: its status and uptime, beside the connection; and, when the
 * room died with its process, says so with the exit reason and a link to its logs around the allocation's time.
 */
export function RoomProcessHealth({
  roomStatus,
  allocation,
  process,
  processHref,
  logsHref,
  now = Date.now(),
}: RoomProcessHealthProps) {
  if (!allocation) return null;
  const died = diedWithProcess(roomStatus, allocation, process);
  const uptime = process?.startedAt
    ? formatDuration(Math.max(0, between(process.startedAt, process.terminatedAt, now)))
    : null;
  const from = exactTime(allocation.scheduledAt);
  const to = allocation.unscheduledAt ? exactTime(allocation.unscheduledAt) : 'now';
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          Process
        </Text>
        <Anchor component={Link} to={processHref} ff="monospace" size="sm">
          {allocation.processId.slice(0, 8)}
        </Anchor>
        {process ? (
          <>
            <Badge color={STATUS_COLOR[process.status]} variant="light" tt="none" aria-label="Process status">
              {process.status}
            </Badge>
            {uptime && (
              <Text size="sm" c="dimmed">
                {process.terminatedAt ? `ran ${uptime}` : `up ${uptime}`}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            checking the process…
          </Text>
        )}
      </Group>
      {died && process && (
        <Alert
          color={process.status === 'failed' ? 'red' : 'gray'}
          variant="light"
          role="alert"
          title={process.status === 'failed' ? 'This room died with its process' : 'Its process was stopped'}
        >
          <Text size="sm">
            {process.status === 'failed'
              ? `The process ${allocation.processId.slice(0, 8)} failed: ${process.summaryExitReason ?? 'no reason given'}.`
              : `The room was destroyed when its process ${allocation.processId.slice(0, 8)} stopped (${process.summaryExitReason ?? 'no reason given'}).`}{' '}
            The room ran on it from {from} to {to}.
          </Text>
          <Anchor component={Link} to={logsHref} size="sm">
            See the process's logs
          </Anchor>
        </Alert>
      )}
    </Stack>
  );
}
