import { Button, Code, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { actionBlockedReason } from '../roomLifecycle';
import type { RoomStatus } from '../roomQueries';

export type PendingRoomAction = 'suspend' | 'resume' | 'destroy';
/** What the page is sending: one of these actions, or the room's config. */
export type RoomBusy = PendingRoomAction | 'config';

export interface RoomActionsProps {
  roomId: string;
  status: RoomStatus;
  /** What is being sent now; every action is disabled meanwhile. */
  pending: RoomBusy | null;
  onSuspend: () => void;
  onResume: () => void;
  onDestroy: () => void;
}

/**
 * Suspend, Resume and Destroy, each enabled only where the room's status allows it. Suspend and Destroy ask
 * first (Destroy wants the room id typed); a dialog closes on the first confirm, so a double click sends once.
 */
export function RoomActions({ roomId, status, pending, onSuspend, onResume, onDestroy }: RoomActionsProps) {
  const [dialog, setDialog] = useState<'suspend' | 'destroy' | null>(null);
  const close = () => setDialog(null);

  return (
    <>
      <ActionButton
        action="suspend"
        status={status}
        pending={pending}
        label="Suspend"
        onClick={() => setDialog('suspend')}
      />
      <ActionButton action="resume" status={status} pending={pending} label="Resume" onClick={onResume} />
      <ActionButton
        action="destroy"
        status={status}
        pending={pending}
        label="Destroy"
        danger
        onClick={() => setDialog('destroy')}
      />

      <Modal opened={dialog === 'suspend'} onClose={close} title={`Suspend room ${roomId}?`}>
        <Stack gap="md">
          <Text size="sm">
            Suspending ends the room's allocation on its process: players connected to it lose their connection. The
            room keeps its id and config, and can be resumed later, possibly on another process with a new address.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              // Disabled while the dialog fades out, so the second click of a double click sends nothing.
              disabled={dialog !== 'suspend'}
              onClick={() => {
                close();
                onSuspend();
              }}
            >
              Suspend room
            </Button>
          </Group>
        </Stack>
      </Modal>

      <DestroyDialog
        opened={dialog === 'destroy'}
        roomId={roomId}
        onClose={close}
        onConfirm={() => {
          close();
          onDestroy();
        }}
      />
    </>
  );
}

function ActionButton({
  action,
  status,
  pending,
  label,
  danger = false,
  onClick,
}: {
  action: PendingRoomAction;
  status: RoomStatus;
  pending: RoomBusy | null;
  label: string;
  danger?: boolean;
  onClick: () => void;
}) {
  const blocked = actionBlockedReason(action, status);
  const button = (
    <Button
      variant={danger ? 'light' : 'default'}
      color={danger ? 'red' : undefined}
      size="xs"
      disabled={blocked !== null || (pending !== null && pending !== action)}
      loading={pending === action}
      onClick={onClick}
    >
      {label}
    </Button>
  );
  if (!blocked) return button;
  // A disabled button gets no pointer events, so the tooltip with the reason sits on a wrapper.
  return (
    <Tooltip label={blocked}>
      <span>{button}</span>
    </Tooltip>
  );
}

function DestroyDialog({
  opened,
  roomId,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  roomId: string;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === roomId;
  return (
    <Modal opened={opened} onClose={onClose} title={`Destroy room ${roomId}?`} onExitTransitionEnd={() => setTyped('')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (matches && opened) onConfirm();
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            Destroying ends the room for good: players connected to it lose their connection, and it can never be
            resumed. Its id stays taken. The room's history stays readable here.
          </Text>
          <TextInput
            label="Type the room id to confirm"
            description={<Code>{roomId}</Code>}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches || !opened}>
              Destroy room
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
