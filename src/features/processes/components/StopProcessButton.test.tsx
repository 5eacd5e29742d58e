import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { StopProcessButton } from './StopProcessButton';

const processId = '3f2a9c1e-5b7d-4e21-9a0f-123456789abc';

describe('StopProcessButton', () => {
  it('asks first, naming the rooms it destroys, and stops on confirm', async () => {
    const onStop = vi.fn();
    const { user } = renderWithProviders(
      <StopProcessButton process={{ processId, status: 'running' }} roomIds={['lobby-1', 'lobby-2']} onStop={onStop} />,
    );
    await user.click(screen.getByRole('button', { name: 'Stop process' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop process 3f2a9c1e?' });
    expect(dialog).toHaveTextContent(
      'Stop process 3f2a9c1e? Its 2 rooms (lobby-1, lobby-2) are destroyed and its players disconnected.',
    );
    expect(onStop).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Stop process' }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('says "is" for one room and cancels without stopping', async () => {
    const onStop = vi.fn();
    const { user } = renderWithProviders(
      <StopProcessButton process={{ processId, status: 'running' }} roomIds={['solo']} onStop={onStop} />,
    );
    await user.click(screen.getByRole('button', { name: 'Stop process' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Its 1 room (solo) is destroyed');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onStop).not.toHaveBeenCalled();
  });

  it('is disabled once the process has stopped or failed, and while it stops', () => {
    for (const status of ['stopped', 'failed', 'stopping'] as const) {
      const { unmount } = renderWithProviders(
        <StopProcessButton process={{ processId, status }} roomIds={[]} onStop={() => {}} />,
      );
      expect(screen.getByRole('button', { name: 'Stop process' }), status).toBeDisabled();
      unmount();
    }
  });
});
