import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { contract } from './test/contract.ts';
import { type CallOptions, startServer, type TestServer, waitFor } from './test/harness.ts';

/**
 * The contract test: every operation of openapi.yaml is called so that it answers every status the document
 * lists for it, and every response is validated against the document's schema for that status (the harness does
 * that for every call). Drift in either direction fails: an undocumented status, a missing or extra field, a
 * wrong type or format, or a documented status the server cannot produce.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

type Variant = 'ok' | 'badInput' | 'noToken' | 'unknownApp' | 'tooLarge' | 'notJson' | 'wrongToken' | 'suspended';

interface Call {
  method: string;
  path: (appId: string, id: string) => string;
  json?: unknown;
  /** A valid id for the path (room or process); the 400 variant uses an invalid one. */
  id: (variant: Variant) => Promise<string> | string;
  /** The variant that provokes a status, where it differs from VARIANT_FOR_STATUS. */
  variants?: Record<string, Variant>;
}

const BAD_ID = 'not.valid';
let counter = 0;
const freshRoom = async () => {
  const { roomId } = (
    await server.post(`${server.rooms('create')}?roomId=contract-${++counter}`, {
      json: { region: 'Seattle' },
    })
  ).body;
  return roomId as string;
};

const v3 = (app: string) => `/api/processes/v3/apps/${app}/processes`;
const freshProcess = async () => (await server.post(`${v3(server.appId)}/regions/Sydney`)).body.processId as string;

const CALLS: Record<string, Call> = {
  CreateRoom: {
    method: 'POST',
    path: (app) => `/api/rooms/v2/${app}/create`,
    json: { region: 'Frankfurt', roomConfig: '{}' },
    id: () => '',
  },
  GetRoomInfo: {
    method: 'GET',
    path: (app, id) => `/api/rooms/v2/${app}/info/${id}`,
    id: () => DEMO.rooms.rankedHistory,
  },
  GetActiveRoomsForProcess: {
    method: 'GET',
    path: (app, id) => `/api/rooms/v2/${app}/list/${id}/active`,
    id: () => DEMO.processes.frankfurt,
  },
  GetInactiveRoomsForProcess: {
    method: 'GET',
    path: (app, id) => `/api/rooms/v2/${app}/list/${id}/inactive`,
    id: () => DEMO.processes.seattle,
  },
  DestroyRoom: { method: 'POST', path: (app, id) => `/api/rooms/v2/${app}/destroy/${id}`, id: freshRoom },
  SuspendRoom: { method: 'POST', path: (app, id) => `/api/rooms/v2/${app}/suspend/${id}`, id: freshRoom },
  ResumeRoom: { method: 'POST', path: (app, id) => `/api/rooms/v2/${app}/resume/${id}`, id: freshRoom },
  GetConnectionInfo: {
    method: 'GET',
    path: (app, id) => `/api/rooms/v2/${app}/connectioninfo/${id}`,
    // Public, but a suspended room is resumed only with the dev token: without one 409, with a wrong one 401.
    id: async (variant) => {
      if (variant !== 'wrongToken' && variant !== 'suspended') return DEMO.rooms.duelSea;
      const roomId = await freshRoom();
      await server.post(server.rooms('suspend', roomId));
      return roomId;
    },
    variants: { '401': 'wrongToken', '409': 'suspended' },
  },
  UpdateRoomConfig: {
    method: 'POST',
    path: (app, id) => `/api/rooms/v2/${app}/update/${id}`,
    json: { roomConfig: '{"updated":true}' },
    id: () => DEMO.rooms.coopTokyo,
  },
  GetRunningProcesses: { method: 'GET', path: (app) => `/api/processes/v1/${app}/list/running`, id: () => '' },
  GetStoppedProcesses: { method: 'GET', path: (app) => `/api/processes/v1/${app}/list/stopped`, id: () => '' },
  GetProcessInfo: {
    method: 'GET',
    path: (app, id) => `/api/processes/v1/${app}/info/${id}`,
    id: () => DEMO.processes.tokyo,
  },
  GetLatestProcesses: { method: 'GET', path: (app) => `${v3(app)}/latest`, id: () => '' },
  GetProcessesCountExperimental: { method: 'GET', path: (app) => `${v3(app)}/count`, id: () => '' },
  CreateProcess: {
    method: 'POST',
    path: (app, region) => `${v3(app)}/regions/${region}`,
    id: (variant) => (variant === 'badInput' ? 'Atlantis' : 'Sydney'),
  },
  GetProcess: { method: 'GET', path: (app, id) => `${v3(app)}/${id}`, id: () => DEMO.processes.tokyo },
  StopProcess: { method: 'POST', path: (app, id) => `${v3(app)}/${id}/stop`, id: freshProcess },
  GetProcessMetrics: {
    method: 'GET',
    path: (app, id) => `${v3(app)}/process/${id}/metrics`,
    id: () => DEMO.processes.tokyo,
  },
  GetLogsForProcess: {
    method: 'GET',
    path: (app, id) => `/api/logs/v1/${app}/process/${id}?tailLines=10`,
    id: () => DEMO.processes.tokyo,
  },
  DownloadLogForProcess: {
    method: 'GET',
    path: (app, id) => `/api/logs/v1/${app}/process/${id}/download`,
    id: () => DEMO.processes.tokyo,
  },
};

async function prepare(operationId: string, variant: Variant) {
  const call = CALLS[operationId];
  if (!call) throw new Error(`no call for ${operationId}`);
  const takesId = call.path('A', 'ID').includes('ID');
  const id = variant === 'badInput' && takesId ? BAD_ID : await call.id(variant);
  let path = call.path(variant === 'unknownApp' ? 'app-unknown' : server.appId, id);
  const options: CallOptions = { json: call.json };
  if (variant === 'badInput' && !takesId) {
    if (call.json) options.json = { ...call.json, region: 'Nowhere' };
    else path += `${path.includes('?') ? '&' : '?'}region=Nowhere`;
  }
  if (variant === 'noToken' || variant === 'suspended') options.token = null;
  if (variant === 'wrongToken') options.token = 'not-the-token';
  if (variant === 'tooLarge') {
    options.json = undefined;
    options.raw = JSON.stringify({ region: 'Tokyo', roomConfig: 'x'.repeat(70_000) });
    options.contentType = 'application/json';
  }
  if (variant === 'notJson') {
    options.json = undefined;
    options.raw = 'roomConfig=1';
    options.contentType = 'text/plain';
  }
  return { method: call.method, path, options };
}

async function request(operationId: string, variant: Variant) {
  const { method, path, options } = await prepare(operationId, variant);
  return server.call(method, path, options);
}

const VARIANT_FOR_STATUS: Record<string, Variant> = {
  '400': 'badInput',
  '401': 'noToken',
  '404': 'unknownApp',
  '413': 'tooLarge',
  '415': 'notJson',
};

describe('contract: openapi.yaml', () => {
  it('the server registers every operation of the document under /api', () => {
    expect(contract.operations.map((op) => op.operationId).sort()).toEqual(Object.keys(CALLS).sort());
    for (const op of contract.operations) {
      const url = `/api${op.path.replace(/\{(\w+)\}/g, ':$1')}`;
      expect(server.roomdeck.app.hasRoute({ method: op.method as 'GET' | 'POST', url }), `${op.method} ${url}`).toBe(
        true,
      );
    }
  });

  for (const op of contract.operations) {
    it(`${op.operationId} answers every documented status with a body matching its schema`, async () => {
      for (const status of Object.keys(op.responses)) {
        if (status === '500' || status === '503') {
          // A server error can only be provoked by fault injection (applied before the handler); so can the 503
          // of a local runtime without a free port, which a simulated server never runs out of.
          const { method, path, options } = await prepare(op.operationId, 'ok');
          const fault = { rate: 1, latencyMs: 0, match: path, status: Number(status) };
          await server.call('PUT', '/_roomdeck/faults', { json: fault });
          try {
            const res = await server.call(method, path, options);
            expect(res.status).toBe(Number(status));
          } finally {
            await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 0 } });
          }
          continue;
        }
        const variant = CALLS[op.operationId]?.variants?.[status] ?? VARIANT_FOR_STATUS[status] ?? 'ok';
        const res = await request(op.operationId, variant);
        expect(res.status, `${op.operationId} ${variant}`).toBe(Number(status));
      }
      expect([...(contract.seen.get(op.operationId) ?? [])].sort()).toEqual(
        Object.keys(op.responses).map(Number).sort(),
      );
    });
  }

  it('validates active rooms (exposedPort present) and starting ones (absent) alike', async () => {
    const { roomId } = (await server.post(server.rooms('create'), { json: { region: 'Johannesburg' } })).body;
    await waitFor(
      () => server.get(server.rooms('connectioninfo', roomId)),
      (r) => r.body.status === 'active',
      'the room to become active',
    );
    const { body } = await server.post(server.rooms('resume', roomId));
    expect(body.exposedPort).toBeDefined();
  });
});
