import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, test as base, expect, type Page } from '@playwright/test';
import { E2E_APP_ID, E2E_BASE_URL, E2E_TOKEN } from './env';

export type Region = 'Seattle' | 'Frankfurt' | 'Tokyo' | 'London' | 'Chicago' | 'Sydney';

/** Talks to the e2e local server directly (with the token), to arrange rooms and faults for a test. */
export class LocalApi {
  readonly appId = E2E_APP_ID;
  constructor(private readonly request: APIRequestContext) {}

  async createRoom(opts: { region?: Region; roomConfig?: string; roomId?: string } = {}) {
    const query = opts.roomId ? `?roomId=${encodeURIComponent(opts.roomId)}` : '';
    const res = await this.request.post(`/api/rooms/v2/${this.appId}/create${query}`, {
      data: {
        region: opts.region ?? 'Seattle',
        ...(opts.roomConfig !== undefined ? { roomConfig: opts.roomConfig } : {}),
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { roomId: string; processId: string; status: string };
  }

  async room(roomId: string) {
    const res = await this.request.get(`/api/rooms/v2/${this.appId}/info/${encodeURIComponent(roomId)}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as {
      roomId: string;
      status: string;
      roomConfig: string | null;
      allocations: { processId: string }[];
      currentAllocation: { processId: string } | null;
    };
  }

  async waitActive(roomId: string) {
    await expect.poll(async () => (await this.room(roomId)).status, { timeout: 15_000 }).toBe('active');
  }

  async post(path: string) {
    const res = await this.request.post(`/api/rooms/v2/${this.appId}/${path}`);
    expect(res.status(), await res.text()).toBeLessThan(300);
  }

  async activeRooms(processId: string) {
    const res = await this.request.get(`/api/rooms/v2/${this.appId}/list/${processId}/active`);
    expect(res.status()).toBe(200);
    return (await res.json()) as { roomId: string }[];
  }

  async updateRoomConfig(roomId: string, roomConfig: string) {
    const res = await this.request.post(`/api/rooms/v2/${this.appId}/update/${encodeURIComponent(roomId)}`, {
      data: { roomConfig },
    });
    expect(res.status(), await res.text()).toBe(204);
  }

  async process(processId: string) {
    const res = await this.request.get(`/api/processes/v1/${this.appId}/info/${processId}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as { processId: string; region: string; startedAt: string | null };
  }

  /** Fault injection of the local server: a fraction of /api requests (whose URL contains `match`) get a 500. */
  async setFaults(faults: { rate: number; latencyMs?: number; match?: string | null }) {
    const res = await this.request.put('/_roomdeck/faults', {
      data: { rate: faults.rate, latencyMs: faults.latencyMs ?? 0, match: faults.match ?? null },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  /**
   * Fault injection with the failure's answer chosen: `status` (500 unless set; 429 or 503) and `retryAfterS`, sent
   * as `Retry-After`. Every field not given is its default, as with setFaults.
   */
  async setFaultAnswer(faults: {
    rate: number;
    latencyMs?: number;
    match?: string | null;
    status?: 429 | 500 | 503;
    retryAfterS?: number;
  }) {
    const res = await this.request.put('/_roomdeck/faults', {
      data: { ...faults, latencyMs: faults.latencyMs ?? 0, match: faults.match ?? null },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  /**
   * The public connection info of a room (what a game client asks before connecting). Careful: for a suspended
   * room this reschedules it, as on Hathora.
   */
  async connectionInfo(roomId: string) {
    const res = await this.request.get(`/api/rooms/v2/${this.appId}/connectioninfo/${encodeURIComponent(roomId)}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as {
      status: 'starting' | 'active';
      exposedPort?: { host: string; port: number; transportType: string; name: string } | null;
      additionalExposedPorts: { host: string; port: number; transportType: string; name: string }[];
    };
  }

  /** The room, or null when the API has no room with that id (404). */
  async findRoom(roomId: string) {
    const res = await this.request.get(`/api/rooms/v2/${this.appId}/info/${encodeURIComponent(roomId)}`);
    if (res.status() === 404) return null;
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as { roomId: string; status: string; roomConfig: string | null };
  }

  async runningProcesses() {
    const res = await this.request.get(`/api/processes/v1/${this.appId}/list/running`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as { processId: string; region: string }[];
  }
}

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export async function expectNoA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html.slice(0, 160)).join(', ')})`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

export const test = base.extend<{ api: LocalApi; failOnPageErrors: undefined }>({
  api: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({
      baseURL: E2E_BASE_URL,
      extraHTTPHeaders: { Authorization: `Bearer ${E2E_TOKEN}` },
    });
    const api = new LocalApi(request);
    await use(api);
    await api.setFaults({ rate: 0, latencyMs: 0, match: null });
    await request.dispose();
  },
  // Any uncaught exception in the page fails the test: a crash is never an acceptable outcome.
  failOnPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await use(undefined);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { E2E_APP_ID, E2E_TOKEN, expect };
