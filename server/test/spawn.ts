import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { PROJECT_ROOT } from '../config.ts';

/** `server/main.ts` as its own process, as `npm run server` runs it (through tsx's loader, no wrapper process). */
export interface MainProcess {
  proc: ChildProcess;
  /** The URL it prints, e.g. `http://127.0.0.1:<port>` (`http://0.0.0.0:<port>` reaches this machine too). */
  base: string;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
}

const children = new Set<ChildProcess>();

/** Spawns main.ts with the environment (on top of this process's, with PORT=0 and no demo data by default). */
export function spawnMain(env: Record<string, string>): ChildProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ROOMDECK_SEED: '0', ROOMDECK_RUNTIME: 'simulated', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  return proc;
}

/** Spawns main.ts and resolves once it prints that it listens (rejects if it exits first). */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const proc = spawnMain(env);
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const base = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/[^/\s]+)\//.exec(output);
      if (match?.[1]) {
        proc.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { proc, base, output: () => output };
}

/** Sends the signal and waits for the exit; resolves with the exit code and signal. */
export async function stopMain(
  main: MainProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<[number | null, NodeJS.Signals | null]> {
  if (main.proc.exitCode !== null || main.proc.signalCode !== null) {
    return [main.proc.exitCode, main.proc.signalCode];
  }
  const exited = once(main.proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  main.proc.kill(signal);
  return exited;
}

/** Kills every server still running (for afterAll). */
export function killAllMains(): void {
  for (const proc of children) proc.kill('SIGKILL');
}

/** One API call (`path` under /api) with the bearer token; the body is parsed JSON, undefined when empty. */
// biome-ignore lint/suspicious/noExplicitAny: replies are inspected freely in tests
export async function callMain<T = any>(
  main: MainProcess,
  token: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${main.base}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
