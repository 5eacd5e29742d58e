import { CopyTextButton } from '@/components/CopyTextButton';
import { joinUrl } from '../joinLink';

/**
 * Copies the absolute link of the room's join page: host:port and a QR code for QA, readable in any browser
 * with no settings and no token.
 */
export function ShareLinkButton({ appId, roomId, apiBaseUrl }: { appId: string; roomId: string; apiBaseUrl: string }) {
  return (
    <CopyTextButton
      value={joinUrl(appId, roomId, apiBaseUrl, window.location.origin)}
      tooltip="A link QA can open with no token: host:port and a QR code"
    >
      Copy share link
    </CopyTextButton>
  );
}
