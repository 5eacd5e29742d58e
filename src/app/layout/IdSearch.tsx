import '@mantine/spotlight/styles.css';
import { Button, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError, isApiError } from '@/api/errors';
import { paths } from '@/config/paths';
import { scopeFor, useCurrentConnection } from '@/features/connections/ConnectionsProvider';
import { processQueries } from '@/features/processes/processQueries';
import { roomQueries } from '@/features/rooms/roomQueries';

const ID_PATTERN = /^[a-zA-Z0-9_-]{1,100}$/;

// Its own Spotlight store, so that it can select the first result (see selectFirstResult).
const [searchStore, search] = createSpotlight();

/**
 * Spotlight selects its first action only when the query is typed, but the lookup's results arrive later (debounce,
 * API call), so Enter would do nothing. Spotlight 9 has no prop for this: do what its own "select first" does,
 * mark the first action of the list as selected.
 */
function selectFirstResult() {
  const { listId } = searchStore.getState();
  const list = listId ? document.getElementById(listId) : null;
  const first = list?.querySelector('[data-action]');
  if (!list || !first) return;
  list.querySelector('[data-selected]')?.removeAttribute('data-selected');
  first.setAttribute('data-selected', 'true');
  searchStore.updateState((state) => ({ ...state, selected: 0 }));
}

/**
 * The header search (Ctrl+K or /): paste a room id or a process id and go there. The id is looked up as both
 * with the real API, so the results say what it is (and its status) before you go.
 */
export default function IdSearch({ openRequests }: { openRequests: number }) {
  const connection = useCurrentConnection();
  const scope = connection ? scopeFor(connection) : undefined;
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  // Each request (shortcut, header button) opens it; the layout owns the shortcuts.
  useEffect(() => {
    if (openRequests > 0) search.open();
  }, [openRequests]);
  const [id] = useDebouncedValue(query.trim(), 200);
  const lookup = scope !== undefined && ID_PATTERN.test(id);

  const room = useQuery({
    ...roomQueries.detail(scope ?? placeholderScope, id),
    enabled: lookup,
    retry: false,
  });
  const process = useQuery({
    ...processQueries.detail(scope ?? placeholderScope, id),
    enabled: lookup,
    retry: false,
  });

  const actions: SpotlightActionData[] = [];
  if (scope && lookup && room.data) {
    actions.push({
      id: `room:${id}`,
      label: `Room ${room.data.roomId}`,
      description: `Status: ${room.data.status}`,
      onClick: () => navigate(paths.room.getHref(scope.appId, room.data.roomId)),
    });
  }
  if (scope && lookup && process.data) {
    actions.push({
      id: `process:${id}`,
      label: `Process ${process.data.processId}`,
      description: `${process.data.region} · ${process.data.terminatedAt ? 'stopped' : 'running'}`,
      onClick: () => navigate(paths.process.getHref(scope.appId, process.data.processId)),
    });
  }
  if (scope) {
    const q = query.trim().toLowerCase();
    const pages = [
      { id: 'page:processes', label: 'Processes', href: paths.processes.getHref(scope.appId) },
      ...(scope.readOnly
        ? []
        : [{ id: 'page:new-room', label: 'Create room', href: paths.newRoom.getHref(scope.appId) }]),
      { id: 'page:settings', label: 'Settings', href: paths.settings.getHref() },
    ];
    for (const page of pages) {
      if (!q || page.label.toLowerCase().includes(q)) {
        actions.push({ id: page.id, label: page.label, description: 'Page', onClick: () => navigate(page.href) });
      }
    }
  }

  // As results appear or change, the first one is selected, so Enter opens it.
  const resultIds = actions.map((action) => action.id).join(' ');
  useEffect(() => {
    if (resultIds) selectFirstResult();
  }, [resultIds]);

  const searching = lookup && (room.isFetching || process.isFetching || id !== query.trim());
  // Only two 404s mean "no such id"; any other failure means the lookup did not happen.
  const failure = [room.error, process.error].find((e) => e && !(isApiError(e) && e.isNotFound));
  return (
    <Spotlight
      store={searchStore}
      actions={actions}
      filter={(_q, all) => all}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      nothingFound={
        searching ? (
          <Loader size="sm" aria-label="Looking up the id" />
        ) : failure ? (
          <Stack gap="xs" align="center" role="alert">
            <Text size="sm">Could not look up the id: {describeError(failure)}</Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                void room.refetch();
                void process.refetch();
              }}
            >
              Retry
            </Button>
          </Stack>
        ) : (
          <Text size="sm">No room or process with that id in this app.</Text>
        )
      }
      searchProps={{ placeholder: 'Paste a room id or process id…', 'aria-label': 'Room or process id' }}
      highlightQuery
      scrollable
      maxHeight={360}
    />
  );
}

// Queries are disabled without a scope; this only keeps the hook calls unconditional.
const placeholderScope = {
  connectionId: '',
  appId: '',
  baseUrl: '',
  readOnly: true,
  client: undefined as never,
};
