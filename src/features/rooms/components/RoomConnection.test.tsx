import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { PORT_BIND_DEADLINE_MS } from '../connectionInfo';
import { RoomConnection, type RoomConnectionProps } from './RoomConnection';

function renderStarting(extra: Partial<RoomConnectionProps>) {
  const props: RoomConnectionProps = {
    roomStatus: 'scheduling',
    info: { roomId: 'stuck-1', status: 'starting', additionalExposedPorts: [] },
    handOff: '',
    checkedAt: Date.now(),
    error: null,
    onRetry: () => {},
    waiting: true,
    stopped: false,
    waitedMs: PORT_BIND_DEADLINE_MS + 5_000,
    onStopWaiting: () => {},
    onKeepWaiting: () => {},
    ...extra,
  };
  renderWithProviders(<RoomConnection {...props} />);
}

describe('RoomConnection: a room still starting after 100 s', () => {
  it('blames a process that never started', () => {
    renderStarting({ processStarted: false });
    expect(screen.getByText(/Still not active after 100 s/)).toBeInTheDocument();
    expect(screen.getByText(/process has most likely failed to start/)).toBeInTheDocument();
  });

  it('does not blame a process that is running', () => {
    renderStarting({ processStarted: true });
    expect(screen.getByText(/Still not active after 100 s/)).toBeInTheDocument();
    expect(screen.getByText(/The room's process is running, but the room has not turned active/)).toBeInTheDocument();
    expect(screen.queryByText(/failed to start/)).not.toBeInTheDocument();
  });

  it('says nothing of the kind before 100 s', () => {
    renderStarting({ processStarted: true, waitedMs: 20_000 });
    expect(screen.queryByText(/Still not active/)).not.toBeInTheDocument();
  });
});

describe('RoomConnection: an active room', () => {
  function renderActive(host: string, share?: RoomConnectionProps['share']) {
    const props: RoomConnectionProps = {
      roomStatus: 'active',
      info: {
        roomId: 'r1',
        status: 'active',
        exposedPort: { name: 'default', host, port: 20001, transportType: 'tcp' },
        additionalExposedPorts: [],
      },
      handOff: 'text',
      checkedAt: Date.now(),
      error: null,
      onRetry: () => {},
      waiting: false,
      stopped: false,
      waitedMs: 0,
      onStopWaiting: () => {},
      onKeepWaiting: () => {},
      ...(share ? { share } : {}),
    };
    return renderWithProviders(<RoomConnection {...props} />);
  }

  it('says a simulated address has nothing behind it', () => {
    renderActive('chicago.rooms.roomdeck.local');
    expect(screen.getByText(/This is a simulated address \(ROOMDECK_RUNTIME=simulated\)/)).toBeVisible();
  });

  it('says nothing of the kind for a real address', () => {
    renderActive('192.168.1.20');
    expect(screen.queryByText(/simulated address/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Show QR' })).toBeNull();
  });

  it('offers the join link and its QR when given the room to share', async () => {
    const { user } = renderActive('192.168.1.20', { appId: 'app-1', roomId: 'r1', apiBaseUrl: '/api' });
    await user.click(screen.getByRole('button', { name: 'Show QR' }));
    expect(screen.getByTestId('join-qr')).toHaveAttribute('data-qr-value', `${window.location.origin}/join/app-1/r1`);
  });
});
