import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

export interface ConfirmDialogProps {
  opened: boolean;
  /** Names what is confirmed, e.g. "Destroy room r1?". */
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** A colour for a destructive confirm, e.g. 'red'. */
  confirmColor?: string;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A confirmation as a declarative Mantine `Modal`: focus moves into it (not onto the confirm), Escape and Cancel
 * close it, and focus goes back to what opened it. It closes on the first confirm, and the confirm button is
 * disabled while it fades out, so a double click confirms once.
 */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  confirmColor,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack gap="md">
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={confirmColor}
            disabled={!opened}
            onClick={() => {
              onClose();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
