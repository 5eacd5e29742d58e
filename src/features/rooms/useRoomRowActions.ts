import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { describeActionError } from '@/api/errors';
import { useDestroyRoom, useSuspendRoom } from './roomActions';
import type { RoomRow } from './roomListView';

export type RowAction = 'suspend' | 'destroy';

/**
 * Suspend and destroy from a process's room list: `ask` opens the confirmation that names the room (render it with
 * `RoomRowConfirmDialog`), `confirm` sends the action, then a notification says the outcome. Each action says how
 * it went from its own promise: `mutate`'s per-call callbacks fire only for the latest call, so a second action
 * confirmed while the first was under way used to hide the first one's outcome.
 */
export function useRoomRowActions(processId: string) {
  const { mutateAsync: suspend } = useSuspendRoom();
  const { mutateAsync: destroy } = useDestroyRoom();
  // Kept after closing, so the dialog keeps its text while it fades out.
  const [asked, setAsked] = useState<{ action: RowAction; roomId: string } | null>(null);
  const [opened, setOpened] = useState(false);

  const onSuspend = useCallback(({ roomId }: RoomRow) => {
    setAsked({ action: 'suspend', roomId });
    setOpened(true);
  }, []);
  const onDestroy = useCallback(({ roomId }: RoomRow) => {
    setAsked({ action: 'destroy', roomId });
    setOpened(true);
  }, []);

  const confirm = () => {
    if (!asked) return;
    setOpened(false);
    const { action, roomId } = asked;
    const run = action === 'suspend' ? suspend : destroy;
    notifyOutcome(run({ roomId, processId }), roomId, action, action === 'suspend' ? 'suspended' : 'destroyed');
  };

  return { asked, opened, onSuspend, onDestroy, confirm, close: () => setOpened(false) };
}

function notifyOutcome(action: Promise<unknown>, roomId: string, verb: string, done: string): void {
  action.then(
    () => notifications.show({ color: 'teal', message: `Room ${roomId} ${done}` }),
    (error: unknown) =>
      notifications.show({
        color: 'red',
        title: `Could not ${verb} room ${roomId}`,
        message: describeActionError(error),
      }),
  );
}
