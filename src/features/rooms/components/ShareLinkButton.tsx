import { CopyTextButton } from '@/components/CopyTextButton';
import { shareLink } from '../shareLink';

/**
 * Copies the absolute link of the room's join page: host:port and a QR code for QA, readable in any browser
 * with no settings and no token.
 */
export function ShareLinkButton({ appId, roomId, apiBaseUrl }: { appId: string; roomId: string; apiBaseUrl: string }) {
  return (
    <CopyTextButton
      value={shareLink(appId, roomId, apiBaseUrl).url}
      tooltip="A link QA can open with no token: host:port and a QR code"
    >
      Copy share link
    </CopyTextButton>
  );
}
