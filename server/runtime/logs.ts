import { closeSync, existsSync, type FSWatcher, openSync, readSync, statSync, watch } from 'node:fs';
import { Readable } from 'node:stream';

/** A process's log: `output.log`, and `output.1.log` (the part before the last cut, see LocalRuntime.rotateLog). */
export const olderLogOf = (file: string) => `${file.slice(0, -4)}.1.log`;

const CHUNK = 64 * 1024;

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readRange(file: string, start: number, end: number): Buffer {
  if (end <= start) return Buffer.alloc(0);
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The last `lines` lines of `file` up to byte `end`, read backwards in chunks (never the whole file). */
function tailOf(file: string, end: number, lines: number): { text: Buffer; complete: boolean } {
  let start = end;
  let newlines = 0;
  const chunks: Buffer[] = [];
  while (start > 0) {
    const from = Math.max(0, start - CHUNK);
    const chunk = readRange(file, from, start);
    chunks.unshift(chunk);
    for (let i = chunk.length - 1; i >= 0; i--) {
      // The newline that ends the last line does not begin another one.
      if (chunk[i] !== 10 || from + i === end - 1) continue;
      newlines++;
      // Buffer.concat(chunks) begins at `from`, like `chunk`.
      if (newlines === lines) return { text: Buffer.concat(chunks).subarray(i + 1), complete: true };
    }
    start = from;
  }
  return { text: Buffer.concat(chunks), complete: false };
}

/** The last `lines` lines of a process's log (both parts), and the byte offset in output.log it ends at. */
export function tailLog(file: string, lines: number): { text: Buffer; offset: number } {
  const end = size(file);
  const current = tailOf(file, end, lines);
  if (current.complete) return { text: current.text, offset: end };
  const older = olderLogOf(file);
  if (!existsSync(older)) return { text: current.text, offset: end };
  const have = current.text.length === 0 ? 0 : countLines(current.text);
  const before = tailOf(older, size(older), Math.max(1, lines - have));
  return { text: Buffer.concat([before.text, current.text]), offset: end };
}

function countLines(text: Buffer): number {
  let n = 0;
  for (const byte of text) if (byte === 10) n++;
  return text.at(-1) === 10 ? n : n + 1;
}

/** The whole kept log (older part first), as a stream. */
export function wholeLog(file: string): Readable {
  const parts = [olderLogOf(file), file].filter((f) => existsSync(f));
  return Readable.from(
    (function* () {
      for (const part of parts) {
        const end = size(part);
        for (let at = 0; at < end; at += CHUNK) yield readRange(part, at, Math.min(end, at + CHUNK));
      }
    })(),
  );
}

/**
 * The tail, then every byte appended, until `ended()` says the process has ended (then what is left is sent and
 * the stream ends) or the reader goes away. New output is noticed through inotify (fs.watch), with a poll as a
 * safety net; a cut of the log (rotation) is followed from its new start.
 */
export function followLog(file: string, lines: number, ended: () => boolean, pollMs = 500): Readable {
  const { text, offset } = tailLog(file, lines);
  let position = offset;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stream = new Readable({
    read() {},
    destroy(err, callback) {
      stop();
      callback(err);
    },
  });
  const stop = () => {
    stopped = true;
    watcher?.close();
    if (timer) clearInterval(timer);
  };
  const pump = () => {
    if (stopped) return;
    const done = ended();
    const end = size(file);
    if (end < position) position = 0; // cut by rotation
    if (end > position) {
      for (let at = position; at < end; at += CHUNK) stream.push(readRange(file, at, Math.min(end, at + CHUNK)));
      position = end;
    }
    if (done) {
      stop();
      stream.push(null);
    }
  };
  if (text.length > 0) stream.push(text);
  try {
    watcher = watch(file, { persistent: false }, pump);
    watcher.on('error', () => watcher?.close());
  } catch {
    // no inotify (or no file yet): the poll does it
  }
  timer = setInterval(pump, pollMs);
  timer.unref();
  queueMicrotask(pump);
  return stream;
}
