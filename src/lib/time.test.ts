import { describe, expect, it } from 'vitest';
import { between, formatDuration } from './time';

describe('time formatting', () => {
  it('formats durations compactly', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(64_000)).toBe('1 min 4 s');
    expect(formatDuration(3_840_000)).toBe('1 h 4 min');
    expect(formatDuration(3 * 86_400_000 + 7_200_000)).toBe('3 d 2 h');
    expect(formatDuration(-1)).toBe('');
  });

  it('measures between two times, or until now', () => {
    expect(between('2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')).toBe(60_000);
    expect(between('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:05Z'))).toBe(5_000);
  });
});
