import { screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppScopeRoute } from '@/app/routes/AppScopeRoute';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { MetricsCharts } from './MetricsCharts';

// The simulated runtime keeps no samples: the charts' empty state. (jsdom has no canvas, so uPlot's drawing is
// left to e2e and the bench; metricsChartData.test.ts covers the data the charts get.)
let server: TestServer;
let processId: string;
beforeAll(async () => {
  server = await startServer();
  const created = await server.post(server.rooms('create'), { json: { region: 'Tokyo' } });
  processId = (await server.get(server.rooms('info', created.body.roomId))).body.currentAllocation.processId;
});
afterAll(() => server.close());

function renderCharts(id: string) {
  return renderWithProviders(null, {
    api: server,
    routes: [
      {
        path: '/apps/:appId',
        element: <AppScopeRoute />,
        children: [{ index: true, element: <MetricsCharts processId={id} /> }],
      },
    ],
    initialEntries: [`/apps/${server.appId}`],
  });
}

describe('MetricsCharts', () => {
  it('says when a process has no samples yet, and asks for the range chosen', async () => {
    const asked = server.recordRequests('/metrics');
    const { user } = renderCharts(processId);
    expect(await screen.findByText('No samples yet')).toBeInTheDocument();
    expect(screen.getByText(/samples a running process every 10 s/)).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: '24 h' }));
    await expect.poll(() => asked.at(-1)).toMatch(/step=288\b/);
    const last = new URL(asked.at(-1) ?? '', server.base).searchParams;
    expect(Number(last.get('end')) - Number(last.get('start'))).toBe(86400);
    expect(last.getAll('metrics')).toEqual(['cpu', 'memory', 'activeConnections']);
  });

  it('shows the API message for a process it does not know', async () => {
    renderCharts('no-such-process');
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the metrics');
    expect(screen.getByRole('alert')).toHaveTextContent(/no-such-process/);
  });
});
