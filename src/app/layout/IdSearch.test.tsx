import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '@/config/paths';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../server/test/harness.ts';
import IdSearch from './IdSearch';
import { createPaletteBuffer, type PaletteBuffer } from './paletteBuffer';

// The search looks ids up with the real API: the local server, started in-process.
let server: TestServer;
let processId: string;
beforeAll(async () => {
  // Spotlight scrolls the selected result into view; jsdom has no layout.
  Element.prototype.scrollIntoView ??= () => {};
  server = await startServer({ ROOMDECK_ROOM_START_MS: '10' });
  const created = await server.call('POST', `${server.rooms('create')}?roomId=qa-demo-1`, {
    json: { region: 'Tokyo' },
  });
  expect(created.body.roomId).toBe('qa-demo-1');
  processId = created.body.processId;
});
afterAll(() => server.close());

function renderSearch(buffer?: PaletteBuffer) {
  return renderWithProviders(<IdSearch openRequests={1} buffer={buffer} />, {
    api: server,
    routes: [
      { path: paths.room.path, element: <p>Room page</p> },
      { path: paths.process.path, element: <p>Process page</p> },
      { path: paths.processes.path, element: <p>Processes page</p> },
    ],
  });
}

async function openInput() {
  return screen.findByRole('textbox', { name: 'Room or process id' });
}

describe('IdSearch', () => {
  it('selects the result of a looked-up id as it appears, so Enter opens it', async () => {
    const { user, router } = renderSearch();
    const input = await openInput();
    await user.click(input);
    await user.paste('qa-demo-1');
    // "Room qa-demo-1", the id highlighted (jsdom's accessible name loses the space before the highlight)
    const result = await screen.findByRole('button', { name: /^Room ?qa-demo-1/ });
    expect(result).toHaveAttribute('data-selected', 'true');

    await user.keyboard('{Enter}');
    expect(router.state.location.pathname).toBe(paths.room.getHref(server.appId, 'qa-demo-1'));
    expect(screen.getByText('Room page')).toBeInTheDocument();
  });

  it('an Enter right after the paste goes to the id once it is found, not to a page', async () => {
    const { user, router } = renderSearch();
    await user.click(await openInput());
    // The pages are listed before anything is typed; the first of them must not take the Enter.
    expect(await screen.findByRole('button', { name: /Processes/ })).toBeInTheDocument();
    await user.paste('qa-demo-1');
    await user.keyboard('{Enter}');
    await screen.findByText('Room page');
    expect(router.state.location.pathname).toBe(paths.room.getHref(server.appId, 'qa-demo-1'));
  });

  it('finds a process by the short id the tables show, in any case', async () => {
    const { user, router } = renderSearch();
    await user.click(await openInput());
    await user.paste(processId.slice(0, 8).toUpperCase());
    await user.keyboard('{Enter}');
    await screen.findByText('Process page');
    expect(router.state.location.pathname).toBe(paths.process.getHref(server.appId, processId));
  });

  it('finds the id in a pasted Roomdeck link and in a sentence', async () => {
    const { user, router } = renderSearch();
    const input = await openInput();
    await user.click(input);
    await user.paste('Room qa-demo-1 is stuck, can you look?');
    expect(await screen.findByRole('button', { name: /^Room ?qa-demo-1/ })).toBeInTheDocument();

    await user.clear(input);
    await user.paste(`https://deck.example.com/apps/${server.appId}/processes/${processId}?tab=logs`);
    await user.keyboard('{Enter}');
    await screen.findByText('Process page');
    expect(router.state.location.pathname).toBe(paths.process.getHref(server.appId, processId));
  });

  it('keeps what was typed before it could take it, and the Enter', async () => {
    // The shortcut starts the buffer; the keys come before the search is even rendered (its code is loading).
    const buffer = createPaletteBuffer();
    buffer.start();
    await userEvent.keyboard('qa-demo-1{Enter}');
    const { router } = renderSearch(buffer);
    await screen.findByText('Room page');
    expect(router.state.location.pathname).toBe(paths.room.getHref(server.appId, 'qa-demo-1'));
    buffer.stop();
  });

  it('keeps what was typed before it opened, then leaves the typing to its input', async () => {
    const buffer = createPaletteBuffer();
    buffer.start();
    await userEvent.keyboard('qa-de');
    const { user } = renderSearch(buffer);
    const input = await openInput();
    await user.click(input);
    await user.keyboard('mo-1');
    expect(input).toHaveValue('qa-demo-1');
    expect(await screen.findByRole('button', { name: /^Room ?qa-demo-1/ })).toBeInTheDocument();
  });
});
