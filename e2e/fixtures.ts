import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, test as base, expect, type Page } from '@playwright/test';
import { createRequestContextApiClient, type Schemas, type TestApiClient } from './api';
import { E2E_APP_ID, E2E_BASE_URL, E2E_TOKEN } from './env';

export type Region = Schemas['Region'];

/** The status and error body of an answer (openapi-fetch has read the body), for assertion messages. */
function said({ response, error }: { response: Response; error?: unknown }) {
  return `${response.status} ${error === undefined ? '' : JSON.stringify(error)}`;
}

/**
 * Talks to the e2e local server directly (with the token), to arrange rooms and faults for a test. The API calls go
 * through the typed client of e2e/api.ts; only the fault switch (not part of the Hathora API) uses `request`.
 */
export class LocalApi {
  readonly appId = E2E_APP_ID;
  /** The typed API client over `request` (its base URL and token). */
  readonly client: TestApiClient;
  constructor(private readonly request: APIRequestContext) {
    this.client = createRequestContextApiClient(request);
  }

  private room$(roomId: string) {
    return { params: { path: { appId: this.appId, roomId } } };
  }

  async createRoom(opts: { region?: Region; roomConfig?: string; roomId?: string } = {}) {
    const answer = await this.client.POST('/rooms/v2/{appId}/create', {
      params: { path: { appId: this.appId }, query: opts.roomId ? { roomId: opts.roomId } : {} },
      body: {
        region: opts.region ?? 'Seattle',
        ...(opts.roomConfig !== undefined ? { roomConfig: opts.roomConfig } : {}),
      },
    });
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(201);
    if (!data) throw new Error('CreateRoom answered 201 without a body');
    return data;
  }

  async room(roomId: string) {
    const answer = await this.client.GET('/rooms/v2/{appId}/info/{roomId}', this.room$(roomId));
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(200);
    if (!data) throw new Error('GetRoomInfo answered 200 without a body');
    return data;
  }

  async waitActive(roomId: string) {
    await expect.poll(async () => (await this.room(roomId)).status, { timeout: 15_000 }).toBe('active');
  }

  /** A room action: `suspend/<roomId>`, `destroy/<roomId>` or `resume/<roomId>`. */
  async post(path: `${'suspend' | 'destroy' | 'resume'}/${string}`) {
    const slash = path.indexOf('/');
    const action = path.slice(0, slash) as 'suspend' | 'destroy' | 'resume';
    const roomId = decodeURIComponent(path.slice(slash + 1));
    const answer = await this.client.POST(`/rooms/v2/{appId}/${action}/{roomId}`, this.room$(roomId));
    const { response } = answer;
    expect(response.status, said(answer)).toBeLessThan(300);
  }

  async activeRooms(processId: string) {
    const answer = await this.client.GET('/rooms/v2/{appId}/list/{processId}/active', {
      params: { path: { appId: this.appId, processId } },
    });
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(200);
    return data ?? [];
  }

  async updateRoomConfig(roomId: string, roomConfig: string) {
    const answer = await this.client.POST('/rooms/v2/{appId}/update/{roomId}', {
      ...this.room$(roomId),
      body: { roomConfig },
    });
    const { response } = answer;
    expect(response.status, said(answer)).toBe(204);
  }

  async process(processId: string) {
    const answer = await this.client.GET('/processes/v1/{appId}/info/{processId}', {
      params: { path: { appId: this.appId, processId } },
    });
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(200);
    if (!data) throw new Error('GetProcessInfo answered 200 without a body');
    return data;
  }

  /** ProcessesV3 GetProcess: its status and exit reason. */
  async processV3(processId: string) {
    const answer = await this.client.GET('/processes/v3/apps/{appId}/processes/{processId}', {
      params: { path: { appId: this.appId, processId } },
    });
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(200);
    if (!data) throw new Error('GetProcess answered 200 without a body');
    return data;
  }

  /** ProcessesV3 StopProcess: its rooms are destroyed. */
  async stopProcess(processId: string) {
    const answer = await this.client.POST('/processes/v3/apps/{appId}/processes/{processId}/stop', {
      params: { path: { appId: this.appId, processId } },
    });
    expect(answer.response.status, said(answer)).toBeLessThan(300);
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
    const answer = await this.client.GET('/rooms/v2/{appId}/connectioninfo/{roomId}', this.room$(roomId));
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(200);
    if (!data) throw new Error('GetConnectionInfo answered 200 without a body');
    return data;
  }

  /** The room, or null when the API has no room with that id (404). */
  async findRoom(roomId: string) {
    const answer = await this.client.GET('/rooms/v2/{appId}/info/{roomId}', this.room$(roomId));
    const { data, response } = answer;
    if (response.status === 404) return null;
    expect(response.status, said(answer)).toBe(200);
    return data ?? null;
  }

  async runningProcesses() {
    const answer = await this.client.GET('/processes/v1/{appId}/list/running', {
      params: { path: { appId: this.appId } },
    });
    const { data, response } = answer;
    expect(response.status, said(answer)).toBe(200);
    return data ?? [];
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

/** Any uncaught exception in the page fails the test: a crash is never an acceptable outcome. Shared by suites. */
export const failOnPageErrors: [
  (args: { page: Page }, use: (value: undefined) => Promise<void>) => Promise<void>,
  { auto: true },
] = [
  async ({ page }: { page: Page }, use: (value: undefined) => Promise<void>) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(undefined);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
  { auto: true },
];

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
  failOnPageErrors,
});

export { E2E_APP_ID, E2E_TOKEN, expect };
