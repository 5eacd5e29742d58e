import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { AppOverview } from './AppOverview';

const none = { regions: [], total: { processes: 0, rooms: 0, capacity: 0, free: 0 } };

describe('AppOverview', () => {
  it('says it is loading until the live processes are in, never that there are none', () => {
    renderWithProviders(<AppOverview counts={{}} usage={none} shown={0} capped={false} loading />);
    expect(screen.getByText('Loading rooms and capacity per region…')).toBeInTheDocument();
    expect(screen.queryByText(/No live processes/)).not.toBeInTheDocument();
  });

  it('says there are none once loaded empty', () => {
    renderWithProviders(<AppOverview counts={{ running: 0 }} usage={none} shown={0} capped={false} />);
    expect(screen.getByText('No live processes in any region.')).toBeInTheDocument();
  });
});
