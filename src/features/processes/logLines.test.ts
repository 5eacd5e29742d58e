import { describe, expect, it } from 'vitest';
import { appendCapped, filterLines, LineNumberer, LineSplitter, stripAnsi } from './logLines';

describe('LineSplitter', () => {
  it('holds a line back until its newline, decodes characters split across chunks, drops CR', () => {
    const splitter = new LineSplitter();
    const bytes = new TextEncoder().encode('héllo\r\nwor');
    // split inside the two bytes of "é"
    expect(splitter.push(bytes.slice(0, 2))).toEqual([]);
    expect(splitter.push(bytes.slice(2))).toEqual(['héllo']);
    expect(splitter.push(new TextEncoder().encode('ld\n\nlast'))).toEqual(['world', '']);
    expect(splitter.end()).toEqual(['last']);
    expect(splitter.end()).toEqual([]);
  });
});

describe('appendCapped', () => {
  it('keeps only the newest lines, ids stable', () => {
    const n = new LineNumberer();
    const make = (count: number) => Array.from({ length: count }, (_, i) => n.make(`l${i}`));
    const first = make(3);
    const kept = appendCapped(first, make(3), 4);
    expect(kept.map((l) => l.id)).toEqual([2, 3, 4, 5]);
    expect(appendCapped(kept, make(10), 4).map((l) => l.id)).toEqual([12, 13, 14, 15]);
  });
});

describe('filterLines', () => {
  it('matches text without ANSI codes, ignoring case', () => {
    const n = new LineNumberer();
    const lines = ['\u001b[31mERROR\u001b[0m boom', 'info ok'].map((t) => n.make(t));
    expect(filterLines(lines, 'error BOOM').map((l) => l.id)).toEqual([0]);
    expect(filterLines(lines, '  ')).toBe(lines);
    expect(filterLines(lines, '31m')).toEqual([]);
    expect(stripAnsi('\u001b[1;32mgreen\u001b[0m')).toBe('green');
  });
});
