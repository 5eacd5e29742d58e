import { diffLines as jsDiffLines } from 'diff';
import { formatJson, jsonProblem, ROOM_CONFIG_MAX_LENGTH } from './roomConfig';

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

/**
 * Past this many changed lines, or this long, the diff gives up matching and shows every line of `before` as
 * removed, then every line of `after` as added (still a true diff, only a coarse one).
 */
const MAX_EDIT_LENGTH = 2_000;
const DIFF_TIMEOUT_MS = 500;

/** A line diff of `before` → `after` (jsdiff's `diffLines`), one entry per line. */
export function diffLines(before: string, after: string): DiffLine[] {
  // Every line ends with a newline, so a last line without one still equals the same line elsewhere.
  const withEol = (text: string) => (text === '' ? '' : `${text}\n`);
  const changes = jsDiffLines(withEol(before), withEol(after), {
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: DIFF_TIMEOUT_MS,
  });
  const lines = (value: string) => value.split('\n').slice(0, -1);
  if (!changes) {
    return [
      ...lines(withEol(before)).map((text): DiffLine => ({ kind: 'removed', text })),
      ...lines(withEol(after)).map((text): DiffLine => ({ kind: 'added', text })),
    ];
  }
  return changes.flatMap((change) => {
    const kind: DiffLine['kind'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return lines(change.value).map((text) => ({ kind, text }));
  });
}

/**
 * The length the API checks against its 10,000 limit: JSON Schema's `maxLength` counts Unicode code points, so an
 * emoji outside the BMP counts once (a JavaScript `length` counts it twice). Both config editors count this way.
 */
export function configLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Why the API would refuse this config for its length, or null. */
export function configLengthProblem(text: string): string | null {
  const over = configLength(text) - ROOM_CONFIG_MAX_LENGTH;
  return over > 0 ? `${count(over)} ${over === 1 ? 'character' : 'characters'} over the limit` : null;
}

/** Why this config cannot be sent as it is: too long, or (unless plain text) not JSON; null when it can. */
export function configProblem(text: string, plainText: boolean): string | null {
  const tooLong = configLengthProblem(text);
  if (tooLong) return tooLong;
  if (plainText || text.trim() === '') return null;
  const problem = jsonProblem(text);
  return problem && `${problem}. Fix it, or switch on plain text to send it as it is.`;
}
