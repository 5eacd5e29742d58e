import type { Page } from '@playwright/test';

/** `/join/:appId/:roomId`: the token-less hand-off page QA opens. */
export class JoinPage {
  constructor(readonly page: Page) {}

  heading(roomId: string) {
    return this.page.getByRole('heading', { level: 1, name: `Join room ${roomId}` });
  }
  /** The large host:port of an active room. */
  address(hostPort: string) {
    return this.page.getByRole('main').getByText(hostPort, { exact: true });
  }
  /** The QR code, named by the URL it holds (the room's join URL). */
  qrCode(url: string) {
    return this.page.getByRole('img', { name: `QR code of ${url}` });
  }
  /** The QR code's frame: `data-qr-value` is the value given to the encoder. */
  get qrFrame() {
    return this.page.getByTestId('join-qr');
  }
  get thisMachineOnly() {
    return this.page.getByText('This link works on this machine only — set ROOMDECK_PUBLIC_URL so others can open it');
  }
  get simulatedAddress() {
    return this.page.getByText(/This is a simulated address \(ROOMDECK_RUNTIME=simulated\): nothing listens there/);
  }
  get starting() {
    return this.page.getByRole('status').filter({ hasText: 'The room is starting' });
  }
  get gone() {
    return this.page.getByRole('alert').filter({ hasText: 'This room is gone or never existed' });
  }
  /** A suspended room's notice: the page stops asking (asking would not resume it without a token). */
  get suspended() {
    return this.page.getByRole('status').filter({ hasText: 'This room is suspended' });
  }
  button(name: string) {
    return this.page.getByRole('button', { name, exact: true });
  }
}
