import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from './seed.ts';
import { startServer, type TestServer } from './test/harness.ts';

/** ProcessesV3, metrics and LogsV1 on the simulated runtime: query parameters, validation and the V1 view. */
let server: TestServer;
const v3 = () => `/api/processes/v3/apps/${server.appId}/processes`;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('ProcessesV3 query parameters', () => {
  it('takes one status or several (repeated keys), and counts the same set', async () => {
    const one = await server.get(`${v3()}/latest?status=stopped`);
    expect(one.status).toBe(200);
    expect(one.body.map((p: { processId: string }) => p.processId)).toEqual([DEMO.processes.stopped]);
    const both = await server.get(`${v3()}/latest?status=stopped&status=running`);
    expect(both.body).toHaveLength(4);
    expect((await server.get(`${v3()}/count?status=stopped&status=running`)).body).toEqual({ count: 4 });
    expect((await server.get(`${v3()}/count?region=Frankfurt`)).body).toEqual({ count: 2 });
  });

  it.each([
    ['status=bogus', 'status'],
    ['region=Atlantis', 'region'],
    ['before=yesterday', 'before'],
    ['before=-5', 'before'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const res = await server.get(`${v3()}/latest?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('refuses metrics ranges that make no sense, naming the parameters', async () => {
    const metrics = `${v3()}/process/${DEMO.processes.tokyo}/metrics`;
    const backwards = await server.get(`${metrics}?start=2000&end=1000`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toContain('start (2000) must not be after end (1000)');
    const tooMany = await server.get(`${metrics}?start=0&end=1000000&step=1`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('10,000 points');
    expect((await server.get(`${metrics}?metrics=disk`)).status).toBe(400);
    expect((await server.get(`${metrics}?metrics=cpu`)).body).toEqual({ cpu: [] });
    expect((await server.get(`${metrics}?metrics=rateEgress`)).body).toEqual({});
  });

  it('refuses log parameters out of range', async () => {
    const logs = `/api/logs/v1/${server.appId}/process/${DEMO.processes.tokyo}`;
    for (const query of ['tailLines=0', 'tailLines=5001', 'tailLines=ten', 'follow=maybe']) {
      const res = await server.get(`${logs}?${query}`);
      expect(res.status, query).toBe(400);
    }
    expect((await server.get(`/api/logs/v1/${server.appId}/process/no-such-process`)).status).toBe(404);
  });

  it('StopProcess is idempotent, and a stopped process is stopped in V1 too', async () => {
    const { processId } = (await server.post(`${v3()}/regions/Dubai`)).body;
    expect((await server.post(`${v3()}/${processId}/stop`)).status).toBe(204);
    expect((await server.post(`${v3()}/${processId}/stop`)).status).toBe(204);
    const v1 = await server.get(`/api/processes/v1/${server.appId}/info/${processId}`);
    expect(v1.body).toMatchObject({ draining: true, roomsAllocated: 0 });
    expect(v1.body.terminatedAt).not.toBeNull();
    expect((await server.post(`${v3()}/no-such-process/stop`)).status).toBe(404);
  });
});

describe('ProcessesV3 paging', () => {
  it('pages through processes created in the same millisecond without skipping or repeating one', async () => {
    // A stopped clock: every process is created "at once", as in a burst of creates.
    const frozen = await startServer({ ROOMDECK_SEED: '0' }, { now: () => Date.parse('2026-12-02T12:00:00Z') });
    try {
      const path = `/api/processes/v3/apps/${frozen.appId}/processes`;
      const created: string[] = [];
      for (let i = 0; i < 25; i++) created.push((await frozen.post(`${path}/regions/Johannesburg`)).body.processId);
      const seen: string[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await frozen.get(`${path}/latest${before === undefined ? '' : `?before=${before}`}`);
        if (page.body.length === 0) break;
        seen.push(...page.body.map((p: { processId: string }) => p.processId));
        before = Date.parse(page.body.at(-1).createdAt);
      }
      expect(seen.sort()).toEqual([...created].sort());
    } finally {
      await frozen.close();
    }
  });
});
