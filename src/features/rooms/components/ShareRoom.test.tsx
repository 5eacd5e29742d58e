import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ShareRoom } from './ShareRoom';

const props = { appId: 'app-1', roomId: 'r1', apiBaseUrl: '/api' };

describe('ShareRoom', () => {
  it('shows the QR of the join link on demand, on the public URL, with no loopback warning', async () => {
    const { user } = renderWithProviders(
      <ShareRoom
        {...props}
        context={{ publicUrl: 'http://192.168.1.20:8080', origin: 'http://127.0.0.1:8080', hostname: '127.0.0.1' }}
      />,
    );
    expect(screen.queryByTestId('join-qr')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show QR' }));
    expect(screen.getByTestId('join-qr')).toHaveAttribute('data-qr-value', 'http://192.168.1.20:8080/join/app-1/r1');
    expect(screen.getByRole('img', { name: 'QR code of http://192.168.1.20:8080/join/app-1/r1' })).toBeVisible();
    expect(screen.queryByText(/works on this machine only/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Hide QR' }));
    expect(screen.queryByTestId('join-qr')).toBeNull();
  });

  it('says plainly that a loopback link works on this machine only', () => {
    renderWithProviders(
      <ShareRoom
        {...props}
        context={{ publicUrl: undefined, origin: 'http://localhost:8080', hostname: 'localhost' }}
      />,
    );
    expect(
      screen.getByText('This link works on this machine only — set ROOMDECK_PUBLIC_URL so others can open it'),
    ).toBeVisible();
  });
});
