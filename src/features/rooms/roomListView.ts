import type { RoomWithoutAllocations } from './roomQueries';

/**
 * The pure logic of a process's room list: URL parameters, rows prepared once per data change, sorting once
 * per data or sort change, filtering once per search change. Nothing here runs per render.
 */

export type RoomListTab = 'active' | 'inactive';
export const ROOM_SORT_KEYS = ['roomId', 'status', 'scheduledAt', 'unscheduledAt', 'config'] as const;
export type RoomSortKey = (typeof ROOM_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface RoomListParams {
  tab: RoomListTab;
  q: string;
  sort: RoomSortKey;
  dir: SortDir;
}

export const DEFAULT_ROOM_LIST_PARAMS: RoomListParams = { tab: 'active', q: '', sort: 'scheduledAt', dir: 'desc' };

/** Reads `tab`, `q`, `sort` and `dir` from the URL; anything unknown falls back to the default. */
export function readRoomListParams(search: URLSearchParams): RoomListParams {
  const d = DEFAULT_ROOM_LIST_PARAMS;
  const tab = search.get('tab');
  const sort = search.get('sort');
  const dir = search.get('dir');
  return {
    tab: tab === 'active' || tab === 'inactive' ? tab : d.tab,
    q: search.get('q') ?? d.q,
    sort: ROOM_SORT_KEYS.find((k) => k === sort) ?? d.sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : d.dir,
  };
}

/** A copy of `search` with `patch` applied; defaults are left out so a plain link stays plain. */
export function writeRoomListParams(search: URLSearchParams, patch: Partial<RoomListParams>): URLSearchParams {
  const next = new URLSearchParams(search);
  const merged = { ...readRoomListParams(search), ...patch };
  const d = DEFAULT_ROOM_LIST_PARAMS;
  const put = (key: string, value: string | null) => (value ? next.set(key, value) : next.delete(key));
  put('tab', merged.tab === d.tab ? null : merged.tab);
  put('q', merged.q);
  // Sort and direction go together, so a shared link reads the same whatever the defaults become.
  const defaultSort = merged.sort === d.sort && merged.dir === d.dir;
  put('sort', defaultSort ? null : merged.sort);
  put('dir', defaultSort ? null : merged.dir);
  return next;
}

/** Clicking a column: the same column flips its direction; a new one starts ascending (dates: newest first). */
export function nextSort(
  current: Pick<RoomListParams, 'sort' | 'dir'>,
  key: RoomSortKey,
): Pick<RoomListParams, 'sort' | 'dir'> {
  if (current.sort === key) return { sort: key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: key === 'scheduledAt' || key === 'unscheduledAt' ? 'desc' : 'asc' };
}

export interface RoomRow {
  room: RoomWithoutAllocations;
  roomId: string;
  /** As it comes from the API: an unknown status is kept, never dropped. */
  status: string;
  scheduledAt: number | null;
  unscheduledAt: number | null;
  /** Plain text, whitespace collapsed, cut to `PREVIEW_LENGTH` characters with an ellipsis. */
  configPreview: string;
  idKey: string;
  configKey: string;
}

export const PREVIEW_LENGTH = 80;

function time(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export function configPreview(config: string | null | undefined): string {
  if (!config) return '';
  const text = config
    .slice(0, PREVIEW_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > PREVIEW_LENGTH || config.length > PREVIEW_LENGTH * 4
    ? `${text.slice(0, PREVIEW_LENGTH - 1)}…`
    : text;
}

/** Once per data change: everything sorting and searching need, computed up front. */
export function toRoomRows(rooms: readonly RoomWithoutAllocations[]): RoomRow[] {
  return rooms.map((room) => ({
    room,
    roomId: room.roomId,
    status: String(room.status),
    scheduledAt: time(room.currentAllocation?.scheduledAt),
    unscheduledAt: time(room.currentAllocation?.unscheduledAt),
    configPreview: configPreview(room.roomConfig),
    idKey: room.roomId.toLowerCase(),
    configKey: (room.roomConfig ?? '').toLowerCase(),
  }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Missing values (no time, no config) always sort last, whatever the direction. */
function compareBy(key: RoomSortKey): (a: RoomRow, b: RoomRow) => number | null {
  switch (key) {
    case 'roomId':
      return (a, b) => compareText(a.idKey, b.idKey);
    case 'status':
      return (a, b) => compareText(a.status, b.status);
    case 'config':
      return (a, b) => (!a.configKey || !b.configKey ? null : compareText(a.configKey, b.configKey));
    case 'scheduledAt':
    case 'unscheduledAt':
      return (a, b) => (a[key] === null || b[key] === null ? null : a[key] - b[key]);
  }
}

function missing(row: RoomRow, key: RoomSortKey): boolean {
  if (key === 'config') return !row.configKey;
  if (key === 'scheduledAt' || key === 'unscheduledAt') return row[key] === null;
  return false;
}

/** A sorted copy; ties are broken by room id so the order is stable across refreshes. */
export function sortRoomRows(rows: readonly RoomRow[], sort: RoomSortKey, dir: SortDir): RoomRow[] {
  const compare = compareBy(sort);
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const am = missing(a, sort);
    const bm = missing(b, sort);
    if (am !== bm) return am ? 1 : -1;
    const c = am ? 0 : (compare(a, b) ?? 0);
    return c !== 0 ? c * sign : compareText(a.idKey, b.idKey);
  });
}

/** Rows whose room id or config contains `query` (case-insensitive); the order of `rows` is kept. */
export function filterRoomRows(rows: readonly RoomRow[], query: string): readonly RoomRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((row) => row.idKey.includes(q) || row.configKey.includes(q));
}
