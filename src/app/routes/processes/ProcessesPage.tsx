import { Button, Chip, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentVisibility } from '@mantine/hooks';
import { useInfiniteQuery, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { AUTO_RETRY_MS, autoRetryDelay, isTransient } from '@/api/errors';
import { linkTo, useApiScope } from '@/api/scope';
import { EmptyState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { AppOverview } from '@/features/processes/components/AppOverview';
import { ProcessesTable } from '@/features/processes/components/ProcessesTable';
import { type ProcessStatusV3, processV3Keys, processV3Queries } from '@/features/processes/processV3Queries';
import { LIVE_STATUSES, PROCESS_STATUSES, regionUsage } from '@/features/processes/processView';
import { REGIONS, type Region, regionLabel } from '@/features/rooms/regions';
import { LIVE_INTERVAL_MS } from '@/lib/useLiveQuery';
import { type ProcessesParams, processFilter, readProcessesParams, writeProcessesParams } from './processesRoute';

const PROCESS_ID = /^[a-zA-Z0-9_-]{1,100}$/;
/** The overview pages through the live processes (they are few) up to this many pages of 10, then says so. */
const OVERVIEW_MAX_PAGES = 20;

/**
 * How often a query of the page asks again while the page is visible: after a transient failure, after 10 s (or
 * the server's Retry-After), so a failed load recovers by itself; a list of one page every interval; a list paged
 * further by hand stays as it is until Refresh (asking again would ask every page).
 */
function refreshEvery(visible: boolean, { pollFirstPage }: { pollFirstPage: boolean }) {
  return (query: { state: { status: string; fetchFailureCount: number; error: unknown; data: unknown } }) => {
    if (!visible) return false as const;
    if (query.state.status === 'error' || query.state.fetchFailureCount > 0) {
      // A refused token or a bad request stays refused: asking again only counts against the token limit.
      return isTransient(query.state.error) ? autoRetryDelay(query.state.error, AUTO_RETRY_MS) : (false as const);
    }
    const pages = (query.state.data as { pages?: unknown[] } | undefined)?.pages?.length ?? 0;
    return pollFirstPage && pages <= 1 ? LIVE_INTERVAL_MS : (false as const);
  };
}

/** `/apps/:appId/processes`: every process (ProcessesV3), filtered by `?status=…&region=…`, with the app at a glance. */
export function Component() {
  const scope = useApiScope();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readProcessesParams(searchParams);
  const filter = processFilter(params);
  const setParams = (next: ProcessesParams) => setSearchParams((prev) => writeProcessesParams(prev, next));

  const visible = useDocumentVisibility() === 'visible';
  const list = useInfiniteQuery({
    ...processV3Queries.latest(scope, filter),
    refetchInterval: refreshEvery(visible, { pollFirstPage: true }),
  });
  // The counts and the overview wait for the list: with a refused token the page makes one failed request, not
  // fourteen (the server limits failed tokens per address).
  const listed = list.data !== undefined;
  const matching = useQuery({ ...processV3Queries.count(scope, filter), enabled: listed });
  const countRefresh = refreshEvery(visible, { pollFirstPage: false });
  // The chips' counts: each status within the region filter.
  const statusCounts = useQueries({
    queries: PROCESS_STATUSES.map((s) => ({
      ...processV3Queries.count(scope, { status: [s], region: params.region }),
      refetchInterval: countRefresh,
      enabled: listed,
    })),
  });
  // The overview is the whole app, whatever the filters.
  const appCounts = useQueries({
    queries: PROCESS_STATUSES.map((s) => ({
      ...processV3Queries.count(scope, { status: [s] }),
      refetchInterval: countRefresh,
      enabled: listed,
    })),
  });
  const live = useInfiniteQuery({
    ...processV3Queries.latest(scope, { status: LIVE_STATUSES }),
    enabled: listed,
    refetchInterval: refreshEvery(visible, { pollFirstPage: false }),
  });
  const livePages = live.data?.pages.length ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = live;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && livePages < OVERVIEW_MAX_PAGES) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, livePages, fetchNextPage]);
  const liveProcesses = live.data?.pages.flat() ?? [];

  const processHref = (processId: string) => paths.process.getHref(linkTo(scope), processId);
  const processes = list.data?.pages.flat() ?? [];
  const filtered = params.status.length > 0 || params.region.length > 0;
  const byStatus = (results: typeof statusCounts) =>
    Object.fromEntries(PROCESS_STATUSES.map((s, i) => [s, results[i]?.data])) as Partial<
      Record<ProcessStatusV3, number>
    >;
  const chipCounts = byStatus(statusCounts);

  return (
    <Stack gap="md">
      <PageHeader
        title="Processes"
        description="Every process of the app, newest first."
        actions={<GoToProcess onGo={(id) => navigate(processHref(id))} />}
      />
      {live.isError && !live.data ? (
        <ErrorState title="Could not load the live processes" error={live.error} onRetry={() => live.refetch()} />
      ) : (
        <AppOverview
          counts={byStatus(appCounts)}
          usage={regionUsage(liveProcesses)}
          shown={liveProcesses.length}
          capped={!!live.hasNextPage && livePages >= OVERVIEW_MAX_PAGES}
          loading={!live.data}
          regionLabel={regionLabel}
        />
      )}

      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Chip.Group
            multiple
            value={params.status}
            onChange={(value) => setParams({ ...params, status: PROCESS_STATUSES.filter((s) => value.includes(s)) })}
          >
            <Group gap={6} wrap="wrap" role="group" aria-label="Status">
              {PROCESS_STATUSES.map((s) => (
                <Chip key={s} value={s} size="sm">
                  {s} {chipCounts[s] ?? '…'}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <Button
            size="xs"
            variant="default"
            loading={list.isFetching && !list.isFetchingNextPage}
            onClick={() => queryClient.invalidateQueries({ queryKey: processV3Keys.lists(scope) })}
          >
            Refresh
          </Button>
        </Group>
        <RegionFilter value={params.region} onChange={(region) => setParams({ ...params, region })} />
      </Stack>

      {list.isPending && (
        <Text c="dimmed" role="status">
          Loading processes…
        </Text>
      )}
      {list.isError && !list.data && (
        <ErrorState title="Could not load the processes" error={list.error} onRetry={() => list.refetch()} />
      )}
      {list.data && processes.length === 0 && (
        <EmptyState
          title={filtered ? 'No processes match' : 'No processes yet'}
          actions={
            filtered && (
              <Button size="xs" variant="default" onClick={() => setParams({ status: [], region: [] })}>
                Reset filters
              </Button>
            )
          }
        >
          {filtered
            ? 'No process has the statuses and regions chosen.'
            : 'A process starts when a room is created in a region with no free slot, or when one is started from its region.'}
        </EmptyState>
      )}
      {processes.length > 0 && (
        <Stack gap="xs">
          <ProcessesTable
            processes={processes}
            processHref={processHref}
            regionLabel={regionLabel}
            onOpen={(id) => navigate(processHref(id))}
            now={list.dataUpdatedAt || undefined}
          />
          <Group gap="sm">
            <Text size="sm" c="dimmed" role="status">
              {matching.data === undefined
                ? `${processes.length} shown`
                : `${processes.length} of ${matching.data} shown`}
            </Text>
            {list.hasNextPage && (
              <Button
                size="xs"
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => list.fetchNextPage()}
              >
                Load older
              </Button>
            )}
          </Group>
          {list.isError && list.data && (
            <ErrorState
              title="Could not load older processes"
              error={list.error}
              onRetry={() => list.fetchNextPage()}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** Regions as a disclosure of chips: none chosen is every region. */
function RegionFilter({ value, onChange }: { value: readonly Region[]; onChange: (region: Region[]) => void }) {
  const summary = value.length === 0 ? 'All regions' : value.map(regionLabel).join(', ');
  return (
    <details open={value.length > 0}>
      <summary>
        <Text span size="sm">
          Region: {summary}
        </Text>
      </summary>
      <Chip.Group multiple value={[...value]} onChange={(next) => onChange(REGIONS.filter((r) => next.includes(r)))}>
        <Group gap={6} wrap="wrap" mt="xs" role="group" aria-label="Region">
          {REGIONS.map((r) => (
            <Chip key={r} value={r} size="xs">
              {regionLabel(r)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </details>
  );
}

/** For a process you have the id of: paste it and open it. */
function GoToProcess({ onGo }: { onGo: (processId: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = value.trim();
    if (!PROCESS_ID.test(id)) {
      setError(id ? 'A process id has only letters, digits, - and _' : 'Enter a process id');
      return;
    }
    onGo(id);
  };
  return (
    <form onSubmit={submit} aria-label="Go to process by id">
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          label="Go to process by id"
          placeholder="cbfcddd2-0006-43ae-996c-995fff7bed2e"
          size="sm"
          // As wide as an id on a wide screen; on a phone it shares the width with its button.
          w={320}
          maw="calc(100vw - 120px)"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={value}
          error={error}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            setError(null);
          }}
        />
        <Button type="submit" size="sm" variant="default" mt={25}>
          Open
        </Button>
      </Group>
    </form>
  );
}
