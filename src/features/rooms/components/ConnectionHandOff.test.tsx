import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ConnectionHandOff } from './ConnectionHandOff';

const port = { name: 'default', host: '192.168.1.20', port: 20001, transportType: 'tcp' as const };
const joinUrl = 'http://192.168.1.20:8080/join/app-1/r1';

describe('ConnectionHandOff', () => {
  it('holds the join URL in its QR code, not host:port, and can hide and show it', async () => {
    const { user } = renderWithProviders(
      <ConnectionHandOff
        exposedPort={port}
        additionalExposedPorts={[]}
        handOff="text"
        joinUrl={joinUrl}
        thisMachineOnly={false}
      />,
    );
    expect(screen.getByTestId('join-qr')).toHaveAttribute('data-qr-value', joinUrl);
    expect(screen.getByRole('img', { name: `QR code of ${joinUrl}` })).toBeVisible();
    expect(screen.queryByText(/works on this machine only/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Hide QR' }));
    expect(screen.queryByTestId('join-qr')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show QR' }));
    expect(screen.getByTestId('join-qr')).toBeVisible();
  });

  it('warns beside the QR when the join URL works on this machine only', () => {
    renderWithProviders(
      <ConnectionHandOff
        exposedPort={port}
        additionalExposedPorts={[]}
        handOff="text"
        joinUrl="http://127.0.0.1:8080/join/app-1/r1"
        thisMachineOnly
      />,
    );
    expect(
      screen.getByText('This link works on this machine only — set ROOMDECK_PUBLIC_URL so others can open it'),
    ).toBeVisible();
  });
});
