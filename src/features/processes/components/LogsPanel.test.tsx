import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppScopeRoute } from '@/app/routes/AppScopeRoute';
import { paths } from '@/config/paths';
import { startGameProcess, startLocalGameServer } from '@/test/localGame';
import { renderWithProviders } from '@/test/render';
import { type TestServer, waitFor as waitUntil } from '../../../../server/test/harness.ts';
import { LogsPanel, type LogsPanelProps } from './LogsPanel';

let server: TestServer;

// jsdom lays nothing out: give the log's scrolling box a height, so the virtualizer shows a page of lines.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
beforeAll(async () => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('role') === 'log' ? 4000 : 0;
    },
  });
  // The game's first line has ANSI colours and markup, which must show as text.
  server = await startLocalGameServer({ GAME_SAY: '\u001b[31mred\u001b[0m <b>not bold</b>' });
});
afterAll(async () => {
  await server?.close();
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
  else delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
});

const startProcess = () => startGameProcess(server);

function renderPanel(props: LogsPanelProps) {
  return renderWithProviders(null, {
    api: server,
    routes: [
      {
        path: '/apps/:appId',
        element: <AppScopeRoute />,
        children: [{ index: true, element: <LogsPanel {...props} /> }],
      },
    ],
    initialEntries: [paths.processes.getHref(server.appId).replace(/\/processes$/, '')],
  });
}

const log = () => screen.getByRole('log');
const lastTick = () => {
  const ticks = within(log())
    .queryAllByText(/^tick \d+$/)
    .map((el) => Number(el.textContent?.split(' ')[1]));
  return ticks.length ? Math.max(...ticks) : 0;
};

describe('LogsPanel', () => {
  it('shows the tail, then follows new lines; the filter narrows them; pause stops updates', async () => {
    const processId = await startProcess();
    const { user } = renderPanel({ processId });
    expect(await within(await screen.findByRole('log')).findByText(/^listening on \d+$/)).toBeInTheDocument();
    await screen.findByText('Following live.');
    // ANSI codes become styled spans, markup stays text.
    const said = within(log()).getByText(
      (_, el) => el?.getAttribute('data-index') !== null && /^says: /.test(el?.textContent ?? ''),
    );
    expect(said).toHaveTextContent(/^says: red <b>not bold<\/b>$/);
    expect(said.querySelector('b')).toBeNull();
    expect(within(said).getByText('red').tagName).toBe('SPAN');

    // A tick printed after the panel opened arrives while following.
    const first = lastTick();
    await waitFor(() => expect(lastTick()).toBeGreaterThan(first + 2));

    // The filter keeps only matching lines (case-insensitive).
    await user.type(screen.getByRole('textbox', { name: 'Filter' }), 'LISTENING');
    await waitFor(() => expect(within(log()).queryAllByText(/^tick \d+$/)).toHaveLength(0));
    expect(within(log()).getByText(/^listening on \d+$/)).toBeInTheDocument();
    expect(screen.getByText(/lines match/)).toHaveTextContent(/1 of \d+ lines match/);
    await user.clear(screen.getByRole('textbox', { name: 'Filter' }));

    // Paused: no new lines, though the game keeps printing; resumed: new lines again.
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByText(/^Paused:/)).toBeInTheDocument();
    const atPause = lastTick();
    await waitUntil(
      () => server.get(`/api/logs/v1/${server.appId}/process/${processId}?tailLines=1`),
      (r) => Number(String(r.text).match(/tick (\d+)/)?.[1] ?? 0) > atPause + 3,
      'the game to print more ticks',
    );
    expect(lastTick()).toBe(atPause);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(lastTick()).toBeGreaterThan(atPause + 3));
  });

  it('says the process ended when a followed log ends', async () => {
    const processId = await startProcess();
    renderPanel({ processId });
    await screen.findByText('Following live.');
    const stopped = await server.post(`/api/processes/v3/apps/${server.appId}/processes/${processId}/stop`);
    expect(stopped.status).toBe(204);
    expect(await screen.findByText('Process ended: no more output.', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(within(log()).getByText('got SIGTERM')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled();
  });

  it('shows the API message for a process it does not know', async () => {
    renderPanel({ processId: 'no-such-process', processEnded: true });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not read the log');
    expect(alert).toHaveTextContent(/no-such-process/);
  });
});
