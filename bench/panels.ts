import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { launch, newContext, pageErrors, sleep } from './browser.ts';
import { buildWeb } from './bundle.ts';
import {
  APP_ID,
  apiClient,
  median,
  must,
  ROOT,
  roomdeck,
  type Started,
  stop,
  TOKEN,
  writeBenchResult,
} from './server.ts';

/**
 * The process page's panels in Chromium (part of `npm run bench`; alone: `npm run bench:panels`):
 *   Logs     a game's log line printed -> shown in a following LogsPanel. A local-runtime Roomdeck runs
 *            server/test/games/tcp.mjs printing `tick N at <epoch ms>` every 200 ms; the bench page
 *            (bench/panels/) mounts LogsPanel following the process, and a MutationObserver notes when each line
 *            enters the DOM (Date.now(): the same clock as the game's). Reference in the same page at the same
 *            time: a bare fetch of the same follow stream, noting when each line arrives.
 *   Metrics  24 h of samples at 60 s steps (cpu, memory, connections: 1,440 points each), mounted MetricsCharts
 *            -> all three charts drawn (its onDrawn), with a fresh query cache each time. Reference: a bare fetch
 *            and JSON parse of the same URL.
 * The bench page exists until the process page mounts both panels (then the bench can drive that page).
 * Options: BENCH_LOG_LINES (default 30), BENCH_METRICS_RUNS (default 15).
 */
const LOG_LINES = Number(process.env.BENCH_LOG_LINES ?? 30);
const METRICS_RUNS = Number(process.env.BENCH_METRICS_RUNS ?? 15);
const LOG_EVERY_MS = 200;
const LOG_TARGET_MS = 250;
const METRICS_TARGET_MS = 150;
const GAME = join(ROOT, 'server', 'test', 'games', 'tcp.mjs');
const PORT_RANGE = '25000-25099';
const DAY_S = 24 * 60 * 60;
const STEP_S = 60;

export interface PanelRow {
  measure: string;
  value: string;
  reference: string;
  ratio: string;
  target: string;
  pass?: boolean;
}

export interface PanelsBench {
  rows: PanelRow[];
  logs: { roomdeck: number[]; reference: number[] };
  metrics: { total: number[]; fetch: number[]; draw: number[]; reference: number[]; points: number };
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
const ms = (v: number) => `${Math.round(v)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '—');

// ------------------------------------------------------------------------------------------------------ Logs

function writeDeployment(dir: string): string {
  const file = join(dir, 'panels-deployment.json');
  writeFileSync(
    file,
    JSON.stringify({
      command: [process.execPath, GAME],
      env: { GAME_LOG_EVERY_MS: String(LOG_EVERY_MS), GAME_LOG_TIMESTAMPS: '1' },
      roomsPerProcess: 1,
      transportType: 'tcp',
      additionalContainerPorts: [],
      idleTimeoutEnabled: false,
    }),
  );
  return file;
}

async function untilActive(base: string, roomId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const info = await must(
      apiClient(base).GET('/rooms/v2/{appId}/connectioninfo/{roomId}', { params: { path: { appId: APP_ID, roomId } } }),
    );
    if (info.status === 'active') return;
    if (Date.now() > deadline) throw new Error(`room ${roomId} did not turn active`);
    await sleep(50);
  }
}

/**
 * Installed before the page's scripts: `window.__benchSeen[N]` is when `tick N at ...` first entered the DOM.
 * A string, not a function: tsx would wrap named functions in a helper the page does not have.
 */
const SEEN_SCRIPT = `
window.__benchSeen = {};
window.__benchPrinted = {};
new MutationObserver((records) => {
  const now = Date.now();
  for (const r of records) {
    const node = r.type === 'characterData' ? r.target.parentNode : r.target;
    const text = node && node.textContent;
    if (!text || text.indexOf('tick ') < 0) continue;
    for (const m of text.matchAll(/tick (\\d+) at (\\d+)/g)) {
      if (window.__benchSeen[m[1]] === undefined) {
        window.__benchSeen[m[1]] = now;
        window.__benchPrinted[m[1]] = Number(m[2]);
      }
    }
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
`;

/**
 * In the page: a bare fetch of the follow stream, noting when each tick line arrives (`window.__benchRef`). Raw
 * `fetch` on purpose, not the typed client: it is the reference the LogsPanel is measured against, and it runs in
 * the browser.
 */
async function startReference(page: Page, processId: string): Promise<void> {
  await page.evaluate(
    ({ appId, pid, token }) => {
      const w = window as unknown as { __benchRef: Record<string, number> };
      w.__benchRef = {};
      void fetch(`/api/logs/v1/${appId}/process/${pid}?tailLines=1&follow=true`, {
        headers: { authorization: `Bearer ${token}` },
      }).then(async (res) => {
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const now = Date.now();
          buffer += decoder.decode(value, { stream: true });
          const cut = buffer.lastIndexOf('\n');
          if (cut < 0) continue;
          for (const m of buffer.slice(0, cut).matchAll(/tick (\d+) at (\d+)/g)) {
            if (m[1] && w.__benchRef[m[1]] === undefined) w.__benchRef[m[1]] = now;
          }
          buffer = buffer.slice(cut + 1);
        }
      });
    },
    { appId: APP_ID, pid: processId, token: TOKEN },
  );
}

async function measureLogs(browser: Browser, dir: string, webRoot: string) {
  const server = await roomdeck(
    dir,
    'panels-logs',
    {
      ROOMDECK_RUNTIME: 'local',
      ROOMDECK_DEPLOYMENT: writeDeployment(dir),
      ROOMDECK_PORT_RANGE: PORT_RANGE,
      ROOMDECK_STOP_GRACE_MS: '2000',
    },
    webRoot,
  );
  const context = await newContext(browser);
  try {
    const room = await must(
      apiClient(server.base).POST('/rooms/v2/{appId}/create', {
        params: { path: { appId: APP_ID } },
        body: { region: 'Frankfurt' },
      }),
    );
    await untilActive(server.base, room.roomId);
    const page = await context.newPage();
    await page.addInitScript(SEEN_SCRIPT);
    await page.goto(`${server.base}/panels/?logs=${room.processId}`);
    await page
      .getByText(/tick \d+ at \d+/)
      .first()
      .waitFor({ timeout: 15_000 });
    await startReference(page, room.processId);
    // Lines printed from now on count: both readers are following by then.
    await sleep(1_000);
    const from = Date.now();
    await sleep(LOG_LINES * LOG_EVERY_MS + 1_500);
    const { seen, printed, ref } = await page.evaluate(() => {
      const w = window as unknown as Record<string, Record<string, number>>;
      return { seen: w.__benchSeen ?? {}, printed: w.__benchPrinted ?? {}, ref: w.__benchRef ?? {} };
    });
    const ticks = Object.keys(printed)
      .filter((n) => (printed[n] ?? 0) >= from && ref[n] !== undefined)
      .sort((a, b) => Number(a) - Number(b))
      .slice(0, LOG_LINES);
    if (ticks.length < LOG_LINES) {
      throw new Error(`only ${ticks.length} of ${LOG_LINES} tick lines were seen by both the panel and the reference`);
    }
    return {
      roomdeck: ticks.map((n) => (seen[n] ?? 0) - (printed[n] ?? 0)),
      reference: ticks.map((n) => (ref[n] ?? 0) - (printed[n] ?? 0)),
    };
  } finally {
    await context.close();
    await stop(server);
  }
}

// --------------------------------------------------------------------------------------------------- Metrics

/** 24 h (and 10 min each side) of one sample a minute for `processId`, written straight into the (stopped) server's SQLite file. */
function fillMetrics(dbPath: string, processId: string): void {
  const db = new Database(dbPath, { timeout: 5_000 });
  try {
    const insert = db.prepare(
      'INSERT OR REPLACE INTO metrics (process_id, at, cpu, memory, connections) VALUES (?, ?, ?, ?, ?)',
    );
    // A margin of 10 minutes each side: the charts ask for the 24 h before their own `now`, a little later.
    const first = (Math.floor(Date.now() / 1000 / STEP_S) * STEP_S - DAY_S - 600) * 1000;
    db.transaction(() => {
      for (let i = 0; i < (DAY_S + 1200) / STEP_S; i++) {
        const at = first + i * STEP_S * 1000 + 30_000;
        const wave = Math.sin(i / 40);
        insert.run(processId, at, 20 + 15 * wave + (i % 7), Math.round(80e6 + 20e6 * wave), Math.round(8 + 6 * wave));
      }
    })();
  } finally {
    db.close();
  }
}

async function measureMetrics(browser: Browser, dir: string, webRoot: string) {
  const env = { ROOMDECK_DB: join(dir, 'panels-metrics.db'), ROOMDECK_PROCESS_IDLE_MS: String(10 * 60 * 1000) };
  let server: Started = await roomdeck(dir, 'panels-metrics', env, webRoot);
  const { processId } = await must(
    apiClient(server.base).POST('/rooms/v2/{appId}/create', {
      params: { path: { appId: APP_ID } },
      body: { region: 'Tokyo' },
    }),
  );
  // Filled while no server holds the file, then a new one serves it.
  await stop(server);
  fillMetrics(env.ROOMDECK_DB, processId);
  server = await roomdeck(dir, 'panels-metrics', env, webRoot);
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.base}/panels/?metrics=${processId}`);
    await page.waitForFunction(() => typeof window.__benchMetrics === 'function');
    const result = { total: [] as number[], fetch: [] as number[], draw: [] as number[], reference: [] as number[] };
    let url = '';
    let points = 0;
    // One unrecorded run of each warms the server and Chromium; then they alternate.
    for (let i = -1; i < METRICS_RUNS; i++) {
      await page.evaluate(() => performance.clearResourceTimings());
      const t = await page.evaluate(async () => {
        const run = window.__benchMetrics;
        if (!run) throw new Error('no __benchMetrics');
        const { startedAt, drawnAt } = await run();
        const entry = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/metrics?'))
          .at(-1) as PerformanceResourceTiming | undefined;
        if (!entry) throw new Error('no metrics request');
        return { startedAt, drawnAt, responseEnd: entry.responseEnd, url: entry.name };
      });
      url = t.url;
      // The reference: the same request as a bare in-page fetch (raw on purpose, the cost of the request alone).
      const ref = await page.evaluate(
        async ({ u, token }) => {
          const startedAt = performance.now();
          const res = await fetch(u, { headers: { authorization: `Bearer ${token}` } });
          const body = (await res.json()) as Record<string, unknown[]>;
          return { ms: performance.now() - startedAt, points: Object.values(body).map((s) => s.length) };
        },
        { u: url, token: TOKEN },
      );
      points = Math.min(...ref.points);
      if (ref.points.length !== 3) throw new Error(`metrics answered ${ref.points.length} series`);
      if (i < 0) continue;
      result.total.push(t.drawnAt - t.startedAt);
      result.fetch.push(t.responseEnd - t.startedAt);
      result.draw.push(t.drawnAt - t.responseEnd);
      result.reference.push(ref.ms);
    }
    if (points < DAY_S / STEP_S) throw new Error(`the metrics answer had only ${points} points a series`);
    return { ...result, points };
  } finally {
    await context.close();
    await stop(server);
  }
}

// ------------------------------------------------------------------------------------------------------ Main

export async function measurePanels(browser: Browser, dir: string, webRoot: string): Promise<PanelsBench> {
  const logs = await measureLogs(browser, dir, webRoot);
  const metrics = await measureMetrics(browser, dir, webRoot);
  const logMedian = median(logs.roomdeck);
  const total = median(metrics.total);
  const rows: PanelRow[] = [
    {
      measure: `game log line printed -> shown in following LogsPanel (median of ${logs.roomdeck.length}, p95 ${ms(percentile(logs.roomdeck, 95))})`,
      value: ms(logMedian),
      reference: `bare fetch of the stream ${ms(median(logs.reference))} (p95 ${ms(percentile(logs.reference, 95))})`,
      ratio: ratio(logMedian, median(logs.reference)),
      target: `<= ${ms(LOG_TARGET_MS)}`,
      pass: logMedian <= LOG_TARGET_MS,
    },
    {
      measure: `24 h metrics (3 x ${metrics.points} points) mounted -> charts drawn (median of ${metrics.total.length}; fetch ${ms(median(metrics.fetch))} + draw ${ms(median(metrics.draw))})`,
      value: ms(total),
      reference: `bare fetch + JSON ${ms(median(metrics.reference))}`,
      ratio: ratio(total, median(metrics.reference)),
      target: `<= ${ms(METRICS_TARGET_MS)}`,
      pass: total <= METRICS_TARGET_MS,
    },
  ];
  return { rows, logs, metrics };
}

/** JS files of a build whose source maps name any of `patterns`: what a page loading them carries. */
export function filesCarrying(webRoot: string, files: readonly string[], patterns: readonly RegExp[]) {
  const found: { file: string; source: string }[] = [];
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    let sources: string[];
    try {
      sources = (JSON.parse(readFileSync(join(webRoot, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
    } catch {
      throw new Error(`${file} has no source map: cannot tell what it holds`);
    }
    for (const source of sources) if (patterns.some((p) => p.test(source))) found.push({ file, source });
  }
  return found;
}

/** What the first page must not carry: the process page's panels and their libraries. */
export const PROCESS_PAGE_ONLY = [
  /features\/processes\/components\/LogsPanel\.tsx$/,
  /features\/processes\/components\/MetricsCharts\.tsx$/,
  /node_modules\/anser\//,
  /node_modules\/uplot\//,
];

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-bench-panels-'));
  const webRoot = join(dir, 'web');
  let browser: Browser | undefined;
  try {
    console.log('Building the dashboard and the bench pages ...');
    await buildWeb(webRoot);
    browser = await launch();
    console.log(`Panels: ${LOG_LINES} log lines, ${METRICS_RUNS} chart mounts ...`);
    const result = await measurePanels(browser, dir, webRoot);
    console.log('');
    for (const r of result.rows) {
      console.log(
        `${r.measure}\n  ${r.value}  (${r.reference}, ${r.ratio})  target ${r.target}  ${r.pass ? 'PASS' : 'FAIL'}`,
      );
    }
    if (pageErrors.length > 0) console.log(`\nUncaught page errors (the run is not valid):\n${pageErrors.join('\n')}`);
    const file = writeBenchResult('panels', loadAtStart, { ...result, pageErrors });
    console.log(`\nLoad average at start ${loadAtStart[0]?.toFixed(1)}, at end ${loadavg()[0]?.toFixed(1)}`);
    console.log(`Wrote ${file}`);
    if (result.rows.some((r) => r.pass === false) || pageErrors.length > 0) process.exitCode = 1;
  } finally {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as `npm run bench:panels`; bench/run.ts calls measurePanels().
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
