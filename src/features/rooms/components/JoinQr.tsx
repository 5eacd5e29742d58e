import { Box, Stack, Text } from '@mantine/core';
import { QRCodeSVG } from 'qrcode.react';

/** A QR code of a room's join URL, with the URL it holds in `data-qr-value` (what tests and scripts can read). */
export function JoinQr({ url, size = 168 }: { url: string; size?: number }) {
  return (
    <Stack gap={4} align="center">
      {/* White behind the code in both colour schemes: scanners need the contrast. */}
      <Box
        bg="white"
        p={6}
        style={{ borderRadius: 'var(--mantine-radius-sm)', lineHeight: 0 }}
        data-testid="join-qr"
        data-qr-value={url}
      >
        <QRCodeSVG value={url} size={size} marginSize={1} role="img" aria-label={`QR code of ${url}`} />
      </Box>
      <Text size="xs" c="dimmed">
        Scan to open this room's join page
      </Text>
    </Stack>
  );
}
