import { Anchor, Group, Text } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import { CopyValue } from '@/components/CopyValue';
import { RelativeTime } from '@/components/RelativeTime';
import { formatDuration } from '@/lib/time';
import type { Process } from '../processQueries';
import { processState, shortProcessId, uptimeMs } from '../processView';
import classes from './ProcessesTable.module.css';
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
    // Plain table elements styled like Mantine's Table (see the CSS module: the first page's budget).
    <div className={classes.scroll}>
      <table className={classes.table} aria-label={stopped ? 'Stopped processes' : 'Running processes'}>
        <thead>
          <tr>
            {/* The state next to the id: on a phone the table scrolls, and the badge stays in view. */}
            <th>Process</th>
            <th>State</th>
            <th>Region</th>
            <th>Rooms</th>
            <th>Started</th>
            {stopped && <th>Stopped</th>}
            <th>Uptime</th>
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => {
            const uptime = uptimeMs(p, now);
            return (
              <tr key={p.processId} className={classes.row} onClick={(e) => openRow(e, p.processId)}>
                <td>
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
                </td>
                <td>
                  <ProcessStateBadge state={processState(p)} />
                </td>
                <td>{regionLabel(p.region)}</td>
                <td>
                  <RoomUsage process={p} />
                </td>
                <td>
                  <RelativeTime iso={p.startedAt ?? p.startingAt} now={now} />
                </td>
                {stopped && (
                  <td>
                    <RelativeTime iso={p.terminatedAt ?? p.stoppingAt} now={now} />
                  </td>
                )}
                <td className={classes.numeric}>
                  {uptime === null ? (
                    <Text span size="sm" c="dimmed">
                      not started
                    </Text>
                  ) : (
                    formatDuration(uptime)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
