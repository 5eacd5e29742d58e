import { Alert, Button, Group, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { describeActionError, isApiError } from '@/api/errors';
import { useApiScope } from '@/api/scope';
import { CopyValue } from '@/components/CopyValue';
import { EmptyState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { LiveStatus } from '@/components/LiveStatus';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { ProcessFacts } from '@/features/processes/components/ProcessFacts';
import { processQueries } from '@/features/processes/processQueries';
import { BulkActionBar } from '@/features/rooms/components/BulkActionBar';
import { BulkActionDialog } from '@/features/rooms/components/BulkActionDialog';
import { RoomsTable } from '@/features/rooms/components/RoomsTable';
import { regionLabel } from '@/features/rooms/regions';
import { useDestroyRoom, useSuspendRoom } from '@/features/rooms/roomActions';
import {
  filterRoomRows,
  nextSort,
  type RoomListTab,
  type RoomRow,
  type RoomSortKey,
  readRoomListParams,
  sortRoomRows,
  toRoomRows,
  writeRoomListParams,
} from '@/features/rooms/roomListView';
import { roomQueries } from '@/features/rooms/roomQueries';
import { EMPTY_SELECTION, selectAll, selectedInOrder, toggleAll, toggleRow } from '@/features/rooms/rowSelection';
import { useBulkRoomAction } from '@/features/rooms/useBulkRoomAction';
import { useLiveQuery } from '@/lib/useLiveQuery';

/** How long the search waits for typing to pause before it is written to the URL. */
const URL_WRITE_DELAY_MS = 300;

/**
 * `/apps/:appId/processes/:processId`: the process's facts and its active / inactive rooms. Tab, search and sort
 * live in the URL (`?tab=inactive&q=lobby&sort=roomId&dir=asc`), so a view can be shared.
 */
export function Component() {
  const { processId = '' } = useParams();
  // A new process id is a new page: selection, search box and refresh state start over.
  return <ProcessView key={processId} processId={processId} />;
}

function ProcessView({ processId }: { processId: string }) {
  const scope = useApiScope();
  const [searchParams, setSearchParams] = useSearchParams();
  const { tab } = readRoomListParams(searchParams);
  const [paused, setPaused] = useState(false);
  const { query: process } = useLiveQuery(processQueries.detail(scope, processId), { paused });
  const notFound = isApiError(process.error) && process.error.isNotFound;

  const header = (
    <PageHeader
      title={
        <Group gap="xs" wrap="nowrap" component="span">
          <span>Process</span>
          <Text span ff="monospace" fz="inherit" style={{ wordBreak: 'break-all' }}>
            {processId}
          </Text>
          <CopyValue value={processId} label="Copy process id" />
        </Group>
      }
      actions={
        <Button component={Link} to={paths.processes.getHref(scope.appId)} variant="default" size="xs">
          All processes
        </Button>
      }
    />
  );

  if (notFound) {
    return (
      <Stack gap="md">
        {header}
        <Alert color="yellow" title="No such process in this app" role="alert">
          <Text size="sm">
            The API knows no process <code>{processId}</code> in the app <code>{scope.appId}</code>. The id may be
            mistyped or belong to another app.
          </Text>
          <Group mt="sm">
            <Button size="xs" component={Link} to={paths.processes.getHref(scope.appId)}>
              Back to processes
            </Button>
          </Group>
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {header}
      {process.isPending && (
        <Text c="dimmed" role="status">
          Loading process…
        </Text>
      )}
      {process.isError && !process.data && (
        <ErrorState title="Could not load the process" error={process.error} onRetry={() => process.refetch()} />
      )}
      {process.data && (
        <ProcessFacts process={process.data} regionLabel={regionLabel} now={process.dataUpdatedAt || undefined} />
      )}
      <Tabs
        value={tab}
        onChange={(value) =>
          setSearchParams((prev) => writeRoomListParams(prev, { tab: value === 'inactive' ? 'inactive' : 'active' }))
        }
      >
        <Tabs.List>
          <Tabs.Tab value="active">
            Active rooms{process.data ? ` (${process.data.roomsAllocated.toLocaleString()})` : ''}
          </Tabs.Tab>
          <Tabs.Tab value="inactive">Inactive rooms</Tabs.Tab>
        </Tabs.List>
        {(['active', 'inactive'] as const).map((which) => (
          <Tabs.Panel key={which} value={which} pt="md">
            {which === tab && (
              <RoomList processId={processId} which={which} paused={paused} onPausedChange={setPaused} />
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

const NO_ROOMS: never[] = [];

function RoomList({
  processId,
  which,
  paused,
  onPausedChange,
}: {
  processId: string;
  which: RoomListTab;
  paused: boolean;
  onPausedChange: (paused: boolean) => void;
}) {
  const scope = useApiScope();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readRoomListParams(searchParams);
  const { query, live } = useLiveQuery(roomQueries.processList(scope, processId, which), { paused });

  const { search, searchBoxKey, onSearch, replaceSearch } = useSearchInUrl(params.q);

  // Each step runs only when its inputs change: rows per data, order per sort, filter per search.
  const rows = useMemo(() => toRoomRows(query.data ?? NO_ROOMS), [query.data]);
  const sorted = useMemo(() => sortRoomRows(rows, params.sort, params.dir), [rows, params.sort, params.dir]);
  const shown = useMemo(() => filterRoomRows(sorted, search), [sorted, search]);
  const shownIds = useMemo(() => shown.map((r) => r.roomId), [shown]);
  const allIds = useMemo(() => sorted.map((r) => r.roomId), [sorted]);

  const onSort = useCallback(
    (key: RoomSortKey) =>
      setSearchParams((prev) => writeRoomListParams(prev, nextSort(readRoomListParams(prev), key)), { replace: true }),
    [setSearchParams],
  );
  const roomHref = useCallback((roomId: string) => paths.room.getHref(scope.appId, roomId), [scope.appId]);
  const processHref = useCallback((id: string) => paths.process.getHref(scope.appId, id), [scope.appId]);

  // Selection (by room id) survives refreshes; rooms that leave the list drop out of it.
  const [selection, setSelection] = useState(EMPTY_SELECTION);
  const selectedIds = useMemo(() => selectedInOrder(selection.selected, allIds), [selection.selected, allIds]);
  const selectedShown = useMemo(
    () => selectedInOrder(selection.selected, shownIds).length,
    [selection.selected, shownIds],
  );
  // Read through a ref so the callback stays the same across searches: rows that stay in view do not re-render.
  const shownIdsRef = useRef(shownIds);
  useLayoutEffect(() => {
    shownIdsRef.current = shownIds;
  }, [shownIds]);
  const onToggle = useCallback(
    (roomId: string, shiftKey: boolean) => setSelection((s) => toggleRow(s, shownIdsRef.current, roomId, shiftKey)),
    [],
  );
  const onToggleAll = useCallback(() => setSelection((s) => toggleAll(s, shownIds)), [shownIds]);
  const tableSelection = useMemo(
    () => (scope.readOnly ? undefined : { selected: selection.selected, onToggle, onToggleAll }),
    [scope.readOnly, selection.selected, onToggle, onToggleAll],
  );

  const { onSuspend, onDestroy } = useRowActions();
  const bulk = useBulkRoomAction();

  if (query.isPending) {
    return (
      <Text c="dimmed" role="status">
        Loading {which} rooms…
      </Text>
    );
  }
  if (query.isError && !query.data) {
    return (
      <ErrorState title={`Could not load the ${which} rooms`} error={query.error} onRetry={() => query.refetch()} />
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group align="flex-end" gap="sm">
          <TextInput
            key={searchBoxKey}
            label="Search rooms"
            placeholder="Room id or config text"
            w={320}
            defaultValue={search}
            onChange={(event) => onSearch(event.currentTarget.value)}
            type="search"
          />
          <Text size="sm" c="dimmed" role="status" pb={8}>
            {search.trim()
              ? `${shown.length.toLocaleString()} of ${rows.length.toLocaleString()} rooms match`
              : `${rows.length.toLocaleString()} ${rows.length === 1 ? 'room' : 'rooms'}`}
          </Text>
        </Group>
        <LiveStatus live={live} onPausedChange={onPausedChange} onRefresh={() => query.refetch()} />
      </Group>

      {!scope.readOnly && selectedIds.length > 0 && (
        <BulkActionBar
          selectedCount={selectedIds.length}
          hiddenCount={selectedIds.length - selectedShown}
          matchingCount={shown.length}
          onSelectAllMatching={() => setSelection((s) => selectAll(s, shownIds))}
          onClear={() => setSelection(EMPTY_SELECTION)}
          onSuspend={() => bulk.open('suspend', selectedIds)}
          onDestroy={() => bulk.open('destroy', selectedIds)}
        />
      )}

      {rows.length === 0 ? (
        <EmptyState
          title={which === 'active' ? 'No active rooms on this process' : 'No inactive rooms on this process'}
          actions={
            which === 'active' &&
            !scope.readOnly && (
              <Button size="xs" component={Link} to={paths.newRoom.getHref(scope.appId)}>
                Create a room
              </Button>
            )
          }
        >
          {which === 'active'
            ? 'Rooms show up here while they are scheduled on this process. The process stops once it has been idle for a while.'
            : 'Rooms show up here once they have been suspended or destroyed, or have moved to another process.'}
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState
          title={`No rooms match “${search.trim()}”`}
          actions={
            <Button size="xs" variant="default" onClick={() => replaceSearch('')}>
              Clear search
            </Button>
          }
        >
          The search looks in room ids and room configs.
        </EmptyState>
      ) : (
        <RoomsTable
          rows={shown}
          sort={params.sort}
          dir={params.dir}
          onSort={onSort}
          roomHref={roomHref}
          processId={processId}
          processHref={processHref}
          selection={tableSelection}
          onSuspend={scope.readOnly ? undefined : onSuspend}
          onDestroy={scope.readOnly ? undefined : onDestroy}
          now={query.dataUpdatedAt || undefined}
        />
      )}

      <BulkActionDialog
        state={bulk.state}
        onConfirm={bulk.confirm}
        onRetryFailed={bulk.retryFailed}
        onStop={bulk.stop}
        onClose={() => {
          if (bulk.state?.phase === 'done') setSelection(EMPTY_SELECTION);
          bulk.close();
        }}
      />
    </Stack>
  );
}

/**
 * The search of a room list. The box is uncontrolled; each keystroke filters the rows at once (no transition: with
 * the rows in view updated in place, a keystroke at 10,000 rooms renders in a few ms, and a transition only adds a
 * frame; issue 8), the URL (`q`) follows once typing pauses. Setting the search from outside (a link,
 * back/forward, "Clear search") remounts the box with the new text.
 */
function useSearchInUrl(urlQ: string) {
  const [, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(urlQ);
  const [searchBoxKey, setSearchBoxKey] = useState(0);
  const onSearch = useCallback((q: string) => setSearch(q), []);
  const replaceSearch = useCallback((q: string) => {
    setSearch(q);
    setSearchBoxKey((k) => k + 1);
  }, []);
  const writtenQ = useRef(urlQ);
  useEffect(() => {
    if (urlQ !== writtenQ.current) {
      writtenQ.current = urlQ;
      replaceSearch(urlQ);
    }
  }, [urlQ, replaceSearch]);
  useEffect(() => {
    if (search === writtenQ.current) return;
    const timer = window.setTimeout(() => {
      writtenQ.current = search;
      setSearchParams((prev) => writeRoomListParams(prev, { q: search }), { replace: true });
    }, URL_WRITE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search, setSearchParams]);
  return { search, searchBoxKey, onSearch, replaceSearch };
}

/**
 * Suspend and destroy from a row: a confirmation that names the room, then a notification with the outcome. Each
 * action says how it went from its own promise: `mutate`'s per-call callbacks fire only for the latest call, so a
 * second action confirmed while the first was under way used to hide the first one's outcome.
 */
function useRowActions() {
  const { mutateAsync: suspend } = useSuspendRoom();
  const { mutateAsync: destroy } = useDestroyRoom();
  const onSuspend = useCallback(
    ({ roomId }: RoomRow) =>
      modals.openConfirmModal({
        title: `Suspend room ${roomId}?`,
        children: <Text size="sm">The room leaves this process. It can be resumed later with the same id.</Text>,
        labels: { confirm: 'Suspend room', cancel: 'Cancel' },
        onConfirm: () => notifyOutcome(suspend(roomId), roomId, 'suspend', 'suspended'),
      }),
    [suspend],
  );
  const onDestroy = useCallback(
    ({ roomId }: RoomRow) =>
      modals.openConfirmModal({
        title: `Destroy room ${roomId}?`,
        children: (
          <Text size="sm">Players in the room are dropped and the room cannot be resumed. This cannot be undone.</Text>
        ),
        labels: { confirm: 'Destroy room', cancel: 'Cancel' },
        confirmProps: { color: 'red' },
        onConfirm: () => notifyOutcome(destroy(roomId), roomId, 'destroy', 'destroyed'),
      }),
    [destroy],
  );
  return { onSuspend, onDestroy };
}

function notifyOutcome(action: Promise<unknown>, roomId: string, verb: string, done: string): void {
  action.then(
    () => notifications.show({ color: 'teal', message: `Room ${roomId} ${done}` }),
    (error: unknown) =>
      notifications.show({
        color: 'red',
        title: `Could not ${verb} room ${roomId}`,
        message: describeActionError(error),
      }),
  );
}
