import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  filterRoomRows,
  nextSort,
  type RoomSortKey,
  readRoomListParams,
  sortRoomRows,
  toRoomRows,
  writeRoomListParams,
} from './roomListView';
import type { RoomWithoutAllocations } from './roomQueries';
import { EMPTY_SELECTION, selectAll, selectedInOrder, toggleAll, toggleRow } from './rowSelection';

/** How long the search waits for typing to pause before it is written to the URL. */
const URL_WRITE_DELAY_MS = 300;

const NO_ROOMS: never[] = [];

/**
 * The view state of a process's room list: search, sort (both in the URL: `?q=lobby&sort=roomId&dir=asc`) and the
 * selection (by room id; it survives refreshes, and rooms that leave the list drop out of it), with the rows they
 * give. Each step runs only when its inputs change: rows per data, order per sort, filter per search.
 */
export function useRoomListView(rooms: readonly RoomWithoutAllocations[] | undefined) {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readRoomListParams(searchParams);
  const { search, searchBoxKey, onSearch, replaceSearch } = useSearchInUrl(params.q);

  const rows = useMemo(() => toRoomRows(rooms ?? NO_ROOMS), [rooms]);
  const sorted = useMemo(() => sortRoomRows(rows, params.sort, params.dir), [rows, params.sort, params.dir]);
  const shown = useMemo(() => filterRoomRows(sorted, search), [sorted, search]);
  const shownIds = useMemo(() => shown.map((r) => r.roomId), [shown]);
  const allIds = useMemo(() => sorted.map((r) => r.roomId), [sorted]);

  const onSort = useCallback(
    (key: RoomSortKey) =>
      setSearchParams((prev) => writeRoomListParams(prev, nextSort(readRoomListParams(prev), key)), { replace: true }),
    [setSearchParams],
  );

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

  return {
    sort: params.sort,
    dir: params.dir,
    onSort,
    search,
    searchBoxKey,
    onSearch,
    replaceSearch,
    rows,
    shown,
    selected: selection.selected,
    selectedIds,
    /** How many selected rooms the search hides. */
    selectedHidden: selectedIds.length - selectedShown,
    onToggle,
    onToggleAll,
    selectAllShown: () => setSelection((s) => selectAll(s, shownIds)),
    clearSelection: () => setSelection(EMPTY_SELECTION),
  };
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
