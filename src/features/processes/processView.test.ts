import { describe, expect, it } from 'vitest';
import { processState, shortProcessId, uptimeMs, utilisation } from './processView';

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
