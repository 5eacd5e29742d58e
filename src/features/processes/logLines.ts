/** At most this many lines are kept in memory by a logs panel; older ones drop off the top. */
export const MAX_LOG_LINES = 20_000;

export interface LogLine {
  /** Stable across appends (React key, virtual row key). */
  id: number;
  /** As the process printed it, ANSI codes included. */
  text: string;
  /** Without ANSI codes, lower case: what the text filter matches. */
  search: string;
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Bytes of a log stream in, whole lines out: a line is held back until its newline arrives (or the stream ends),
 * and multi-byte characters split across chunks are decoded whole.
 */
export class LineSplitter {
  #decoder = new TextDecoder();
  #partial = '';

  push(chunk: Uint8Array): string[] {
    const text = this.#partial + this.#decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.#partial = parts.pop() ?? '';
    return parts.map(dropCarriageReturn);
  }

  /** The last line, when the stream ended without a newline. */
  end(): string[] {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    return rest === '' ? [] : [dropCarriageReturn(rest)];
  }
}

function dropCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Numbers lines as they arrive. */
export class LineNumberer {
  #next = 0;
  make(text: string): LogLine {
    return { id: this.#next++, text, search: stripAnsi(text).toLowerCase() };
  }
}

/** `lines` then `more`, keeping only the last `max`. */
export function appendCapped(lines: readonly LogLine[], more: readonly LogLine[], max = MAX_LOG_LINES): LogLine[] {
  if (more.length >= max) return more.slice(more.length - max);
  const kept = lines.length + more.length > max ? lines.slice(lines.length + more.length - max) : lines;
  return kept.concat(more);
}

/** The lines whose text (without ANSI codes) contains `query`, ignoring case; all of them for an empty query. */
export function filterLines(lines: readonly LogLine[], query: string): readonly LogLine[] {
  const q = query.trim().toLowerCase();
  return q === '' ? lines : lines.filter((line) => line.search.includes(q));
}
