import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { CopyTextButton } from '@/components/CopyTextButton';
import { type ShareContext, shareLink, THIS_MACHINE_ONLY } from '../shareLink';
import { JoinQr } from './JoinQr';

/**
 * Shares a room with QA: copies its join link (on ROOMDECK_PUBLIC_URL when set) and shows it as a QR code on demand.
 * Says plainly when the link can only work on this machine.
 */
export function ShareRoom({
  appId,
  roomId,
  apiBaseUrl,
  context,
  copy = true,
}: {
  appId: string;
  roomId: string;
  apiBaseUrl: string;
  /** Offer "Copy share link" (false where the page has that button already, as the room page's header). */
  copy?: boolean;
  /** Where the page is (tests); the browser's location and runtime config otherwise. */
  context?: ShareContext;
}) {
  const link = shareLink(appId, roomId, apiBaseUrl, context);
  const [qrShown, setQrShown] = useState(false);
  return (
    <Stack gap={6}>
      <Group gap="xs">
        {copy && (
          <CopyTextButton value={link.url} tooltip="A link QA can open with no token: host:port and a QR code">
            Copy share link
          </CopyTextButton>
        )}
        <Button size="xs" variant="default" aria-expanded={qrShown} onClick={() => setQrShown((v) => !v)}>
          {qrShown ? 'Hide QR' : 'Show QR'}
        </Button>
      </Group>
      {link.thisMachineOnly && (
        <Text size="xs" fw={600} maw="22rem">
          {THIS_MACHINE_ONLY}
        </Text>
      )}
      {qrShown && <JoinQr url={link.url} />}
    </Stack>
  );
}
