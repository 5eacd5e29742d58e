import { describe, expect, it } from 'vitest';
import { compactJson, configLength, type DiffLine, diffLines, displayRoomConfig, sameJson } from './configText';

const render = (lines: DiffLine[]) =>
  lines.map((l) => `${{ same: ' ', removed: '-', added: '+' }[l.kind]}${l.text}`).join('\n');

describe('room config display', () => {
  it('pretty-prints JSON', () => {
    expect(displayRoomConfig('{"mode":"ffa","teams":[1,2]}')).toEqual({
      kind: 'json',
      text: '{\n  "mode": "ffa",\n  "teams": [\n    1,\n    2\n  ]\n}',
    });
  });

  it('shows other text as it is, and says when there is none', () => {
    expect(displayRoomConfig('map=dust2; players=10')).toEqual({ kind: 'text', text: 'map=dust2; players=10' });
    expect(displayRoomConfig('{"broken": ')).toEqual({ kind: 'text', text: '{"broken": ' });
    expect(displayRoomConfig(null)).toEqual({ kind: 'empty', text: '' });
    expect(displayRoomConfig('')).toEqual({ kind: 'empty', text: '' });
  });

  it('compacts JSON and compares JSON values', () => {
    expect(compactJson('{\n  "a": [1, 2]\n}')).toBe('{"a":[1,2]}');
    expect(compactJson('not json')).toBe('not json');
    expect(sameJson('{"a":1}', '{\n  "a": 1\n}')).toBe(true);
    expect(sameJson('{"a":1}', '{"a":2}')).toBe(false);
    expect(sameJson('x', 'x')).toBe(false);
  });
});

describe('line diff', () => {
  it('keeps common lines and marks what changed', () => {
    const before = '{\n  "mode": "ffa",\n  "players": 8\n}';
    const after = '{\n  "mode": "teams",\n  "players": 8,\n  "teams": 2\n}';
    expect(render(diffLines(before, after))).toBe(
      [
        ' {',
        '-  "mode": "ffa",',
        '-  "players": 8',
        '+  "mode": "teams",',
        '+  "players": 8,',
        '+  "teams": 2',
        ' }',
      ].join('\n'),
    );
  });

  it('finds the longest common subsequence in the middle', () => {
    expect(render(diffLines('a\nb\nc\nd\ne', 'a\nc\nx\nd\ne'))).toBe(' a\n-b\n c\n+x\n d\n e');
    expect(render(diffLines('x\na\nb', 'a\nb\ny'))).toBe('-x\n a\n b\n+y');
  });

  it('handles empty sides and equal texts', () => {
    expect(render(diffLines('', 'a\nb'))).toBe('+a\n+b');
    expect(render(diffLines('a', ''))).toBe('-a');
    expect(diffLines('same\ntext', 'same\ntext').every((l) => l.kind === 'same')).toBe(true);
    expect(diffLines('', '')).toEqual([]);
  });

  it('reproduces both texts from its lines', () => {
    const before = Array.from({ length: 300 }, (_, i) => `line ${i % 17}`).join('\n');
    const after = Array.from({ length: 280 }, (_, i) => `line ${(i * 7) % 19}`).join('\n');
    const lines = diffLines(before, after);
    const side = (kind: DiffLine['kind']) =>
      lines
        .filter((l) => l.kind === 'same' || l.kind === kind)
        .map((l) => l.text)
        .join('\n');
    expect(side('removed')).toBe(before);
    expect(side('added')).toBe(after);
  });

  it('stays fast for the largest configs (5,000 lines each side, 10,000 characters)', () => {
    const before = Array.from({ length: 5_000 }, (_, i) => String(i % 10)).join('\n');
    const after = Array.from({ length: 5_000 }, (_, i) => String((i * 3) % 10)).join('\n');
    const started = performance.now();
    const lines = diffLines(before, after);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(lines.filter((l) => l.kind !== 'added')).toHaveLength(5_000);
  });
});

describe('config length', () => {
  it('counts code points, as the API limit does', () => {
    expect(configLength('abc')).toBe(3);
    expect(configLength('🎮x')).toBe(2);
    expect('🎮x'.length).toBe(3);
  });
});
