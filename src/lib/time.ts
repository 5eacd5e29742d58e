import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);
dayjs.extend(duration);

/** "3 minutes ago"; empty for a missing time. */
export function fromNow(iso: string | null | undefined, now = Date.now()): string {
  return iso ? dayjs(iso).from(now) : '';
}

/** The exact local time, for tooltips and titles. */
export function exactTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '';
}

/** "1 h 4 min", "12 s": a compact length of time. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Milliseconds between two ISO times (or until now when `to` is missing). */
export function between(from: string, to?: string | null, now = Date.now()): number {
  return (to ? Date.parse(to) : now) - Date.parse(from);
}
