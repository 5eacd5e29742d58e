// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scopeFor } from '@/features/connections/ConnectionsProvider';
import { connectionForApp, createConnectionStore } from '@/features/connections/connectionStore';
import { processV3Keys } from '@/features/processes/processV3Queries';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { prefetchProcesses, readProcessesParams, writeProcessesParams } from './processesRoute';

// The loader against the real local server, started in-process.
let server: TestServer;
let processId: string;
beforeAll(async () => {
  server = await startServer();
  processId = (await server.call('POST', server.rooms('create'), { json: { region: 'Tokyo' } })).body.processId;
});
afterAll(() => server.close());

function setup() {
  const connections = createConnectionStore({
    apiBaseUrl: `${server.base}/api`,
    appId: server.appId,
    token: server.token,
    mode: 'local',
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const loader = prefetchProcesses(queryClient, connections);
  const load = (path: string) =>
    loader({ params: { appId: path.split('/')[2] }, request: new Request(`http://roomdeck.test${path}`) });
  return { connections, queryClient, load };
}

describe('processes route', () => {
  it('reads repeated statuses and regions of the URL, ignoring unknown values', () => {
    expect(
      readProcessesParams(new URLSearchParams('status=failed&status=running&region=Tokyo&region=Atlantis')),
    ).toEqual({ status: ['running', 'failed'], region: ['Tokyo'] });
    expect(readProcessesParams(new URLSearchParams('status=nope'))).toEqual({ status: [], region: [] });
    // The old ProcessesV1 tab link opens the ended processes.
    expect(readProcessesParams(new URLSearchParams('tab=stopped')).status).toEqual(['stopped', 'failed']);
  });

  it('writes the filters back as repeated keys, keeping other parameters', () => {
    const next = writeProcessesParams(new URLSearchParams('c=2&tab=stopped&status=running'), {
      status: ['stopped', 'failed'],
      region: ['Sydney'],
    });
    expect(next.toString()).toBe('c=2&status=stopped&status=failed&region=Sydney');
  });

  it('starts the request of the list the URL shows without waiting for it', async () => {
    const { connections, queryClient, load } = setup();
    const connection = connectionForApp(connections.getState(), server.appId);
    if (!connection) throw new Error('no connection for the app');
    const scope = scopeFor(connection);

    expect(load(`/apps/${server.appId}/processes?region=Tokyo`)).toBeNull();
    const tokyo = processV3Keys.latest(scope, { region: ['Tokyo'] });
    expect(queryClient.getQueryState(tokyo)?.fetchStatus).toBe('fetching');
    await vi.waitFor(() =>
      expect(queryClient.getQueryData<{ pages: unknown[][] }>(tokyo)?.pages[0]).toContainEqual(
        expect.objectContaining({ processId, region: 'Tokyo' }),
      ),
    );

    load(`/apps/${server.appId}/processes?status=stopped`);
    await vi.waitFor(() =>
      expect(queryClient.getQueryData(processV3Keys.latest(scope, { status: ['stopped'] }))).toBeDefined(),
    );
  });

  it('asks nothing for an app no connection is for (the page says so)', () => {
    const { queryClient, load } = setup();
    expect(load('/apps/app-someone-else/processes')).toBeNull();
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });
});
