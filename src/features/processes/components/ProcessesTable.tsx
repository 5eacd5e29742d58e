import { Anchor, Group, Text } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import { CopyValue } from '@/components/CopyValue';
import { RelativeTime } from '@/components/RelativeTime';
import type { ProcessV3 } from '../processV3Queries';
import { isTerminalProcess } from '../processV3Queries';
import { shortProcessId, uptimeText } from '../processView';
import classes from './ProcessesTable.module.css';
import { ProcessStateBadge } from './ProcessStateBadge';
import { RoomUsage } from './RoomUsage';

export interface ProcessesTableProps {
  processes: readonly ProcessV3[];
  processHref: (processId: string) => string;
  /** How a region is shown (e.g. "Tokyo (Japan)"); by default as the API sends it. */
  regionLabel?: (region: string) => string;
  /** A click anywhere on a row opens the process (the id link does the same for the keyboard). */
  onOpen: (processId: string) => void;
  now?: number;
}

/** ProcessesV3 processes, newest first as the API sends them. */
export function ProcessesTable({
  processes,
  processHref,
  regionLabel = String,
  onOpen,
  now = Date.now(),
}: ProcessesTableProps) {
  const openRow = (event: MouseEvent, processId: string) => {
    if ((event.target as HTMLElement).closest('a, button, input')) return;
    onOpen(processId);
  };
  return (
    // Plain table elements styled like Mantine's Table (see the CSS module: the first page's budget). On a phone
    // the table scrolls inside its box; the page itself does not scroll sideways.
    <div className={classes.scroll}>
      <table className={classes.table} aria-label="Processes">
        <thead>
          <tr>
            {/* The status next to the id: on a phone the table scrolls, and the badge stays in view. */}
            <th>Process</th>
            <th>Status</th>
            <th>Region</th>
            <th>Deployment</th>
            <th>Rooms</th>
            <th>Uptime</th>
            <th>Exit reason</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => (
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
                <ProcessStateBadge state={p.status} />
              </td>
              <td>{regionLabel(p.region)}</td>
              <td className={classes.numeric}>{p.deploymentId}</td>
              <td>
                <RoomUsage process={p} />
              </td>
              <td className={classes.numeric}>
                {p.startedAt || p.status === 'starting' ? (
                  uptimeText(p, now)
                ) : (
                  <Text span size="sm" c="dimmed">
                    {uptimeText(p, now)}
                  </Text>
                )}
              </td>
              <td className={classes.reason}>
                {isTerminalProcess(p) ? (
                  (p.summaryExitReason ?? (
                    <Text span size="sm" c="dimmed">
                      not given
                    </Text>
                  ))
                ) : (
                  <Text span size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </td>
              <td>
                <RelativeTime iso={p.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
