import { useQuery } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApiScope } from '@/api/scope';
import { AppScopeRoute } from '@/app/routes/AppScopeRoute';
import { paths } from '@/config/paths';
import { startLocalGameServer } from '@/test/localGame';
import { renderWithProviders } from '@/test/render';
import { type TestServer, waitFor } from '../../../../server/test/harness.ts';
import { roomQueries } from '../roomQueries';
import { ReachabilityCheck } from './ReachabilityCheck';

let server: TestServer;
beforeAll(async () => {
  server = await startLocalGameServer();
});
afterAll(async () => {
  await server?.close();
});

/** What the room page wires: the disabled query, asked again by each click. */
function Check({ roomId }: { roomId: string }) {
  const q = useQuery(roomQueries.reachability(useApiScope(), roomId));
  return (
    <ReachabilityCheck
      result={q.data}
      error={q.error}
      checking={q.isFetching}
      checkedAt={q.dataUpdatedAt || undefined}
      onCheck={() => q.refetch()}
    />
  );
}

function renderCheck(roomId: string) {
  return renderWithProviders(null, {
    api: server,
    routes: [
      {
        path: '/apps/:appId',
        element: <AppScopeRoute />,
        children: [{ index: true, element: <Check roomId={roomId} /> }],
      },
    ],
    initialEntries: [paths.processes.getHref(server.appId).replace(/\/processes$/, '')],
  });
}

describe('ReachabilityCheck against the local server and a real game', () => {
  it('asks only on a click: reachable with latency, then refused once the process has stopped', async () => {
    const created = await server.post(server.rooms('create'), { json: { region: 'Tokyo' } });
    const { roomId } = created.body;
    const info = await server.get(server.rooms('info', roomId));
    const processId: string = info.body.currentAllocation.processId;
    const process = `/api/processes/v3/apps/${server.appId}/processes/${processId}`;
    await waitFor(
      () => server.get(process),
      (r) => r.body.status === 'running',
      'the process to run',
    );

    const { user, queryClient } = renderCheck(roomId);
    const check = await screen.findByRole('button', { name: 'Check from the server' });
    // Nothing is tried before the click: the query is there, but has never fetched.
    const checks = () => queryClient.getQueryCache().findAll({ predicate: (q) => q.queryKey.includes('reachability') });
    expect(checks().map((q) => [q.state.dataUpdateCount, q.state.fetchStatus])).toEqual([[0, 'idle']]);

    await user.click(check);
    const reachable = await screen.findByRole('status', { name: /^Reachable in [\d.]+ ms$/ });
    expect(reachable).toHaveTextContent(/Connected to 127\.0\.0\.1:\d+ in [\d.]+ ms from the Roomdeck server/);

    expect((await server.post(`${process}/stop`)).status).toBeLessThan(300);
    // (How the test game ended does not matter here, only that it is gone.)
    await waitFor(
      () => server.get(process),
      (r) => ['stopped', 'failed'].includes(r.body.status),
      'the process to end',
    );
    await user.click(screen.getByRole('button', { name: 'Check again' }));
    expect(await screen.findByRole('status', { name: 'Connection refused' })).toHaveTextContent(
      /refused the connection: nothing listens there/,
    );
    expect(screen.queryByRole('status', { name: /^Reachable/ })).toBeNull();
    expect(checks()[0]?.state.dataUpdateCount).toBe(2);
  });
});
