import { Alert, Button, Group, Paper, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { describeError, isApiError } from '@/api/errors';
import { linkTo, useApiScope } from '@/api/scope';
import { CopyValue } from '@/components/CopyValue';
import { EmptyState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { LiveStatus } from '@/components/LiveStatus';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { LogsPanel } from '@/features/processes/components/LogsPanel';
import { ProcessFacts } from '@/features/processes/components/ProcessFacts';
import { ProcessTimeline } from '@/features/processes/components/ProcessTimeline';
import { StartProcessButton } from '@/features/processes/components/StartProcessButton';
import { StopProcessButton } from '@/features/processes/components/StopProcessButton';
import { processQueries } from '@/features/processes/processQueries';
import {
  isTerminalProcess,
  type ProcessV3,
  useCreateProcess,
  useProcessV3,
  useStopProcess,
} from '@/features/processes/processV3Queries';
import { shortProcessId } from '@/features/processes/processView';
import { BulkActionBar } from '@/features/rooms/components/BulkActionBar';
import { BulkActionDialog } from '@/features/rooms/components/BulkActionDialog';
import { RoomRowConfirmDialog } from '@/features/rooms/components/RoomRowConfirmDialog';
import { RoomsTable } from '@/features/rooms/components/RoomsTable';
import { regionLabel, regionOptions } from '@/features/rooms/regions';
import { type RoomListTab, readRoomListParams, writeRoomListParams } from '@/features/rooms/roomListView';
import { roomQueries } from '@/features/rooms/roomQueries';
import { useBulkRoomAction } from '@/features/rooms/useBulkRoomAction';
import { useRoomListView } from '@/features/rooms/useRoomListView';
import { useRoomRowActions } from '@/features/rooms/useRoomRowActions';
import { useLiveQuery } from '@/lib/useLiveQuery';

// uPlot and the charts load with this page only when it shows them, not with the first page.
const MetricsCharts = lazy(() => import('@/features/processes/components/MetricsCharts'));

/**
 * `/apps/:appId/processes/:processId`: the process's facts, status history (ProcessesV3), logs (`#logs`), CPU /
 * memory / connection charts, Stop and Start a process, and its active / inactive rooms. Tab, search and sort
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
  const v3 = useProcessV3(processId);
  const ended = v3.data ? isTerminalProcess(v3.data) : false;

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
        <Group gap="xs">
          {!scope.readOnly && v3.data && <ProcessActions process={v3.data} />}
          <Button component={Link} to={paths.processes.getHref(linkTo(scope))} variant="default" size="xs">
            All processes
          </Button>
        </Group>
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
            <Button size="xs" component={Link} to={paths.processes.getHref(linkTo(scope))}>
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
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {process.data && (
          <ProcessFacts process={process.data} regionLabel={regionLabel} now={process.dataUpdatedAt || undefined} />
        )}
        {v3.data && (
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Status: {v3.data.status}
            </Title>
            <ProcessTimeline process={v3.data} now={v3.dataUpdatedAt || undefined} />
          </Paper>
        )}
      </SimpleGrid>
      {v3.isError && !v3.data && !notFound && (
        <ErrorState title="Could not load the process's status" error={v3.error} onRetry={() => v3.refetch()} />
      )}
      {v3.data && <LogsSection processId={processId} ended={ended} ready={!process.isPending} />}
      {v3.data && (
        <Paper withBorder p="md" component="section" aria-label="Metrics">
          <Suspense
            fallback={
              <Text c="dimmed" role="status">
                Loading the charts…
              </Text>
            }
          >
            <MetricsCharts processId={processId} live={v3.data.status === 'running'} />
          </Suspense>
        </Paper>
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

/** The logs panel under `#logs` (the room page links there); scrolled to when the page opens with that hash. */
function LogsSection({ processId, ended, ready }: { processId: string; ended: boolean; ready: boolean }) {
  const { hash } = useLocation();
  // Once what is above it has loaded (it would push the logs down again), and once per hash.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (hash !== '#logs' || !ready || scrolledFor.current === hash) return;
    // After the layout has focused the page's h1 (which scrolls to the top): its effect runs after this one.
    const frame = requestAnimationFrame(() => {
      scrolledFor.current = hash;
      document.getElementById('logs')?.scrollIntoView({ block: 'start' });
    });
    return () => cancelAnimationFrame(frame);
  }, [hash, ready]);
  return (
    <Paper withBorder p="md" component="section" id="logs" aria-labelledby="logs-title">
      <Title order={2} size="h4" mb="sm" id="logs-title">
        Logs
      </Title>
      {/* A followed log ends by itself when the process does; `processEnded` only decides how the panel opens. */}
      <LogsPanel processId={processId} processEnded={ended} />
    </Paper>
  );
}

/** Stop this process (naming the rooms it destroys) and start another one (pre-warm), which then opens. */
function ProcessActions({ process }: { process: ProcessV3 }) {
  const scope = useApiScope();
  const navigate = useNavigate();
  const stop = useStopProcess();
  const start = useCreateProcess();
  // The rooms the stop destroys: the active tab's list (one cache entry with it).
  const rooms = useQuery({
    ...roomQueries.processList(scope, process.processId, 'active'),
    enabled: !isTerminalProcess(process),
  });
  const short = shortProcessId(process.processId);
  return (
    <>
      <StopProcessButton
        process={process}
        roomIds={rooms.data?.map((r) => r.roomId)}
        pending={stop.isPending}
        onStop={() =>
          stop.mutate(process.processId, {
            onSuccess: () => notifications.show({ message: `Stopping process ${short}` }),
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: `Could not stop process ${short}`,
                message: describeError(error),
              }),
          })
        }
      />
      <StartProcessButton
        regionOptions={regionOptions()}
        defaultRegion={process.region}
        regionLabel={regionLabel}
        pending={start.isPending}
        onStart={(region) =>
          start.mutate(region, {
            onSuccess: (started) => {
              notifications.show({
                color: 'teal',
                message: `Started process ${shortProcessId(started.processId)} in ${regionLabel(region)}`,
              });
              navigate(paths.process.getHref(linkTo(scope), started.processId));
            },
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: `Could not start a process in ${regionLabel(region)}`,
                message: describeError(error),
              }),
          })
        }
      />
    </>
  );
}

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
  const { query, live } = useLiveQuery(roomQueries.processList(scope, processId, which), { paused });
  const view = useRoomListView(query.data);
  const { shown, rows, search, selected, onToggle, onToggleAll } = view;

  const roomHref = useCallback((roomId: string) => paths.room.getHref(linkTo(scope), roomId), [scope]);
  const processHref = useCallback((id: string) => paths.process.getHref(linkTo(scope), id), [scope]);
  const tableSelection = useMemo(
    () => (scope.readOnly ? undefined : { selected, onToggle, onToggleAll }),
    [scope.readOnly, selected, onToggle, onToggleAll],
  );

  const rowActions = useRoomRowActions(processId);
  const bulk = useBulkRoomAction(processId);

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
            key={view.searchBoxKey}
            label="Search rooms"
            placeholder="Room id or config text"
            w={320}
            defaultValue={search}
            onChange={(event) => view.onSearch(event.currentTarget.value)}
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

      {!scope.readOnly && view.selectedIds.length > 0 && (
        <BulkActionBar
          selectedCount={view.selectedIds.length}
          hiddenCount={view.selectedHidden}
          matchingCount={shown.length}
          onSelectAllMatching={view.selectAllShown}
          onClear={view.clearSelection}
          onSuspend={() => bulk.open('suspend', view.selectedIds)}
          onDestroy={() => bulk.open('destroy', view.selectedIds)}
        />
      )}

      {rows.length === 0 ? (
        <EmptyState
          title={which === 'active' ? 'No active rooms on this process' : 'No inactive rooms on this process'}
          actions={
            which === 'active' &&
            !scope.readOnly && (
              // Not the page's primary action: an empty process is often looked at mid-incident, to see what left.
              <Button size="xs" variant="subtle" component={Link} to={paths.newRoom.getHref(linkTo(scope))}>
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
            <Button size="xs" variant="default" onClick={() => view.replaceSearch('')}>
              Clear search
            </Button>
          }
        >
          The search looks in room ids and room configs.
        </EmptyState>
      ) : (
        <RoomsTable
          rows={shown}
          sort={view.sort}
          dir={view.dir}
          onSort={view.onSort}
          roomHref={roomHref}
          processId={processId}
          processHref={processHref}
          selection={tableSelection}
          onSuspend={scope.readOnly ? undefined : rowActions.onSuspend}
          onDestroy={scope.readOnly ? undefined : rowActions.onDestroy}
          now={query.dataUpdatedAt || undefined}
        />
      )}

      <RoomRowConfirmDialog
        asked={rowActions.asked}
        opened={rowActions.opened}
        onConfirm={rowActions.confirm}
        onClose={rowActions.close}
      />
      <BulkActionDialog
        state={bulk.state}
        onConfirm={bulk.confirm}
        onRetryFailed={bulk.retryFailed}
        onStop={bulk.stop}
        onClose={() => {
          if (bulk.state?.phase === 'done') view.clearSelection();
          bulk.close();
        }}
      />
    </Stack>
  );
}
