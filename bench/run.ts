import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { Manifest } from 'vite';
import { filterRoomRows, toRoomRows } from '../src/features/rooms/roomListView.ts';
import type { RoomWithoutAllocations } from '../src/features/rooms/roomQueries.ts';
import {
  launch,
  newContext,
  pageErrors,
  responseEnd,
  setHidden,
  shownAt,
  sleep,
  timeKeystroke,
  VIEWPORT,
  watchFirstShown,
} from './browser.ts';
import { buildWeb, closure, gzipSizes, kB, type LazyChunk, lazyChunks, type Sizes } from './bundle.ts';
import { filesCarrying, measurePanels, type PanelsBench, PROCESS_PAGE_ONLY } from './panels.ts';
import { measureRuntime, type RuntimeBench } from './runtime.ts';
import {
  APP_ID,
  apiClient,
  fillProcess,
  measureServer,
  median,
  must,
  roomdeck,
  type ServerBench,
  type Started,
  stop,
  writeBenchResult,
} from './server.ts';
import { printResultTable, type ResultRow } from './table.ts';

/**
 * `npm run bench`: the dashboard's performance on this machine, each figure beside a reference measured in the same
 * run (README, "Performance"):
 *   Load         JS and CSS (gzip) of the first page (the processes page) as Chromium requests them, against the
 *                180 kB JS budget and beside the bare React page; what each lazy route adds.
 *   First page   navigation to the process list shown with data, beside the bare React page (bench/reference/)
 *                fetching and listing the same JSON from the same server; cold (empty cache) and warm.
 *   Big process  10,000 rooms: rows shown after the data arrived, a search keystroke, row elements in the DOM
 *                (and at 1,000 rooms); beside the bare React page rendering the same rooms unvirtualized.
 *   Polling      connectioninfo requests of the room page until the room is active, in the 10 s after, and
 *                while the tab is hidden.
 *   Panels       the process page's panels (bench/panels.ts): a game's log line printed -> shown in a following
 *                LogsPanel beside a bare fetch of the same stream; 24 h of metrics mounted -> charts drawn beside a
 *                bare fetch of the same answer. The first page must carry neither panel nor anser or uPlot.
 *   Server       `npm run bench:server` (bench/server.ts).
 *   Runtime      `npm run bench:runtime` (bench/runtime.ts): the local runtime with real demo-game processes:
 *                create -> active beside the game's own start-up, 200 games at once, Roomdeck's CPU and memory
 *                beside the simulated runtime, the cost of sampling them.
 * Production builds into a temp dir, served by the local server (in-memory database) from its own process.
 * Prints a table, writes bench-results/bench-<time>.json; exits 1 if a target is missed.
 * Options: BENCH_RUNS (page loads per side for the first page, default 9), BENCH_BIG_RUNS (default 3),
 * BENCH_SKIP_SERVER=1 (leave out the server figures, about 80 s), BENCH_SKIP_RUNTIME=1 (leave out the runtime
 * figures, about 2 to 3 minutes; see bench/runtime.ts for its options).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 3);
const SKIP_SERVER = process.env.BENCH_SKIP_SERVER === '1';
const SKIP_RUNTIME = process.env.BENCH_SKIP_RUNTIME === '1';
const BUDGET_JS = 180_000;
const BIG = 10_000;
const SMALL = 1_000;
const ROWS_TARGET_MS = 1_000;
const KEY_TARGET_MS = 50;
/** Start-up of a new process on the main server: the room page polls while it waits. */
const PROCESS_START_MS = 5_000;
const AFTER_ACTIVE_MS = 10_000;
const HIDDEN_MS = 8_000;

const SELECTORS = {
  processRows: 'table[aria-label="Processes"] tbody tr',
  referenceProcessRows: 'ul[aria-label="Running processes"] li',
  roomRows: 'table[aria-label="Rooms"] tbody tr',
  referenceRoomRows: 'ul[aria-label="Rooms"] li',
};

type Row = ResultRow & { section: string };

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '—');
const ms = (v: number) => `${Math.round(v)} ms`;

// ---------------------------------------------------------------------------------------------------- Load

interface LoadResult {
  firstPage: Sizes;
  reference: Sizes;
  /** Files Chromium fetched for the first page that the manifest does not list for the entry (and a lazy
   * processes route, if it is one): code loaded before it is needed. */
  unexpected: string[];
  lazy: LazyChunk[];
  /** Modules of the process page's panels (and their libraries) in the first page's files (source maps). */
  processPageOnly: { file: string; source: string }[];
}

/** The build's JS and CSS files a page fetched (same origin, under /assets/). */
async function fetchedAssets(page: Page, url: string, selector: string, prefix: string): Promise<string[]> {
  const files: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith(prefix) && /\.(js|css)$/.test(path)) files.push(path.slice(1));
  });
  await page.goto(url);
  await page.locator(selector).first().waitFor();
  await page.waitForLoadState('networkidle');
  return files;
}

async function measureLoad(browser: Browser, base: string, webRoot: string, manifest: Manifest): Promise<LoadResult> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const files = await fetchedAssets(page, `${base}/apps/${APP_ID}/processes`, SELECTORS.processRows, '/assets/');
  const refFiles = await fetchedAssets(page, `${base}/reference/`, SELECTORS.referenceProcessRows, '/reference/');
  await context.close();

  // The landing page is in the entry; were it a lazy route, its chunk would be expected too.
  const expected = closure(manifest, 'index.html');
  closure(manifest, 'src/app/routes/processes/ProcessesPage.tsx', expected);
  const firstPage = gzipSizes(webRoot, files);
  return {
    firstPage,
    reference: gzipSizes(webRoot, refFiles),
    unexpected: firstPage.files.filter((f) => !expected.has(f)),
    lazy: lazyChunks(webRoot, manifest, new Set(firstPage.files)),
    processPageOnly: filesCarrying(webRoot, firstPage.files, PROCESS_PAGE_ONLY),
  };
}

// ---------------------------------------------------------------------------------------------- First page

interface Timings {
  roomdeck: number[];
  reference: number[];
}

/** Navigation to the list shown: cold in a fresh context, then warm (same context, cached assets). */
async function loadOnce(browser: Browser, url: string, selector: string): Promise<{ cold: number; warm: number }> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await watchFirstShown(page, selector);
    await page.goto(url);
    const cold = await shownAt(page);
    await page.goto(url);
    const warm = await shownAt(page);
    return { cold, warm };
  } finally {
    await context.close();
  }
}

async function measureFirstPage(browser: Browser, base: string): Promise<{ cold: Timings; warm: Timings }> {
  const sides = {
    roomdeck: [`${base}/apps/${APP_ID}/processes`, SELECTORS.processRows],
    reference: [`${base}/reference/`, SELECTORS.referenceProcessRows],
  } as const;
  const cold: Timings = { roomdeck: [], reference: [] };
  const warm: Timings = { roomdeck: [], reference: [] };
  // One unrecorded load of each warms the server and Chromium; then alternate which side goes first.
  for (const [url, selector] of Object.values(sides)) await loadOnce(browser, url, selector);
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? (['reference', 'roomdeck'] as const) : (['roomdeck', 'reference'] as const);
    for (const side of order) {
      const [url, selector] = sides[side];
      const t = await loadOnce(browser, url, selector);
      cold[side].push(t.cold);
      warm[side].push(t.warm);
    }
  }
  return { cold, warm };
}

// --------------------------------------------------------------------------------------------- Big process

/** Room configs with a seat number, so that typing digits narrows the list step by step. */
const bigConfig = (i: number) =>
  JSON.stringify({ mode: ['ranked', 'casual', 'custom'][i % 3], map: `map-${i % 7}`, table: `seat-${i}`, season: 7 });
const SEARCH_PREFIX = 'seat-';
const SEARCH_KEYS = ['4', '2', '1', '3', 'Backspace', 'Backspace', 'Backspace', 'Backspace', '7', '0', '5'];

interface Side {
  /** ms from the list response's end to the first frame showing rows. */
  rowsShown: number[];
  keystrokes: number[];
  domRows: number;
  domRowsSmall: number;
}

/** The status line both pages show for a search, for each step of SEARCH_KEYS. */
function expectedStatuses(rooms: RoomWithoutAllocations[]): string[] {
  const rows = toRoomRows(rooms);
  const status = (q: string) =>
    `${filterRoomRows(rows, q).length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} rooms match`;
  let q = SEARCH_PREFIX;
  const statuses = [status(q)];
  for (const key of SEARCH_KEYS) {
    q = key === 'Backspace' ? q.slice(0, -1) : q + key;
    statuses.push(status(q));
  }
  // A step that did not change the line could not be timed.
  if (statuses.some((s, i) => i > 0 && s === statuses[i - 1])) throw new Error(`search steps repeat: ${statuses}`);
  return statuses;
}

async function openRooms(browser: Browser, url: string, selector: string, listPath: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await watchFirstShown(page, selector);
  await page.goto(url);
  const rowsShown = (await shownAt(page)) - (await responseEnd(page, listPath));
  return { context, page, rowsShown };
}

async function measureBigProcess(
  browser: Browser,
  base: string,
  processes: { big: string; small: string },
  statuses: string[],
): Promise<{ roomdeck: Side; reference: Side }> {
  const url = {
    roomdeck: (pid: string) => `${base}/apps/${APP_ID}/processes/${pid}`,
    reference: (pid: string) => `${base}/reference/?process=${pid}`,
  };
  const selector = { roomdeck: SELECTORS.roomRows, reference: SELECTORS.referenceRoomRows };
  const result = {
    roomdeck: { rowsShown: [], keystrokes: [], domRows: 0, domRowsSmall: 0 } as Side,
    reference: { rowsShown: [], keystrokes: [], domRows: 0, domRowsSmall: 0 } as Side,
  };
  const listPath = (pid: string) => `/list/${pid}/active`;
  for (let i = 0; i < BIG_RUNS; i++) {
    const order = i % 2 ? (['reference', 'roomdeck'] as const) : (['roomdeck', 'reference'] as const);
    for (const side of order) {
      const { context, page, rowsShown } = await openRooms(
        browser,
        url[side](processes.big),
        selector[side],
        listPath(processes.big),
      );
      result[side].rowsShown.push(rowsShown);
      if (i === BIG_RUNS - 1) {
        await sleep(500);
        result[side].domRows = await page.locator(selector[side]).count();
        // Typing: the prefix untimed, then each key timed to the frame showing its result.
        const box = page.getByLabel('Search rooms');
        await box.focus();
        await page.keyboard.type(SEARCH_PREFIX);
        await page.getByRole('status').filter({ hasText: statuses[0] }).waitFor();
        for (const [k, key] of SEARCH_KEYS.entries()) {
          result[side].keystrokes.push(await timeKeystroke(page, key, statuses[k + 1] ?? ''));
        }
      }
      await context.close();
    }
  }
  for (const side of ['roomdeck', 'reference'] as const) {
    const small = await openRooms(browser, url[side](processes.small), selector[side], listPath(processes.small));
    await sleep(500);
    result[side].domRowsSmall = await small.page.locator(selector[side]).count();
    await small.context.close();
  }
  return result;
}

// ------------------------------------------------------------------------------------------------- Polling

interface Polling {
  untilActive: number;
  msUntilActive: number;
  afterActive: number;
  hidden: number;
  hiddenOtherApi: number;
  afterShownUntilActive: number;
}

/** Counts the room page's connectioninfo requests and notes when one answered `active`. */
function watchConnectionInfo(page: Page) {
  const state = { requests: 0, api: 0, activeAt: 0, activeRequests: 0 };
  page.on('request', (request) => {
    const url = request.url();
    if (url.includes('/connectioninfo/')) state.requests++;
    else if (url.includes('/api/')) state.api++;
  });
  page.on('response', async (response) => {
    if (!response.url().includes('/connectioninfo/') || !response.ok() || state.activeAt) return;
    const body = (await response.json().catch(() => null)) as { status?: string } | null;
    if (body?.status === 'active') {
      state.activeAt = Date.now();
      state.activeRequests = state.requests;
    }
  });
  return state;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function measurePolling(browser: Browser, base: string): Promise<Polling> {
  const context = await newContext(browser);
  try {
    const roomUrl = (roomId: string) => `${base}/apps/${APP_ID}/rooms/${roomId}`;
    // Each room gets a new process in its region, which takes PROCESS_START_MS to start.
    const client = apiClient(base);
    const create = { params: { path: { appId: APP_ID } } };
    const visible = await must(client.POST('/rooms/v2/{appId}/create', { ...create, body: { region: 'Sydney' } }));
    const page = await context.newPage();
    const seen = watchConnectionInfo(page);
    const openedAt = Date.now();
    await page.goto(roomUrl(visible.roomId));
    await waitFor(() => seen.activeAt > 0, PROCESS_START_MS + 15_000, 'the room to turn active');
    await sleep(AFTER_ACTIVE_MS);
    const result = {
      untilActive: seen.activeRequests,
      msUntilActive: seen.activeAt - openedAt,
      afterActive: seen.requests - seen.activeRequests,
    };
    await page.close();

    const hiddenRoom = await must(
      client.POST('/rooms/v2/{appId}/create', { ...create, body: { region: 'Singapore' } }),
    );
    const tab = await context.newPage();
    const hiddenSeen = watchConnectionInfo(tab);
    await tab.goto(roomUrl(hiddenRoom.roomId));
    await waitFor(() => hiddenSeen.requests > 0, 10_000, 'the first connectioninfo request');
    await sleep(300);
    await setHidden(tab, true);
    const before = { requests: hiddenSeen.requests, api: hiddenSeen.api };
    // Meanwhile the room turns active on the server: only a request could tell the page.
    await sleep(HIDDEN_MS);
    const hidden = hiddenSeen.requests - before.requests;
    const hiddenOtherApi = hiddenSeen.api - before.api;
    // Counted before: becoming visible refetches at once, before setHidden returns.
    const shownRequests = hiddenSeen.requests;
    await setHidden(tab, false);
    await waitFor(() => hiddenSeen.activeAt > 0, 15_000, 'the room to turn active once visible again');
    return {
      ...result,
      hidden,
      hiddenOtherApi,
      afterShownUntilActive: hiddenSeen.activeRequests - shownRequests,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------------- Main

async function seedMain(base: string): Promise<void> {
  // Five regions with four rooms each: five running processes on the first page.
  const regions = ['Seattle', 'Frankfurt', 'Tokyo', 'London', 'Chicago'] as const;
  const client = apiClient(base);
  await Promise.all(
    regions.flatMap((region, r) =>
      Array.from({ length: 4 }, (_, i) =>
        must(
          client.POST('/rooms/v2/{appId}/create', {
            params: { path: { appId: APP_ID } },
            body: { region, roomConfig: JSON.stringify({ mode: 'ranked', map: `map-${r}`, slot: i }) },
          }),
        ),
      ),
    ),
  );
}

function tableRows(
  load: LoadResult,
  first: { cold: Timings; warm: Timings },
  big: { roomdeck: Side; reference: Side },
  polling: Polling,
  panels: PanelsBench,
  server: ServerBench | undefined,
  runtime: RuntimeBench | undefined,
): Row[] {
  const rows: Row[] = [];
  const js = load.firstPage.js;
  rows.push({
    section: 'Load',
    measure: 'first page JS (gzip)',
    value: kB(js),
    reference: `budget ${kB(BUDGET_JS)}`,
    ratio: ratio(js, BUDGET_JS),
    target: `<= ${kB(BUDGET_JS)}`,
    pass: js <= BUDGET_JS,
  });
  const carried = [...new Set(load.processPageOnly.map((c) => c.source.replace(/^.*node_modules\//, '')))];
  rows.push({
    section: 'Load',
    measure: 'first page without LogsPanel, MetricsCharts, anser, uPlot (source maps)',
    value: carried.length === 0 ? 'none' : carried.join(', '),
    reference: '—',
    ratio: '—',
    target: 'none',
    pass: carried.length === 0,
  });
  rows.push({
    section: 'Load',
    measure: 'first page JS beside bare React page',
    value: kB(js),
    reference: kB(load.reference.js),
    ratio: ratio(js, load.reference.js),
    target: '(measured)',
  });
  rows.push({
    section: 'Load',
    measure: 'first page CSS (gzip)',
    value: kB(load.firstPage.css),
    reference: kB(load.reference.css),
    ratio: '—',
    target: '(measured)',
  });
  for (const chunk of load.lazy) {
    rows.push({
      section: 'Load',
      measure: `+ ${chunk.name} (lazy)`,
      value: `${kB(chunk.more.js)} JS${chunk.more.css ? ` + ${kB(chunk.more.css)} CSS` : ''}`,
      reference: '—',
      ratio: '—',
      target: '(measured)',
    });
  }
  for (const [kind, t] of [
    ['cold', first.cold],
    ['warm', first.warm],
  ] as const) {
    const a = median(t.roomdeck);
    const b = median(t.reference);
    rows.push({
      section: 'First page',
      measure: `navigation to process list shown, ${kind} (median of ${t.roomdeck.length})`,
      value: ms(a),
      reference: `bare React ${ms(b)}`,
      ratio: ratio(a, b),
      target: '(measured)',
    });
  }
  const rowsShown = median(big.roomdeck.rowsShown);
  rows.push({
    section: 'Big process',
    measure: `${BIG.toLocaleString('en-US')} rooms: data arrived to rows shown (median of ${BIG_RUNS})`,
    value: ms(rowsShown),
    reference: `unvirtualized ${ms(median(big.reference.rowsShown))}`,
    ratio: ratio(rowsShown, median(big.reference.rowsShown)),
    target: `<= ${ms(ROWS_TARGET_MS)}`,
    pass: rowsShown <= ROWS_TARGET_MS,
  });
  const key = median(big.roomdeck.keystrokes);
  rows.push({
    section: 'Big process',
    measure: `search keystroke to rows updated (median of ${big.roomdeck.keystrokes.length}, max ${ms(Math.max(...big.roomdeck.keystrokes))})`,
    value: ms(key),
    reference: `unvirtualized ${ms(median(big.reference.keystrokes))}`,
    ratio: ratio(key, median(big.reference.keystrokes)),
    target: `<= ${ms(KEY_TARGET_MS)}`,
    pass: key <= KEY_TARGET_MS,
  });
  const bounded = big.roomdeck.domRows <= big.roomdeck.domRowsSmall && big.roomdeck.domRows < 100;
  for (const [count, n, ref] of [
    [BIG, big.roomdeck.domRows, big.reference.domRows],
    [SMALL, big.roomdeck.domRowsSmall, big.reference.domRowsSmall],
  ] as const) {
    rows.push({
      section: 'Big process',
      measure: `row elements in the DOM at ${count.toLocaleString('en-US')} rooms (${VIEWPORT.width}x${VIEWPORT.height})`,
      value: String(n),
      reference: `unvirtualized ${ref}`,
      ratio: ratio(n, ref),
      target: 'bounded, same at 1,000 and 10,000',
      pass: count === BIG ? bounded : undefined,
    });
  }
  rows.push({
    section: 'Polling',
    measure: `connectioninfo from open until active (${(polling.msUntilActive / 1000).toFixed(1)} s)`,
    value: String(polling.untilActive),
    reference: '—',
    ratio: '—',
    target: '(measured)',
  });
  rows.push({
    section: 'Polling',
    measure: `connectioninfo in the ${AFTER_ACTIVE_MS / 1000} s after active`,
    value: String(polling.afterActive),
    reference: 'none',
    ratio: '—',
    target: '0',
    pass: polling.afterActive === 0,
  });
  rows.push({
    section: 'Polling',
    measure: `connectioninfo while hidden (${HIDDEN_MS / 1000} s; other API requests ${polling.hiddenOtherApi}; ${polling.afterShownUntilActive} once visible until active)`,
    value: String(polling.hidden),
    reference: 'none',
    ratio: '—',
    target: '0',
    pass: polling.hidden === 0,
  });
  for (const r of panels.rows) rows.push({ section: 'Panels', ...r });
  for (const r of server?.rows ?? []) {
    rows.push({
      section: 'Server',
      measure: `${r.scenario} req/s (p50 ${r.roomdeck.p50} ms, p99 ${r.roomdeck.p99} ms)`,
      value: String(r.roomdeck.reqPerSec),
      reference: `bare node:http ${r.bare.reqPerSec}`,
      ratio: ratio(r.roomdeck.reqPerSec, r.bare.reqPerSec),
      target: r.target,
      pass: r.target === '(measured)' ? undefined : r.pass,
    });
  }
  for (const r of runtime?.rows ?? []) rows.push({ section: 'Runtime', ...r });
  return rows;
}

const printTable = (rows: Row[]) => printResultTable(rows);

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loadAtStart = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'roomdeck-bench-web-'));
  const webRoot = join(dir, 'web');
  const servers: Started[] = [];
  let browser: Browser | undefined;
  try {
    console.log('Building the dashboard and the bare React page ...');
    const manifest = await buildWeb(webRoot);
    const memory = { ROOMDECK_DB: ':memory:' };
    const [main, big] = await Promise.all([
      roomdeck(dir, 'main', { ...memory, ROOMDECK_PROCESS_START_MS: String(PROCESS_START_MS) }, webRoot),
      roomdeck(dir, 'big', { ...memory, ROOMDECK_ROOMS_PER_PROCESS: String(BIG) }, webRoot),
    ]);
    servers.push(main, big);
    console.log(`Creating rooms: 20 on five processes, ${BIG} on one process and ${SMALL} on another ...`);
    await seedMain(main.base);
    const [bigProcess, smallProcess] = await Promise.all([
      fillProcess(big.base, { count: BIG, region: 'Frankfurt', roomConfig: bigConfig }),
      fillProcess(big.base, { count: SMALL, region: 'Tokyo', roomConfig: bigConfig }),
    ]);
    const bigRooms = await must(
      apiClient(big.base).GET('/rooms/v2/{appId}/list/{processId}/active', {
        params: { path: { appId: APP_ID, processId: bigProcess.processId } },
      }),
    );
    if (bigRooms.length !== BIG) throw new Error(`the big process has ${bigRooms.length} rooms`);
    const statuses = expectedStatuses(bigRooms);

    browser = await launch();
    console.log('Load: first page and lazy chunks ...');
    const load = await measureLoad(browser, main.base, webRoot, manifest);
    console.log(`First page: ${RUNS} cold and warm loads of each page ...`);
    const first = await measureFirstPage(browser, main.base);
    console.log(`Big process: ${BIG_RUNS} loads of ${BIG} rooms each side, typing, ${SMALL} rooms ...`);
    const bigResult = await measureBigProcess(
      browser,
      big.base,
      { big: bigProcess.processId, small: smallProcess.processId },
      statuses,
    );
    console.log(`Polling: the room page for ${PROCESS_START_MS / 1000} s start-ups, visible and hidden ...`);
    const polling = await measurePolling(browser, main.base);
    console.log('Panels: log lines into a following LogsPanel, 24 h of metrics into charts ...');
    const panels = await measurePanels(browser, dir, webRoot);
    await browser.close();
    browser = undefined;
    await Promise.all(servers.splice(0).map(stop));

    let server: ServerBench | undefined;
    if (!SKIP_SERVER) {
      console.log('Server: npm run bench:server ...');
      server = await measureServer();
    }

    let runtime: RuntimeBench | undefined;
    if (!SKIP_RUNTIME) {
      console.log('Runtime: npm run bench:runtime ...');
      runtime = await measureRuntime();
    }

    const rows = tableRows(load, first, bigResult, polling, panels, server, runtime);
    printTable(rows);
    if (load.unexpected.length > 0) {
      console.log(`\nNote: the first page fetched files beyond what its modules import: ${load.unexpected.join(', ')}`);
    }
    if (pageErrors.length > 0) console.log(`\nUncaught page errors (the run is not valid):\n${pageErrors.join('\n')}`);

    const file = writeBenchResult('bench', loadAtStart, {
      seconds: Math.round((Date.now() - startedAt) / 1000),
      rows,
      raw: { load, firstPage: first, bigProcess: bigResult, polling, panels, server, runtime, pageErrors },
    });
    const cpu = cpus();
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    console.log(
      `\nLoad average at start ${loadAtStart[0]?.toFixed(1)}, at end ${loadavg()[0]?.toFixed(1)} (${cpu.length} CPUs); ${seconds} s`,
    );
    console.log(`Wrote ${file}`);
    if (rows.some((r) => r.pass === false) || pageErrors.length > 0) process.exitCode = 1;
  } finally {
    await browser?.close();
    await Promise.all(servers.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
