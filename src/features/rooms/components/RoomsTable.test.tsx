import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type ReactElement, useState } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { type RoomRow, toRoomRows } from '../roomListView';
import type { RoomWithoutAllocations } from '../roomQueries';
import { EMPTY_SELECTION, type RowSelection, toggleAll, toggleRow } from '../rowSelection';
import { RoomsTable, type RoomsTableProps } from './RoomsTable';

// jsdom has no layout: give the scroll box a height so the virtualizer has a window to fill.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

function makeRooms(n: number, status = 'active'): RoomWithoutAllocations[] {
  return Array.from({ length: n }, (_, i) => ({
    appId: 'app-1',
    roomId: `room-${i}`,
    status: status as RoomWithoutAllocations['status'],
    roomConfig: `{"slot":${i}}`,
    currentAllocation: {
      processId: 'proc-1',
      roomAllocationId: `alloc-${i}`,
      scheduledAt: '2026-01-01T00:00:00Z',
      unscheduledAt: null,
    },
  }));
}

function wrap(ui: ReactElement) {
  return renderWithProviders(ui);
}

function renderTable(props: Partial<RoomsTableProps> & { rows: readonly RoomRow[] }) {
  const onSort = vi.fn();
  wrap(
    <RoomsTable
      sort="roomId"
      dir="asc"
      onSort={onSort}
      roomHref={(id) => `/apps/app-1/rooms/${id}`}
      processId="proc-1"
      processHref={(id) => `/apps/app-1/processes/${id}`}
      now={Date.parse('2026-01-01T00:05:00Z')}
      {...props}
    />,
  );
  return { onSort };
}

/** The table with the page's selection logic around it. */
function SelectableTable({ rows, onSelection }: { rows: RoomRow[]; onSelection: (s: RowSelection) => void }) {
  const [selection, setSelection] = useState(EMPTY_SELECTION);
  onSelection(selection);
  const ids = rows.map((r) => r.roomId);
  return (
    <RoomsTable
      rows={rows}
      sort="roomId"
      dir="asc"
      onSort={() => {}}
      roomHref={(id) => `/r/${id}`}
      selection={{
        selected: selection.selected,
        onToggle: (id, shift) => setSelection((s) => toggleRow(s, ids, id, shift)),
        onToggleAll: () => setSelection((s) => toggleAll(s, ids)),
      }}
    />
  );
}

const bodyRows = () =>
  within(screen.getByRole('table', { name: 'Rooms' }))
    .getAllByRole('row')
    .slice(1);

describe('RoomsTable', () => {
  it('keeps the DOM small for 10,000 rooms and tells assistive tech the full count', () => {
    renderTable({ rows: toRoomRows(makeRooms(10_000)) });
    const table = screen.getByRole('table', { name: 'Rooms' });
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    const rows = bodyRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]).toHaveAttribute('aria-rowindex', '2');
  });

  it('shows the room id as a link with a copy button, the status as it comes, times and a config preview', () => {
    const rooms = makeRooms(1);
    const [first] = rooms as [RoomWithoutAllocations];
    first.status = 'hibernating' as RoomWithoutAllocations['status'];
    first.roomConfig = '<img src=x onerror=alert(1)>';
    renderTable({ rows: toRoomRows(rooms) });
    expect(screen.getByRole('link', { name: 'room-0' })).toHaveAttribute('href', '/apps/app-1/rooms/room-0');
    expect(screen.getByRole('button', { name: 'Copy room id room-0' })).toBeInTheDocument();
    expect(screen.getByText('hibernating')).toBeInTheDocument();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText('5 minutes ago')).toHaveAttribute('datetime', '2026-01-01T00:00:00Z');
  });

  it('says when a room now lives on another process', () => {
    const rooms = makeRooms(1);
    (rooms[0] as RoomWithoutAllocations).currentAllocation = {
      processId: 'proc-2',
      roomAllocationId: 'x',
      scheduledAt: '2026-01-01T00:00:00Z',
      unscheduledAt: null,
    };
    renderTable({ rows: toRoomRows(rooms) });
    expect(screen.getByRole('link', { name: 'moved to process proc-2' })).toHaveAttribute(
      'href',
      '/apps/app-1/processes/proc-2',
    );
  });

  it('sorts by any column from its header and marks the sorted one', async () => {
    const user = userEvent.setup();
    const { onSort } = renderTable({ rows: toRoomRows(makeRooms(3)), sort: 'scheduledAt', dir: 'desc' });
    expect(screen.getByRole('columnheader', { name: /Scheduled at/ })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: /Room id/ })).toHaveAttribute('aria-sort', 'none');
    for (const [label, key] of [
      ['Room id', 'roomId'],
      ['Status', 'status'],
      ['Scheduled at', 'scheduledAt'],
      ['Unscheduled at', 'unscheduledAt'],
      ['Config', 'config'],
    ] as const) {
      await user.click(screen.getByRole('button', { name: label }));
      expect(onSort).toHaveBeenLastCalledWith(key);
    }
  });

  it('offers row actions only where the status allows them', async () => {
    const user = userEvent.setup();
    const onSuspend = vi.fn();
    const onDestroy = vi.fn();
    const rooms = [
      ...makeRooms(1, 'active'),
      ...makeRooms(2, 'suspended').slice(1),
      ...makeRooms(3, 'destroyed').slice(2),
    ];
    renderTable({ rows: toRoomRows(rooms), onSuspend, onDestroy });
    await user.click(screen.getByRole('button', { name: 'Suspend room room-0' }));
    expect(onSuspend).toHaveBeenCalledWith(expect.objectContaining({ roomId: 'room-0' }));
    expect(screen.queryByRole('button', { name: 'Suspend room room-1' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Destroy room room-1' }));
    expect(onDestroy).toHaveBeenCalledWith(expect.objectContaining({ roomId: 'room-1' }));
    expect(screen.queryByRole('button', { name: 'Destroy room room-2' })).toBeNull();
  });

  it('shows no checkboxes and no actions in read-only mode', () => {
    renderTable({ rows: toRoomRows(makeRooms(3)) });
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /Suspend room/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('selects with clicks, shift-click ranges and the header checkbox', async () => {
    const user = userEvent.setup();
    const rows = toRoomRows(makeRooms(6));
    let current = EMPTY_SELECTION;
    wrap(<SelectableTable rows={rows} onSelection={(sel) => (current = sel)} />);
    await user.click(screen.getByRole('checkbox', { name: 'Select room room-1' }));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select room room-4' }));
    await user.keyboard('{/Shift}');
    expect([...current.selected].sort()).toEqual(['room-1', 'room-2', 'room-3', 'room-4']);
    expect(screen.getByRole('checkbox', { name: 'Select room room-3' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select room room-5' })).not.toBeChecked();

    const header = screen.getByRole('checkbox', { name: 'Select all 6 rooms shown' });
    expect(header).toHaveAttribute('data-indeterminate', 'true');
    await user.click(header);
    expect(current.selected.size).toBe(6);
    await user.click(screen.getByRole('checkbox', { name: 'Clear selection of 6 rooms' }));
    expect(current.selected.size).toBe(0);
  });
});
