import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What the local runtime reads from Linux's /proc: process stats, and the kernel's socket tables (to see that a
 * game has bound its port, and how many TCP connections its ports have). Every read is synchronous and small;
 * a process that vanishes between listing and reading is simply skipped.
 */

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** Ticks after boot when the process started: with the pid, identifies it (pids are reused). */
  startTime: string;
  /** Resident set, in pages. */
  rssPages: number;
}

/** /proc/<pid>/stat, or undefined when there is no such process. */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  return parseStat(text);
}

/** Parses /proc/<pid>/stat; the command name (2nd field) may hold spaces and parentheses, so split after the last ')'. */
export function parseStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const f = text.slice(close + 2).split(' ');
  if (f.length < 22) return undefined;
  return {
    pid,
    state: f[0] as string,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    session: Number(f[3]),
    cpuTicks: Number(f[11]) + Number(f[12]),
    startTime: f[19] as string,
    rssPages: Number(f[21]),
  };
}

/** Every process, by session id (one pass over /proc). */
export function processesBySession(): Map<number, ProcStat[]> {
  const bySession = new Map<number, ProcStat[]>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return bySession;
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const stat = readStat(Number(name));
    if (!stat || stat.state === 'Z') continue;
    const list = bySession.get(stat.session);
    if (list) list.push(stat);
    else bySession.set(stat.session, [stat]);
  }
  return bySession;
}

/** The socket inodes a process holds open. */
export function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (link.startsWith('socket:[')) inodes.add(link.slice(8, -1));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

export interface SocketTables {
  /** Local port -> inodes of sockets bound to it: TCP listening, or UDP bound. Keyed `tcp:30001` / `udp:30001`. */
  bound: Map<string, string[]>;
  /** Local TCP port -> established connections to it. */
  established: Map<number, number>;
}

const TCP_LISTEN = '0A';
const TCP_ESTABLISHED = '01';

/** Reads /proc/net/{tcp,tcp6,udp,udp6} once. */
export function readSocketTables(): SocketTables {
  const tables: SocketTables = { bound: new Map(), established: new Map() };
  for (const [file, proto] of [
    ['tcp', 'tcp'],
    ['tcp6', 'tcp'],
    ['udp', 'udp'],
    ['udp6', 'udp'],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(`/proc/net/${file}`, 'latin1');
    } catch {
      continue;
    }
    let start = text.indexOf('\n') + 1;
    while (start > 0 && start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? undefined : end);
      start = end === -1 ? -1 : end + 1;
      const f = line.trim().split(/\s+/);
      const local = f[1];
      const state = f[3];
      const inode = f[9];
      if (local === undefined || state === undefined || inode === undefined) continue;
      const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      if (proto === 'tcp' && state === TCP_ESTABLISHED) {
        tables.established.set(port, (tables.established.get(port) ?? 0) + 1);
        continue;
      }
      if (proto === 'tcp' && state !== TCP_LISTEN) continue;
      const key = `${proto}:${port}`;
      const list = tables.bound.get(key);
      if (list) list.push(inode);
      else tables.bound.set(key, [inode]);
    }
  }
  return tables;
}

/**
 * The inodes of sockets bound to each of `ports` (TCP listening, UDP bound), keyed `tcp:30001` / `udp:30001`.
 * For bind detection, which runs every poll while a process starts: instead of splitting every line of the
 * tables (thousands on a busy machine, TIME_WAIT included), it looks for each port's `:XXXX ` in the text and
 * parses only those lines.
 */
export function boundSockets(ports: { port: number; proto: 'tcp' | 'udp' }[]): Map<string, string[]> {
  const bound = new Map<string, string[]>();
  for (const proto of ['tcp', 'udp'] as const) {
    const wanted = ports.filter((p) => p.proto === proto);
    if (wanted.length === 0) continue;
    for (const file of [proto, `${proto}6`]) {
      let text: string;
      try {
        text = readFileSync(`/proc/net/${file}`, 'latin1');
      } catch {
        continue;
      }
      for (const { port } of wanted) {
        const needle = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
        for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
          const start = text.lastIndexOf('\n', at) + 1;
          const end = text.indexOf('\n', at);
          const f = text
            .slice(start, end === -1 ? undefined : end)
            .trim()
            .split(/\s+/);
          // Only the local address counts (the remote one of an outgoing connection may carry the port too).
          if (!f[1]?.endsWith(needle.trimEnd()) || f[9] === undefined) continue;
          if (proto === 'tcp' && f[3] !== TCP_LISTEN) continue;
          const key = `${proto}:${port}`;
          const list = bound.get(key);
          if (list) list.push(f[9]);
          else bound.set(key, [f[9]]);
        }
      }
    }
  }
  return bound;
}

/** Sends a signal to a whole process group; false when it no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

let clockTicks: number | undefined;
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every mainstream Linux build). */
export function ticksPerSecond(): number {
  clockTicks ??= 100;
  return clockTicks;
}

/** Bytes per page of /proc's RSS (4 KiB on x86-64 and most arm64 kernels; read from smaps would cost more). */
export const PAGE_SIZE = 4096;
