import { screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '@/config/paths';
import { renderWithProviders } from '@/test/render';
import { startServer, type TestServer } from '../../../server/test/harness.ts';
import IdSearch from './IdSearch';

// The search looks ids up with the real API: the local server, started in-process.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ ROOMDECK_ROOM_START_MS: '10' });
  const created = await server.call('POST', `${server.rooms('create')}?roomId=qa-demo-1`, {
    json: { region: 'Tokyo' },
  });
  expect(created.body.roomId).toBe('qa-demo-1');
});
afterAll(() => server.close());

function renderSearch() {
  return renderWithProviders(<IdSearch openRequests={1} />, {
    api: server,
    routes: [{ path: paths.room.path, element: <p>Room page</p> }],
  });
}

describe('IdSearch', () => {
  it('selects the result of a looked-up id as it appears, so Enter opens it', async () => {
    const { user, router } = renderSearch();
    const input = await screen.findByRole('textbox', { name: 'Room or process id' });
    await user.click(input);
    await user.paste('qa-demo-1');
    // "Room qa-demo-1", the id highlighted (jsdom's accessible name loses the space before the highlight)
    const result = await screen.findByRole('button', { name: /^Room ?qa-demo-1/ });
    expect(result).toHaveAttribute('data-selected', 'true');

    await user.keyboard('{Enter}');
    expect(router.state.location.pathname).toBe(paths.room.getHref(server.appId, 'qa-demo-1'));
    expect(screen.getByText('Room page')).toBeInTheDocument();
  });
});
