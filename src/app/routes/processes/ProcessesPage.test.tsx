import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppScopeRoute } from '@/app/routes/AppScopeRoute';
import { renderWithProviders } from '@/test/render';
import { DEMO } from '../../../../server/seed.ts';
import { startServer, type TestServer } from '../../../../server/test/harness.ts';
import { Component as ProcessesPage } from './ProcessesPage';

// The page against the real local server (simulated runtime, demo data: 3 running processes, 1 stopped).
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function renderPage(search = '') {
  return renderWithProviders(null, {
    api: server,
    routes: [
      {
        path: '/apps/:appId',
        element: <AppScopeRoute />,
        children: [
          { path: 'processes', element: <ProcessesPage /> },
          { path: 'processes/:processId', element: <p>process page</p> },
        ],
      },
    ],
    initialEntries: [`/apps/${server.appId}/processes${search}`],
  });
}

describe('processes page', () => {
  it('lists the processes with status, counts per status and the exit reason of a stopped one', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Processes' });
    const stopped = within(table).getByRole('link', { name: DEMO.processes.stopped });
    expect(stopped).toHaveTextContent(DEMO.processes.stopped.slice(0, 8));
    const row = stopped.closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('stopped');
    const cells = within(row).getAllByRole('cell');
    // Uptime (6th) ran from start to end; exit reason (7th) as the API says it.
    expect(cells[5]).toHaveTextContent(/^ran \d/);
    expect(cells[6]).toHaveTextContent(/^Stopped/);
    // A running one has no exit reason.
    const tokyo = within(table).getByRole('link', { name: DEMO.processes.tokyo }).closest('tr') as HTMLElement;
    expect(within(tokyo).getAllByRole('cell')[6]).toHaveTextContent('—');
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'running 3' })).toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'stopped 1' })).toBeInTheDocument());
    const overview = screen.getByRole('region', { name: 'App at a glance' });
    await waitFor(() => expect(within(overview).getByText('Live processes').nextSibling).toHaveTextContent('3'));
    expect(await within(overview).findByRole('table', { name: 'Live processes by region' })).toHaveTextContent('Tokyo');
  });

  it('filters by status in the URL, and resets an empty result', async () => {
    const { user, router } = renderPage('?status=stopped');
    const table = await screen.findByRole('table', { name: 'Processes' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(screen.getByRole('checkbox', { name: /^stopped/ })).toBeChecked();

    await user.click(screen.getByRole('checkbox', { name: /^failed/ }));
    expect(router.state.location.search).toBe('?status=stopped&status=failed');

    await user.click(screen.getByRole('checkbox', { name: /^stopped/ }));
    expect(await screen.findByText('No processes match')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reset filters' }));
    expect(router.state.location.search).toBe('');
    await screen.findByRole('link', { name: DEMO.processes.tokyo });
  });

  it('shows the API message when the list fails', async () => {
    await server.call('PUT', '/_roomdeck/faults', { json: { rate: 1, latencyMs: 0, match: '/processes/latest' } });
    try {
      renderPage();
      const alert = await screen.findByRole('alert', { name: /Could not load the processes/ });
      expect(alert).toHaveTextContent(/500/);
    } finally {
      await server.call('PUT', '/_roomdeck/faults', { json: { rate: 0, latencyMs: 0, match: null } });
    }
  });
});
