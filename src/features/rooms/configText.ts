import { formatJson, jsonProblem } from './roomConfig';

/** How to show a room config: JSON pretty-printed, anything else as the text it is. */
export function displayRoomConfig(config: string | null | undefined): {
  kind: 'empty' | 'json' | 'text';
  text: string;
} {
  if (!config) return { kind: 'empty', text: '' };
  if (jsonProblem(config) === null) return { kind: 'json', text: formatJson(config) };
  return { kind: 'text', text: config };
}

/** JSON without whitespace; the text unchanged when it is not JSON. */
export function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Both texts are JSON of the same value (they differ at most in whitespace). */
export function sameJson(a: string, b: string): boolean {
  return jsonProblem(a) === null && jsonProblem(b) === null && compactJson(a) === compactJson(b);
}

export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Above this many cells (lines before × lines after), the changed middle is shown as all removed, all added. */
const MAX_LCS_CELLS = 4_000_000;

/**
 * A line diff of `before` → `after`: the common head and tail are kept, and the lines in between are matched by
 * their longest common subsequence. Configs are at most 10,000 characters, so the table stays small.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (text: string): DiffLine => ({ kind: 'same', text });
  return [
    ...a.slice(0, start).map(same),
    ...lcsDiff(a.slice(start, endA), b.slice(start, endB)),
    ...a.slice(endA).map(same),
  ];
}

function lcsDiff(a: string[], b: string[]): DiffLine[] {
  const removed = (text: string): DiffLine => ({ kind: 'removed', text });
  const added = (text: string): DiffLine => ({ kind: 'added', text });
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS) return [...a.map(removed), ...b.map(added)];
  // lcs[i * w + j] = length of the longest common subsequence of a[i..] and b[j..]
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  const at = (i: number, j: number) => lcs[i * w + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] ?? '' });
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      out.push(removed(a[i++] ?? ''));
    } else {
      out.push(added(b[j++] ?? ''));
    }
  }
  return [...out, ...a.slice(i).map(removed), ...b.slice(j).map(added)];
}

/** The length the API checks against its 10,000 limit: JSON Schema's `maxLength` counts code points. */
export function configLength(text: string): number {
  return Array.from(text).length;
}
