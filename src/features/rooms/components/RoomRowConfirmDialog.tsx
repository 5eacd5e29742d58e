import { Text } from '@mantine/core';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import type { RowAction } from '../useRoomRowActions';

/** The confirmation of a suspend or destroy from a room list row; it names the room. */
export function RoomRowConfirmDialog({
  asked,
  opened,
  onConfirm,
  onClose,
}: {
  asked: { action: RowAction; roomId: string } | null;
  opened: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const roomId = asked?.roomId ?? '';
  return asked?.action === 'destroy' ? (
    <ConfirmDialog
      opened={opened}
      title={`Destroy room ${roomId}?`}
      confirmLabel="Destroy room"
      confirmColor="red"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <Text size="sm">Players in the room are dropped and the room cannot be resumed. This cannot be undone.</Text>
    </ConfirmDialog>
  ) : (
    <ConfirmDialog
      opened={opened}
      title={`Suspend room ${roomId}?`}
      confirmLabel="Suspend room"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <Text size="sm">The room leaves this process. It can be resumed later with the same id.</Text>
    </ConfirmDialog>
  );
}
