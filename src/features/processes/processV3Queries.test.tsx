import { screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiScope, appKey, useApiScope } from '@/api/scope';
import { AppScopeRoute } from '@/app/routes/AppScopeRoute';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../server/test/harness.ts';
import {
  processV3Keys,
  useCreateProcess,
  useLatestProcesses,
  useProcessCount,
  useProcessV3,
  useStopProcess,
} from './processV3Queries';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function renderInScope(ui: React.ReactElement) {
  return renderWithProviders(null, {
    api: server,
    routes: [{ path: '/apps/:appId', element: <AppScopeRoute />, children: [{ index: true, element: ui }] }],
    initialEntries: [`/apps/${server.appId}`],
  });
}

function LatestList() {
  const latest = useLatestProcesses({ region: ['Dubai'] });
  const count = useProcessCount({ region: ['Dubai'] });
  const create = useCreateProcess();
  const ids = latest.data?.pages.flat().map((p) => p.processId) ?? [];
  return (
    <div>
      <p>count {count.data ?? '?'}</p>
      <p>shown {ids.length}</p>
      <p>distinct {new Set(ids).size}</p>
      <button type="button" onClick={() => latest.fetchNextPage()} disabled={!latest.hasNextPage}>
        Older
      </button>
      <button type="button" onClick={() => create.mutate('Dubai')}>
        Start one
      </button>
    </div>
  );
}

function ScopeSpy({ onScope }: { onScope: (scope: ApiScope) => void }) {
  onScope(useApiScope());
  return null;
}

function StopProbe({ processId }: { processId: string }) {
  const process = useProcessV3(processId);
  const stop = useStopProcess();
  return (
    <div>
      <p>status {process.data?.status ?? '?'}</p>
      <button type="button" onClick={() => stop.mutate(processId)}>
        Stop
      </button>
    </div>
  );
}

describe('processV3 queries', () => {
  it('pages through every process with `before`, and a started process updates list and count', async () => {
    for (let i = 0; i < 12; i++) {
      expect((await server.post(`/api/processes/v3/apps/${server.appId}/processes/regions/Dubai`)).status).toBe(201);
    }
    const { user } = renderInScope(<LatestList />);
    expect(await screen.findByText('shown 10')).toBeInTheDocument();
    expect(await screen.findByText('count 12')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('shown 12')).toBeInTheDocument();
    expect(screen.getByText('distinct 12')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Start one' }));
    expect(await screen.findByText('count 13')).toBeInTheDocument();
  });

  it('stop invalidates that process and the lists, never connection info', async () => {
    const created = await server.post(server.rooms('create'), { json: { region: 'Chicago' } });
    const roomId: string = created.body.roomId;
    const processId: string = (await server.get(server.rooms('info', roomId))).body.currentAllocation.processId;
    let scopeSeen: ApiScope | undefined;
    const { user, queryClient } = renderInScope(
      <>
        <ScopeSpy onScope={(s) => (scopeSeen = s)} />
        <StopProbe processId={processId} />
      </>,
    );
    await waitFor(() => expect(scopeSeen).toBeDefined());
    const scope = scopeSeen as NonNullable<typeof scopeSeen>;
    // Any other query of the app (connection info among them) must stay as it is.
    const otherKey = [...appKey(scope), 'rooms', 'connection-info', roomId];
    queryClient.setQueryData(otherKey, { roomId, status: 'active' });
    queryClient.setQueryData(processV3Keys.count(scope, {}), 1);
    await screen.findByText(/^status (starting|running)$/);

    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByText(/^status (stopping|stopped)$/)).toBeInTheDocument();
    expect(queryClient.getQueryState(processV3Keys.count(scope, {}))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(otherKey)?.isInvalidated).toBe(false);
    const invalidated = queryClient
      .getQueryCache()
      .findAll({ predicate: (q) => q.state.isInvalidated })
      .map((q) => JSON.stringify(q.queryKey));
    const allowed = [processV3Keys.detail(scope, processId), processV3Keys.lists(scope)].map((k) =>
      JSON.stringify(k).slice(0, -1),
    );
    expect(invalidated.every((key) => allowed.some((prefix) => key.startsWith(prefix)))).toBe(true);
  });
});
