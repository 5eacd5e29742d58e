import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { components } from '@/api/schema';
import { renderWithProviders } from '@/test/render';
import type { RoomAllocation } from '../roomQueries';
import { diedWithProcess, RoomProcessHealth } from './RoomProcessHealth';

const process: components['schemas']['ProcessV3'] = {
  processId: '3f2a9c1e-5b7d-4e21-9a0f-123456789abc',
  appId: 'app-1',
  deploymentId: '1',
  region: 'Tokyo',
  status: 'running',
  roomsAllocated: 1,
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
const allocation: RoomAllocation = {
  processId: process.processId,
  roomAllocationId: 'alloc-1',
  scheduledAt: '2026-12-02T10:00:02.000Z',
  unscheduledAt: null,
};
const ended = { ...allocation, unscheduledAt: '2026-12-02T10:30:00.500Z' };
const stopped = {
  ...process,
  status: 'stopped' as const,
  stoppingAt: '2026-12-02T10:30:00.000Z',
  terminatedAt: '2026-12-02T10:30:01.000Z',
  summaryExitReason: 'Exited with code 0',
};
const failed = {
  ...process,
  status: 'failed' as const,
  terminatedAt: '2026-12-02T10:30:00.000Z',
  summaryExitReason: 'Exited with code 1',
};
const now = Date.parse('2026-12-02T11:00:00.000Z');

describe('diedWithProcess', () => {
  it('is true for a failed process, and for a room destroyed when its process stopped', () => {
    expect(diedWithProcess('destroyed', ended, failed)).toBe(true);
    expect(diedWithProcess('destroyed', ended, stopped)).toBe(true);
  });
  it('is false while the process runs, and for a room that ended long before its process stopped', () => {
    expect(diedWithProcess('active', allocation, process)).toBe(false);
    expect(diedWithProcess('destroyed', { unscheduledAt: '2026-12-02T10:10:00.000Z' }, stopped)).toBe(false);
    expect(diedWithProcess('suspended', ended, stopped)).toBe(false);
    expect(diedWithProcess('destroyed', ended, undefined)).toBe(false);
  });
});

describe('RoomProcessHealth', () => {
  const props = { processHref: '/apps/app-1/processes/p', logsHref: '/apps/app-1/processes/p#logs', now };

  it('shows a running process with its uptime, and no alarm', () => {
    renderWithProviders(<RoomProcessHealth roomStatus="active" allocation={allocation} process={process} {...props} />);
    expect(screen.getByLabelText('Process status')).toHaveTextContent('running');
    expect(screen.getByText(/^up /)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the room died with its failed process, with the reason and a link to its logs', () => {
    renderWithProviders(<RoomProcessHealth roomStatus="destroyed" allocation={ended} process={failed} {...props} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('This room died with its process');
    expect(alert).toHaveTextContent('The process 3f2a9c1e failed: Exited with code 1.');
    expect(screen.getByRole('link', { name: "See the process's logs" })).toHaveAttribute(
      'href',
      '/apps/app-1/processes/p#logs',
    );
    expect(screen.getByLabelText('Process status')).toHaveTextContent('failed');
  });
});
