import { describe, expect, it } from 'vitest';
import {
  configPreview,
  filterRoomRows,
  nextSort,
  PREVIEW_LENGTH,
  readRoomListParams,
  sortRoomRows,
  toRoomRows,
  writeRoomListParams,
} from './roomListView';
import type { RoomWithoutAllocations } from './roomQueries';

function room(
  roomId: string,
  opts: { status?: string; config?: string | null; at?: string | null; until?: string | null } = {},
) {
  return {
    appId: 'app-1',
    roomId,
    status: (opts.status ?? 'active') as RoomWithoutAllocations['status'],
    roomConfig: opts.config === undefined ? null : opts.config,
    currentAllocation:
      opts.at === null
        ? null
        : {
            processId: 'p-1',
            roomAllocationId: `a-${roomId}`,
            scheduledAt: opts.at ?? '2026-01-01T00:00:00Z',
            unscheduledAt: opts.until ?? null,
          },
  } satisfies RoomWithoutAllocations;
}

const ids = (rows: readonly { roomId: string }[]) => rows.map((r) => r.roomId);

describe('room list URL parameters', () => {
  it('reads defaults from an empty URL and ignores unknown values', () => {
    expect(readRoomListParams(new URLSearchParams())).toEqual({
      tab: 'active',
      q: '',
      sort: 'scheduledAt',
      dir: 'desc',
    });
    expect(readRoomListParams(new URLSearchParams('tab=gone&sort=nope&dir=up&q=lobby'))).toEqual({
      tab: 'active',
      q: 'lobby',
      sort: 'scheduledAt',
      dir: 'desc',
    });
    expect(readRoomListParams(new URLSearchParams('tab=inactive&sort=config&dir=asc'))).toMatchObject({
      tab: 'inactive',
      sort: 'config',
      dir: 'asc',
    });
  });

  it('writes only what differs from the defaults and keeps other parameters', () => {
    const start = new URLSearchParams('other=1');
    const next = writeRoomListParams(start, { q: 'eu lobby', sort: 'roomId', dir: 'asc' });
    expect(next.toString()).toBe('other=1&q=eu+lobby&sort=roomId&dir=asc');
    expect(writeRoomListParams(next, { q: '', sort: 'scheduledAt', dir: 'desc' }).toString()).toBe('other=1');
    expect(writeRoomListParams(start, { sort: 'roomId', dir: 'desc' }).toString()).toBe('other=1&sort=roomId&dir=desc');
    expect(writeRoomListParams(start, { tab: 'inactive' }).toString()).toBe('other=1&tab=inactive');
    expect(start.toString()).toBe('other=1');
  });

  it('flips the direction of the current column; a new column starts in its natural order', () => {
    expect(nextSort({ sort: 'roomId', dir: 'asc' }, 'roomId')).toEqual({ sort: 'roomId', dir: 'desc' });
    expect(nextSort({ sort: 'roomId', dir: 'desc' }, 'status')).toEqual({ sort: 'status', dir: 'asc' });
    expect(nextSort({ sort: 'roomId', dir: 'asc' }, 'unscheduledAt')).toEqual({ sort: 'unscheduledAt', dir: 'desc' });
  });
});

describe('room rows', () => {
  it('keeps an unknown status as it comes and tolerates missing allocations and configs', () => {
    const [row] = toRoomRows([
      { ...room('r1', { at: null }), status: 'hibernating' as RoomWithoutAllocations['status'] },
    ]);
    expect(row).toMatchObject({ status: 'hibernating', scheduledAt: null, unscheduledAt: null, configPreview: '' });
  });

  it('previews configs as one line of plain text, truncated', () => {
    expect(configPreview('{\n  "mode": "ranked"\n}')).toBe('{ "mode": "ranked" }');
    const long = configPreview('x'.repeat(10_000));
    expect(long).toHaveLength(PREVIEW_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(configPreview('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('sorting', () => {
  const rows = toRoomRows([
    room('b', { status: 'scheduling', config: 'zeta', at: '2026-01-01T00:00:02Z' }),
    room('A', { status: 'active', config: null, at: '2026-01-01T00:00:03Z' }),
    room('c', { status: 'suspended', config: 'alpha', at: null }),
    room('d', { status: 'active', config: 'Mid', at: '2026-01-01T00:00:01Z', until: '2026-01-01T00:05:00Z' }),
  ]);

  it('sorts by room id case-insensitively, both ways', () => {
    expect(ids(sortRoomRows(rows, 'roomId', 'asc'))).toEqual(['A', 'b', 'c', 'd']);
    expect(ids(sortRoomRows(rows, 'roomId', 'desc'))).toEqual(['d', 'c', 'b', 'A']);
  });

  it('sorts by status with room id breaking ties', () => {
    expect(ids(sortRoomRows(rows, 'status', 'asc'))).toEqual(['A', 'd', 'b', 'c']);
  });

  it('puts missing times and configs last in either direction', () => {
    expect(ids(sortRoomRows(rows, 'scheduledAt', 'desc'))).toEqual(['A', 'b', 'd', 'c']);
    expect(ids(sortRoomRows(rows, 'scheduledAt', 'asc'))).toEqual(['d', 'b', 'A', 'c']);
    expect(ids(sortRoomRows(rows, 'unscheduledAt', 'asc'))).toEqual(['d', 'A', 'b', 'c']);
    expect(ids(sortRoomRows(rows, 'config', 'asc'))).toEqual(['c', 'd', 'b', 'A']);
    expect(ids(sortRoomRows(rows, 'config', 'desc'))).toEqual(['b', 'd', 'c', 'A']);
  });

  it('does not change its input', () => {
    sortRoomRows(rows, 'roomId', 'desc');
    expect(ids(rows)).toEqual(['b', 'A', 'c', 'd']);
  });
});

describe('search', () => {
  const rows = toRoomRows([
    room('lobby-eu-1', { config: '{"map":"Harbor"}' }),
    room('lobby-us-1', { config: '{"map":"desert"}' }),
    room('ranked-7', { config: null }),
  ]);

  it('matches room ids and config text, case-insensitively, keeping the order', () => {
    expect(ids(filterRoomRows(rows, 'LOBBY'))).toEqual(['lobby-eu-1', 'lobby-us-1']);
    expect(ids(filterRoomRows(rows, 'harbor'))).toEqual(['lobby-eu-1']);
    expect(ids(filterRoomRows(rows, '  ranked '))).toEqual(['ranked-7']);
    expect(filterRoomRows(rows, 'nothing-like-it')).toEqual([]);
  });

  it('returns the same rows for an empty search', () => {
    expect(filterRoomRows(rows, '  ')).toBe(rows);
  });

  it('filters 10,000 rooms well within a frame', () => {
    const many = toRoomRows(
      Array.from({ length: 10_000 }, (_, i) => room(`room-${i}`, { config: `{"mode":"m${i % 97}","slot":${i}}` })),
    );
    const sorted = sortRoomRows(many, 'roomId', 'asc');
    const start = performance.now();
    const hits = filterRoomRows(sorted, 'm42"');
    const elapsed = performance.now() - start;
    expect(hits.length).toBeGreaterThan(100);
    expect(elapsed).toBeLessThan(50);
  });
});
