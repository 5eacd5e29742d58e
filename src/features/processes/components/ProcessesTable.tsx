import { Anchor, Group, Table, Text } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import { CopyValue } from '@/components/CopyValue';
import { RelativeTime } from '@/components/RelativeTime';
import { formatDuration } from '@/lib/time';
import type { Process } from '../processQueries';
import { processState, shortProcessId, uptimeMs } from '../processView';
import { ProcessStateBadge } from './ProcessStateBadge';
import { RoomUsage } from './RoomUsage';

export interface ProcessesTableProps {
  processes: readonly Process[];
  processHref: (processId: string) => string;
  /** How a region is shown (e.g. "Tokyo (Japan)"); by default as the API sends it. */
  regionLabel?: (region: string) => string;
  /** A click anywhere on a row opens the process (the id link does the same for the keyboard). */
  onOpen: (processId: string) => void;
  /** Stopped processes: show when they stopped. */
  stopped?: boolean;
  now?: number;
}

export function ProcessesTable({
  processes,
  processHref,
  regionLabel = String,
  onOpen,
  stopped = false,
  now = Date.now(),
}: ProcessesTableProps) {
  const openRow = (event: MouseEvent, processId: string) => {
    if ((event.target as HTMLElement).closest('a, button, input')) return;
    onOpen(processId);
  };
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover aria-label={stopped ? 'Stopped processes' : 'Running processes'}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Process</Table.Th>
            <Table.Th>Region</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Rooms</Table.Th>
            <Table.Th>Started</Table.Th>
            {stopped && <Table.Th>Stopped</Table.Th>}
            <Table.Th>Uptime</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {processes.map((p) => {
            const uptime = uptimeMs(p, now);
            return (
              <Table.Tr key={p.processId} onClick={(e) => openRow(e, p.processId)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Anchor
                      component={Link}
                      to={processHref(p.processId)}
                      ff="monospace"
                      fz="sm"
                      aria-label={p.processId}
                      title={p.processId}
                    >
                      {shortProcessId(p.processId)}
                    </Anchor>
                    <CopyValue value={p.processId} label={`Copy process id ${p.processId}`} />
                  </Group>
                </Table.Td>
                <Table.Td>{regionLabel(p.region)}</Table.Td>
                <Table.Td>
                  <ProcessStateBadge state={processState(p)} />
                </Table.Td>
                <Table.Td>
                  <RoomUsage process={p} />
                </Table.Td>
                <Table.Td>
                  <RelativeTime iso={p.startedAt ?? p.startingAt} now={now} />
                </Table.Td>
                {stopped && (
                  <Table.Td>
                    <RelativeTime iso={p.terminatedAt ?? p.stoppingAt} now={now} />
                  </Table.Td>
                )}
                <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {uptime === null ? (
                    <Text span size="sm" c="dimmed">
                      not started
                    </Text>
                  ) : (
                    formatDuration(uptime)
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
