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
