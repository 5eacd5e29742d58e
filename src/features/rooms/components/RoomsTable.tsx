import { Box, Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, memo, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { CheckIcon, CopyIcon } from '@/components/icons';
import { exactTime, fromNow } from '@/lib/time';
import type { RoomRow, RoomSortKey, SortDir } from '../roomListView';
import { RoomStatusBadge } from './RoomStatusBadge';
import classes from './RoomsTable.module.css';

export const ROW_HEIGHT = 44;

export interface RoomsTableSelection {
  selected: ReadonlySet<string>;
  /** `shiftKey`: extend from the last clicked row to this one. */
  onToggle: (roomId: string, shiftKey: boolean) => void;
  /** The header checkbox: select every row shown (all that match the search), or clear them. */
  onToggleAll: () => void;
}

export interface RoomsTableProps {
  /** Already filtered and sorted (see roomListView.ts); the table only renders the rows in view. */
  rows: readonly RoomRow[];
  sort: RoomSortKey;
  dir: SortDir;
  onSort: (key: RoomSortKey) => void;
  roomHref: (roomId: string) => string;
  /** The process the list belongs to: a room now allocated on another process says so, with a link. */
  processId?: string;
  processHref?: (processId: string) => string;
  /** Absent in read-only mode: no checkboxes. */
  selection?: RoomsTableSelection | undefined;
  /** Absent in read-only mode: no row actions. */
  onSuspend?: ((row: RoomRow) => void) | undefined;
  onDestroy?: ((row: RoomRow) => void) | undefined;
  /** Relative times are computed against this (defaults to the time of the render). */
  now?: number;
  /** Height of the scrolling box; the header stays in view. */
  maxHeight?: string;
}

const COLUMNS: { key: RoomSortKey; label: string; width?: string }[] = [
  { key: 'roomId', label: 'Room id', width: '22%' },
  { key: 'status', label: 'Status', width: '9rem' },
  { key: 'scheduledAt', label: 'Scheduled at', width: '9.5rem' },
  { key: 'unscheduledAt', label: 'Unscheduled at', width: '9.5rem' },
  { key: 'config', label: 'Config' },
];

/**
 * A process's rooms, virtualized: whatever the room count, only the rows in view (plus a few) are in the DOM.
 * Rows are keyed by their position, so a search or a new sort puts other rooms into the same row elements
 * (text and attributes change) instead of replacing every row: about a third less work per keystroke (issue 8).
 * Props only, so a benchmark or a test can render it with any rows.
 */
export function RoomsTable({
  rows,
  sort,
  dir,
  onSort,
  roomHref,
  processId,
  processHref,
  selection,
  onSuspend,
  onDestroy,
  now = Date.now(),
  maxHeight = 'max(20rem, calc(100vh - 22rem))',
}: RoomsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 5,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  const hasActions = Boolean(onSuspend || onDestroy);

  const selectedShown = selection ? countSelected(rows, selection.selected) : 0;
  const allShown = selectedShown > 0 && selectedShown === rows.length;

  return (
    <Box ref={scrollRef} style={{ maxHeight, overflow: 'auto' }}>
      <Table
        stickyHeader
        layout="fixed"
        verticalSpacing={0}
        aria-label="Rooms"
        aria-rowcount={rows.length + 1}
        miw={860}
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1} h={ROW_HEIGHT}>
            {selection && (
              <Table.Th w="2.75rem">
                <Checkbox
                  aria-label={
                    allShown ? `Clear selection of ${rows.length} rooms` : `Select all ${rows.length} rooms shown`
                  }
                  checked={allShown}
                  indeterminate={selectedShown > 0 && !allShown}
                  disabled={rows.length === 0}
                  onChange={selection.onToggleAll}
                />
              </Table.Th>
            )}
            {COLUMNS.map((column) => (
              <Table.Th
                key={column.key}
                w={column.width}
                aria-sort={sort === column.key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <UnstyledButton onClick={() => onSort(column.key)} fw={600} fz="sm">
                  {column.label}
                  <span aria-hidden="true"> {sort === column.key ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                </UnstyledButton>
              </Table.Th>
            ))}
            {hasActions && (
              <Table.Th w="10rem">
                <Text fw={600} fz="sm">
                  Actions
                </Text>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody
          className={classes.body}
          style={{ '--rooms-pad-top': `${paddingTop}px`, '--rooms-pad-bottom': `${paddingBottom}px` } as CSSProperties}
        >
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <RoomTableRow
                key={item.index}
                row={row}
                index={item.index}
                selected={selection?.selected.has(row.roomId) ?? false}
                onToggle={selection?.onToggle}
                onSuspend={onSuspend}
                onDestroy={onDestroy}
                hasActions={hasActions}
                roomHref={roomHref}
                processId={processId}
                processHref={processHref}
                now={now}
              />
            );
          })}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function countSelected(rows: readonly RoomRow[], selected: ReadonlySet<string>): number {
  if (selected.size === 0) return 0;
  let n = 0;
  for (const row of rows) if (selected.has(row.roomId)) n++;
  return n;
}

const RoomTableRow = memo(function RoomTableRow({
  row,
  index,
  selected,
  onToggle,
  onSuspend,
  onDestroy,
  hasActions,
  roomHref,
  processId,
  processHref,
  now,
}: {
  row: RoomRow;
  index: number;
  selected: boolean;
  onToggle: RoomsTableSelection['onToggle'] | undefined;
  onSuspend: RoomsTableProps['onSuspend'];
  onDestroy: RoomsTableProps['onDestroy'];
  hasActions: boolean;
  roomHref: (roomId: string) => string;
  processId: string | undefined;
  processHref: ((processId: string) => string) | undefined;
  now: number;
}) {
  const { roomId, status, room } = row;
  const elsewhere =
    processId && room.currentAllocation && room.currentAllocation.processId !== processId
      ? room.currentAllocation.processId
      : null;
  const canSuspend = status === 'active' || status === 'scheduling';
  const canDestroy = status !== 'destroyed';
  return (
    <tr
      className={classes.row}
      aria-rowindex={index + 2}
      aria-selected={onToggle ? selected : undefined}
      style={{ height: ROW_HEIGHT }}
    >
      {onToggle && (
        <td className={classes.cell}>
          <input
            type="checkbox"
            className={classes.checkbox}
            aria-label={`Select room ${roomId}`}
            checked={selected}
            onChange={(event) => onToggle(roomId, Boolean((event.nativeEvent as Partial<MouseEvent>).shiftKey))}
          />
        </td>
      )}
      <td className={classes.cell}>
        <span className={classes.inline}>
          <Link className={classes.link} to={roomHref(roomId)} title={roomId}>
            {roomId}
          </Link>
          {/* Keyed by room: "Copied" stays with the room it copied, not with the row position. */}
          <RowCopyButton key={roomId} value={roomId} />
        </span>
      </td>
      <td className={classes.cell}>
        <span className={classes.inline}>
          <RoomStatusBadge status={status} />
          {elsewhere && processHref && (
            <Link
              className={`${classes.link} ${classes.small}`}
              to={processHref(elsewhere)}
              aria-label={`moved to process ${elsewhere}`}
              title={`Now on process ${elsewhere}`}
            >
              moved
            </Link>
          )}
        </span>
      </td>
      <td className={classes.cell}>
        <TimeCell iso={room.currentAllocation?.scheduledAt} now={now} />
      </td>
      <td className={classes.cell}>
        <TimeCell iso={room.currentAllocation?.unscheduledAt} now={now} />
      </td>
      <td className={`${classes.cell} ${classes.config} ${row.configPreview ? '' : classes.dimmed}`}>
        {row.configPreview || 'no config'}
      </td>
      {hasActions && (
        <td className={classes.cell}>
          <span className={classes.inline}>
            {onSuspend && canSuspend && (
              <button
                type="button"
                className={classes.button}
                aria-label={`Suspend room ${roomId}`}
                onClick={() => onSuspend(row)}
              >
                Suspend
              </button>
            )}
            {onDestroy && canDestroy && (
              <button
                type="button"
                className={`${classes.button} ${classes.danger}`}
                aria-label={`Destroy room ${roomId}`}
                onClick={() => onDestroy(row)}
              >
                Destroy
              </button>
            )}
          </span>
        </td>
      )}
    </tr>
  );
});

function TimeCell({ iso, now }: { iso: string | null | undefined; now: number }) {
  if (!iso) return <span className={classes.dimmed}>—</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {fromNow(iso, now)}
    </time>
  );
}

/** A plain copy button (a row can be re-rendered many times a second, so no tooltip machinery). */
function RowCopyButton({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 1500);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={`${classes.button} ${classes.icon}`}
      aria-label={`Copy room id ${value}`}
      title={copied ? 'Copied' : 'Copy room id'}
      onClick={() =>
        navigator.clipboard.writeText(value).then(
          () => setCopied(true),
          () => {},
        )
      }
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
