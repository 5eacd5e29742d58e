import { linkTo } from '@/api/scope';
import '@mantine/spotlight/styles.css';
import { Button, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError, isApiError } from '@/api/errors';
import { paths } from '@/config/paths';
import { scopeFor, useCurrentConnection } from '@/features/connections/ConnectionsProvider';
import { type Process, processQueries } from '@/features/processes/processQueries';
import { type Room, roomQueries } from '@/features/rooms/roomQueries';
import { idCandidates, matchesProcessId } from './idCandidates';
import { PALETTE_INPUT_ATTR, type PaletteBuffer } from './paletteBuffer';

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
 * with the real API, so the results say what it is (and its status) before you go. It also finds a process by the
 * short id the tables show (a prefix of the running and stopped lists), any case, and the id inside a pasted
 * Roomdeck link or sentence (idCandidates). What was typed before it could take it comes from `buffer`; Enter
 * before the lookup has answered is kept, and goes to the id once it is found.
 */
export default function IdSearch({ openRequests, buffer }: { openRequests: number; buffer?: PaletteBuffer }) {
  const connection = useCurrentConnection();
  const scope = connection ? scopeFor(connection) : undefined;
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [pendingEnter, setPendingEnter] = useState(false);
  // Each request (shortcut, header button) opens it; the layout owns the shortcuts.
  useEffect(() => {
    if (openRequests > 0) search.open();
  }, [openRequests]);
  // Keys and pastes that came before the input had the focus, in order, then any that come until it has.
  useEffect(() => {
    if (!buffer) return;
    const drain = () => {
      const { text, enter } = buffer.take();
      if (text) setQuery((q) => q + text);
      if (enter) setPendingEnter(true);
    };
    drain();
    return buffer.subscribe(drain);
  }, [buffer]);

  const [debounced] = useDebouncedValue(query, 200);
  // Enter was pressed: look up what is there now rather than wait for the debounce.
  const lookupText = pendingEnter ? query : debounced;
  const candidates = scope ? idCandidates(lookupText) : [];
  const current = lookupText === query;

  const lookups = useQueries({
    queries: candidates.flatMap((candidate) => {
      const lower = candidate.toLowerCase();
      const roomIds = lower === candidate ? [candidate] : [candidate, lower];
      return [
        ...roomIds.map((roomId) => ({
          ...roomQueries.detail(scope ?? placeholderScope, roomId),
          retry: false,
          select: (room: Room): Found => ({ kind: 'room', id: room.roomId, description: `Status: ${room.status}` }),
        })),
        {
          ...processQueries.detail(scope ?? placeholderScope, lower),
          retry: false,
          select: (p: Process): Found => ({ kind: 'process', id: p.processId, description: describeProcess(p) }),
        },
      ];
    }),
  });
  // The short ids of the tables: prefixes of the listed processes (usually in the cache already).
  const listsEnabled = candidates.length > 0;
  const running = useQuery({ ...processQueries.running(scope ?? placeholderScope), enabled: listsEnabled });
  const stopped = useQuery({ ...processQueries.stopped(scope ?? placeholderScope), enabled: listsEnabled });
  const listed = listsEnabled ? [...(running.data ?? []), ...(stopped.data ?? [])] : [];

  const found: Found[] = [];
  const seen = new Set<string>();
  const add = (item: Found) => {
    const key = `${item.kind}:${item.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(item);
  };
  if (current) {
    for (const lookup of lookups) if (lookup.data) add(lookup.data);
    for (const candidate of candidates) {
      for (const p of listed) {
        if (matchesProcessId(p.processId, candidate)) {
          add({ kind: 'process', id: p.processId, description: describeProcess(p) });
        }
      }
    }
  }
  const hrefOf = (item: Found) =>
    scope
      ? item.kind === 'room'
        ? paths.room.getHref(linkTo(scope), item.id)
        : paths.process.getHref(linkTo(scope), item.id)
      : '';

  const fetching = lookups.some((l) => l.isFetching) || running.isFetching || stopped.isFetching;
  const lookingUp = idCandidates(query).length > 0;
  const searching = scope !== undefined && lookingUp && (!current || fetching);

  const actions: SpotlightActionData[] = found.map((item) => ({
    id: `${item.kind}:${item.id}`,
    label: `${item.kind === 'room' ? 'Room' : 'Process'} ${item.id}`,
    description: item.description,
    onClick: () => navigate(hrefOf(item)),
  }));
  // The pages, by name; never while an id is being looked up, so that Enter cannot open one instead.
  if (scope && !searching && !pendingEnter) {
    const q = query.trim().toLowerCase();
    const pages = [
      { id: 'page:processes', label: 'Processes', href: paths.processes.getHref(linkTo(scope)) },
      ...(scope.readOnly
        ? []
        : [{ id: 'page:new-room', label: 'Create room', href: paths.newRoom.getHref(linkTo(scope)) }]),
      { id: 'page:settings', label: 'Settings', href: paths.settings.getHref() },
    ];
    for (const page of pages) {
      if (!q || page.label.toLowerCase().includes(q)) {
        actions.push({ id: page.id, label: page.label, description: 'Page', onClick: () => navigate(page.href) });
      }
    }
  }

  // An Enter that came before the answer: go to the first id found, once the lookup is done.
  const first = found[0];
  const firstHref = first ? hrefOf(first) : null;
  useEffect(() => {
    if (!pendingEnter || searching) return;
    setPendingEnter(false);
    if (firstHref) {
      search.close();
      navigate(firstHref);
    }
  }, [pendingEnter, searching, firstHref, navigate]);

  // As results appear or change, the first one is selected, so Enter opens it.
  const resultIds = actions.map((action) => action.id).join(' ');
  useEffect(() => {
    if (resultIds) selectFirstResult();
  }, [resultIds]);

  // Only 404s mean "no such id"; any other failure means the lookup did not happen.
  const failure = current ? lookups.map((l) => l.error).find((e) => e && !(isApiError(e) && e.isNotFound)) : undefined;
  return (
    <Spotlight
      store={searchStore}
      actions={actions}
      filter={(_q, all) => all}
      query={query}
      onQueryChange={(next) => {
        setQuery(next);
        setPendingEnter(false);
      }}
      onSpotlightClose={() => setPendingEnter(false)}
      shortcut={null}
      nothingFound={
        searching || pendingEnter ? (
          <Loader size="sm" aria-label="Looking up the id" />
        ) : failure ? (
          <Stack gap="xs" align="center" role="alert">
            <Text size="sm">Could not look up the id: {describeError(failure)}</Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                for (const lookup of lookups) void lookup.refetch();
              }}
            >
              Retry
            </Button>
          </Stack>
        ) : (
          <Text size="sm">No room or process with that id in this app.</Text>
        )
      }
      searchProps={{
        placeholder: 'Paste a room id, process id or link…',
        'aria-label': 'Room or process id',
        ...({ [PALETTE_INPUT_ATTR]: '' } as object),
        onKeyDown: (event) => {
          // Spotlight opens the selected result on Enter; while the id is being looked up there is none yet.
          if (event.key === 'Enter' && searching) setPendingEnter(true);
        },
      }}
      highlightQuery
      scrollable
      maxHeight={360}
    />
  );
}

interface Found {
  kind: 'room' | 'process';
  id: string;
  description: string;
}

function describeProcess(p: Process) {
  return `${p.region} · ${p.terminatedAt ? 'stopped' : 'running'}`;
}

// Queries are disabled without a scope; this only keeps the hook calls unconditional.
const placeholderScope = {
  connectionId: '',
  appId: '',
  baseUrl: '',
  readOnly: true,
  client: undefined as never,
};
