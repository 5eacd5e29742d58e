import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { ProcessV3 } from '../processV3Queries';
import { ProcessTimeline } from './ProcessTimeline';

const base: ProcessV3 = {
  processId: 'proc-1',
  appId: 'app-1',
  deploymentId: '1',
  region: 'Tokyo',
  status: 'running',
  roomsAllocated: 0,
  roomsPerProcess: 4,
  exposedPort: null,
  additionalExposedPorts: [],
  createdAt: '2026-12-02T10:00:00.000Z',
  scheduledAt: '2026-12-02T10:00:00.000Z',
  bootedAt: '2026-12-02T10:00:01.000Z',
  startedAt: '2026-12-02T10:00:03.000Z',
  stoppingAt: null,
  terminatedAt: null,
};
const now = Date.parse('2026-12-02T11:00:00.000Z');

const items = () =>
  within(screen.getByLabelText('Status history'))
    .getAllByText(/^(Created|Booted|Started|Stopping|Terminated|Failed)$/)
    .map((el) => el.textContent);

describe('ProcessTimeline', () => {
  it('shows every step of a stopped process with its times and the exit reason', () => {
    renderWithProviders(
      <ProcessTimeline
        now={now}
        process={{
          ...base,
          status: 'stopped',
          stoppingAt: '2026-12-02T10:30:00.000Z',
          terminatedAt: '2026-12-02T10:30:02.000Z',
          summaryExitReason: 'Stopped by StopProcess (exit code 0)',
        }}
      />,
    );
    expect(items()).toEqual(['Created', 'Booted', 'Started', 'Stopping', 'Terminated']);
    expect(screen.getByText('Stopped by StopProcess (exit code 0)')).toBeInTheDocument();
    expect(screen.getByText(/2 s after stopping/)).toBeInTheDocument();
    expect(screen.getByText('(30 minutes ago, 2 s after stopping)')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('marks a failed process, with its reason, and says it never bound its port', () => {
    renderWithProviders(
      <ProcessTimeline
        now={now}
        process={{
          ...base,
          status: 'failed',
          startedAt: null,
          terminatedAt: '2026-12-02T10:00:05.000Z',
          summaryExitReason: 'Exited with code 1',
        }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('This process failed');
    expect(screen.getByRole('alert')).toHaveTextContent('Exited with code 1');
    // It exited by itself: no stopping step.
    expect(items()).toEqual(['Created', 'Booted', 'Started', 'Failed']);
    expect(screen.getByText('Never bound its port')).toBeInTheDocument();
  });

  it('says which steps a live process has not reached yet', () => {
    renderWithProviders(<ProcessTimeline now={now} process={{ ...base, status: 'starting', startedAt: null }} />);
    expect(items()).toEqual(['Created', 'Booted', 'Started', 'Stopping', 'Terminated']);
    expect(screen.getByText('Not yet: waiting for the game to bind its port')).toBeInTheDocument();
  });
});
