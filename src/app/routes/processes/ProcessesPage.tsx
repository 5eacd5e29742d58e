import { Button, Group, NativeSelect, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { linkTo, useApiScope } from '@/api/scope';
import { EmptyState } from '@/components/EmptyState';
import { ErrorState } from '@/components/ErrorState';
import { LiveStatus } from '@/components/LiveStatus';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { ProcessesTable } from '@/features/processes/components/ProcessesTable';
import { processQueries } from '@/features/processes/processQueries';
import { regionLabel, regionOptions } from '@/features/rooms/regions';
import { useLiveQuery } from '@/lib/useLiveQuery';
import { readProcessesParams } from './processesRoute';

const REGION_OPTIONS = [{ value: '', label: 'All regions' }, ...regionOptions()];
const PROCESS_ID = /^[a-zA-Z0-9_-]{1,100}$/;

/** `/apps/:appId/processes`: running and recently stopped processes; `?tab=stopped&region=Tokyo` in the URL. */
export function Component() {
  const scope = useApiScope();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const { target, region } = readProcessesParams(searchParams);
  const [paused, setPaused] = useState(false);

  const running = useLiveQuery({ ...processQueries.running(scope, region), enabled: target === 'running' }, { paused });
  const stopped = useLiveQuery({ ...processQueries.stopped(scope, region), enabled: target === 'stopped' }, { paused });
  const { query, live } = target === 'running' ? running : stopped;

  const setParam = (key: 'tab' | 'region', value: string | null) =>
    setSearchParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  const where = region ? `in ${regionLabel(region)}` : 'in any region';
  const processHref = (processId: string) => paths.process.getHref(linkTo(scope), processId);

  const content = (
    <Stack gap="md">
      {query.isPending && (
        <Text c="dimmed" role="status">
          Loading {target} processes…
        </Text>
      )}
      {query.isError && !query.data && (
        <ErrorState
          title={`Could not load the ${target} processes`}
          error={query.error}
          onRetry={() => query.refetch()}
        />
      )}
      {query.data?.length === 0 && (
        <EmptyState
          title={target === 'running' ? `No running processes ${where}` : `No stopped processes ${where}`}
          actions={
            <>
              {region && (
                <Button size="xs" variant="default" onClick={() => setParam('region', null)}>
                  Show all regions
                </Button>
              )}
              {target === 'running' && !scope.readOnly && (
                <Button size="xs" component={Link} to={paths.newRoom.getHref(linkTo(scope))}>
                  Create a room
                </Button>
              )}
            </>
          }
        >
          {target === 'running'
            ? 'A process starts when a room is created in a region with no free slot, and stops after it has been idle for a while.'
            : 'Processes appear here once they have stopped.'}
        </EmptyState>
      )}
      {query.data && query.data.length > 0 && (
        <ProcessesTable
          processes={query.data}
          processHref={processHref}
          regionLabel={regionLabel}
          onOpen={(id) => navigate(processHref(id))}
          stopped={target === 'stopped'}
          now={query.dataUpdatedAt || undefined}
        />
      )}
    </Stack>
  );

  return (
    <Stack gap="md">
      <PageHeader
        title="Processes"
        description="Running processes, most recently started first, and recently stopped ones."
        actions={<GoToProcess onGo={(id) => navigate(processHref(id))} />}
      />
      <Tabs value={target} onChange={(value) => setParam('tab', value === 'stopped' ? 'stopped' : null)}>
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Group align="flex-end" gap="md">
              <Tabs.List>
                <Tabs.Tab value="running">Running</Tabs.Tab>
                <Tabs.Tab value="stopped">Stopped</Tabs.Tab>
              </Tabs.List>
              <NativeSelect
                label="Region"
                size="sm"
                w={190}
                data={REGION_OPTIONS}
                value={region ?? ''}
                onChange={(event) => setParam('region', event.currentTarget.value || null)}
              />
            </Group>
            <LiveStatus live={live} onPausedChange={setPaused} onRefresh={() => query.refetch()} />
          </Group>
          {target === 'stopped' && (
            // Only this list is cut: list/stopped answers with the 10 most recently stopped (Hathora's docs, and
            // the local server does the same); the running list is whole.
            <Text size="sm" c="dimmed">
              The API lists at most the 10 most recently stopped processes.
            </Text>
          )}
          {(['running', 'stopped'] as const).map((panel) => (
            <Tabs.Panel key={panel} value={panel}>
              {panel === target && content}
            </Tabs.Panel>
          ))}
        </Stack>
      </Tabs>
    </Stack>
  );
}

/** For processes not in the recent lists: paste an id and open it. */
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
