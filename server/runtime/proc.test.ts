import { describe, expect, it } from 'vitest';
import { parseStat, readStat } from './proc.ts';

/** server/runtime/proc.ts: /proc/<pid>/stat, whose 2nd field (the command name) may hold spaces and parentheses. */

/** A stat line with the given comm; fields after it as the kernel writes them (52 in all). */
const statLine = (pid: number, comm: string) => {
  const after = Array.from({ length: 50 }, (_, i) => String(i + 3));
  after[0] = 'S'; // 3 state
  after[1] = '41'; // 4 ppid
  after[2] = '42'; // 5 pgrp
  after[3] = '43'; // 6 session
  after[11] = '700'; // 14 utime
  after[12] = '55'; // 15 stime
  after[19] = '123456789'; // 22 starttime
  after[21] = '2048'; // 24 rss
  return `${pid} (${comm}) ${after.join(' ')}\n`;
};

describe('parseStat', () => {
  it.each([['node'], ['my game'], ['a) (b'], [') S 1 2 3'], ['(('], ['game ) 9 9 9 9']])(
    'reads the fields after a comm of %j',
    (comm) => {
      expect(parseStat(statLine(4242, comm))).toEqual({
        pid: 4242,
        state: 'S',
        ppid: 41,
        pgrp: 42,
        session: 43,
        cpuTicks: 755,
        startTime: '123456789',
        rssPages: 2048,
      });
    },
  );

  it('refuses a line without a comm or cut short', () => {
    expect(parseStat('')).toBeUndefined();
    expect(parseStat('12 node S 1 2 3')).toBeUndefined();
    expect(parseStat('12 (node) S 1 2 3')).toBeUndefined();
  });

  it('reads this process', () => {
    const stat = readStat(process.pid);
    expect(stat).toMatchObject({ pid: process.pid, ppid: process.ppid });
    expect(stat?.rssPages).toBeGreaterThan(0);
    expect(readStat(2 ** 22 + 1)).toBeUndefined();
  });
});
