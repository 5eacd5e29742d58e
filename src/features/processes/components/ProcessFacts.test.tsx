import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import type { Process } from '../processQueries';
import { ProcessFacts } from './ProcessFacts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const process = (patch: Partial<Process>): Process =>
  ({
    processId: 'p1',
    region: 'London',
    deploymentId: 1,
    startingAt: '2026-12-02T11:59:30Z',
    startedAt: null,
    stoppingAt: null,
    terminatedAt: null,
    draining: false,
    roomsAllocated: 0,
    roomsPerProcess: 4,
    roomSlotsAvailable: 4,
    activeConnections: 0,
    exposedPort: null,
    additionalExposedPorts: [],
    ...patch,
  }) as Process;

const started = () => within(screen.getByText('Started').parentElement as HTMLElement).getByRole('definition');

describe('ProcessFacts', () => {
  it('gives a starting process no start time, only since when it is starting', async () => {
    renderWithProviders(<ProcessFacts process={process({})} now={NOW} />);
    expect(await screen.findByText('Started')).toBeInTheDocument();
    expect(started()).toHaveTextContent(/^not yet \(starting since .+\)$/);
  });

  it('shows when a started process started', async () => {
    renderWithProviders(<ProcessFacts process={process({ startedAt: '2026-12-02T11:59:40Z' })} now={NOW} />);
    await screen.findByText('Started');
    expect(started()).not.toHaveTextContent(/not yet/);
    expect(within(started()).getByText(/ago/)).toHaveAttribute('dateTime', '2026-12-02T11:59:40Z');
  });
});
