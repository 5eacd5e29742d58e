// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scopeFor } from '@/features/connections/ConnectionsProvider';
import { connectionForApp, createConnectionStore } from '@/features/connections/connectionStore';
import { processKeys } from '@/features/processes/processQueries';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { prefetchProcesses, readProcessesParams } from './processesRoute';

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
  it('reads the tab and region of the URL, ignoring unknown values', () => {
    expect(readProcessesParams(new URLSearchParams('tab=stopped&region=Tokyo'))).toEqual({
      target: 'stopped',
      region: 'Tokyo',
    });
    expect(readProcessesParams(new URLSearchParams('tab=nope&region=Atlantis'))).toEqual({
      target: 'running',
      region: undefined,
    });
  });

  it('starts the request of the list the URL shows without waiting for it', async () => {
    const { connections, queryClient, load } = setup();
    const connection = connectionForApp(connections.getState(), server.appId);
    if (!connection) throw new Error('no connection for the app');
    const scope = scopeFor(connection);

    expect(load(`/apps/${server.appId}/processes?region=Tokyo`)).toBeNull();
    const running = processKeys.list(scope, 'running', 'Tokyo');
    expect(queryClient.getQueryState(running)?.fetchStatus).toBe('fetching');
    await vi.waitFor(() =>
      expect(queryClient.getQueryData(running)).toContainEqual(expect.objectContaining({ processId, region: 'Tokyo' })),
    );

    load(`/apps/${server.appId}/processes?tab=stopped`);
    await vi.waitFor(() =>
      expect(queryClient.getQueryData(processKeys.list(scope, 'stopped', undefined))).toBeDefined(),
    );
  });

  it('asks nothing for an app no connection is for (the page says so)', () => {
    const { queryClient, load } = setup();
    expect(load('/apps/app-someone-else/processes')).toBeNull();
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });
});
