import { describe, expect, it } from 'vitest';
import type { ProcessStatusV3, ProcessV3, Region } from './processV3Queries';
import { processState, regionUsage, shortProcessId, uptimeMs, uptimeText, utilisation } from './processView';

const base = { startedAt: null, stoppingAt: null, terminatedAt: null, draining: false };

describe('process view', () => {
  it('shortens a process id to 8 characters', () => {
    expect(shortProcessId('cbfcddd2-0006-43ae-996c-995fff7bed2e')).toBe('cbfcddd2');
  });

  it('derives the state from the timestamps', () => {
    expect(processState(base)).toBe('starting');
    expect(processState({ ...base, startedAt: '2026-01-01T00:00:00Z' })).toBe('running');
    expect(processState({ ...base, startedAt: '2026-01-01T00:00:00Z', draining: true })).toBe('draining');
    expect(processState({ ...base, stoppingAt: '2026-01-01T00:00:00Z' })).toBe('stopping');
    expect(processState({ ...base, stoppingAt: '2026-01-01T00:00:00Z', terminatedAt: '2026-01-01T00:01:00Z' })).toBe(
      'stopped',
    );
  });

  it('measures uptime until now, or until it stopped', () => {
    const now = Date.parse('2026-01-01T01:00:00Z');
    expect(uptimeMs({ startedAt: null, terminatedAt: null }, now)).toBeNull();
    expect(uptimeMs({ startedAt: '2026-01-01T00:00:00Z', terminatedAt: null }, now)).toBe(3_600_000);
    expect(uptimeMs({ startedAt: '2026-01-01T00:00:00Z', terminatedAt: '2026-01-01T00:00:30Z' }, now)).toBe(30_000);
  });

  it('computes utilisation within 0–100', () => {
    expect(utilisation({ roomsAllocated: 3, roomsPerProcess: 4 })).toBe(75);
    expect(utilisation({ roomsAllocated: 5, roomsPerProcess: 4 })).toBe(100);
    expect(utilisation({ roomsAllocated: 1, roomsPerProcess: 0 })).toBe(0);
  });
});

describe('ProcessesV3 view', () => {
  const now = Date.parse('2026-01-01T01:00:00Z');
  const v3 = {
    createdAt: '2026-01-01T00:59:30Z',
    startedAt: null,
    stoppingAt: null,
    terminatedAt: null,
  };

  it('words the uptime to agree with the status', () => {
    expect(uptimeText({ ...v3, status: 'starting' }, now)).toBe('starting for 30 s');
    expect(uptimeText({ ...v3, status: 'running', startedAt: '2026-01-01T00:00:00Z' }, now)).toBe('1 h 0 min');
    expect(
      uptimeText(
        { ...v3, status: 'failed', startedAt: '2026-01-01T00:00:00Z', terminatedAt: '2026-01-01T00:00:45Z' },
        now,
      ),
    ).toBe('ran 45 s');
    expect(uptimeText({ ...v3, status: 'failed', terminatedAt: '2026-01-01T00:00:45Z' }, now)).toBe('never started');
    expect(uptimeText({ ...v3, status: 'stopped' }, now)).toBe('never started');
  });

  it('sums rooms over live processes and capacity over those that take rooms', () => {
    const p = (status: ProcessStatusV3, region: Region, roomsAllocated: number, roomsPerProcess = 4) =>
      ({ status, region, roomsAllocated, roomsPerProcess }) as ProcessV3;
    const { regions, total } = regionUsage([
      p('running', 'Tokyo', 3),
      p('starting', 'Tokyo', 0),
      p('draining', 'Tokyo', 2),
      p('running', 'Sydney', 1, 2),
      p('stopped', 'Sydney', 0),
      p('failed', 'London', 0),
    ]);
    expect(regions).toEqual([
      { region: 'Tokyo', processes: 3, rooms: 5, capacity: 8, free: 5 },
      { region: 'Sydney', processes: 1, rooms: 1, capacity: 2, free: 1 },
    ]);
    expect(total).toEqual({ processes: 4, rooms: 6, capacity: 10, free: 6 });
  });
});
