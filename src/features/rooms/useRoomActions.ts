import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeActionError } from '@/api/errors';
import { useApiScope } from '@/api/scope';
import type { PendingRoomAction, RoomBusy } from './components/RoomActions';
import type { ConfigSaveResult } from './components/RoomConfigCard';
import { useDestroyRoom, useResumeRoom, useSuspendRoom, useUpdateRoomConfig } from './roomActions';
import { roomQueries } from './roomQueries';

const DONE: Record<PendingRoomAction, { title: string; message: (roomId: string) => string }> = {
  suspend: {
    title: 'Room suspended',
    message: (id) => `Room ${id} is suspended. Resume it to allocate it again.`,
  },
  resume: {
    title: 'Room resumed',
    message: (id) => `Room ${id} is scheduled again; this page shows when it is active.`,
  },
  destroy: {
    title: 'Room destroyed',
    message: (id) => `Room ${id} is destroyed. Its history stays readable here.`,
  },
};

/**
 * One room's actions (suspend, resume, destroy, save config), each saying its outcome in a notification (a failed
 * config save says it beside the save button instead). One at a time: `busy` says which is being sent, and a
 * second one asked for meanwhile (a double click, before React re-renders) is refused.
 */
export function useRoomActions(roomId: string) {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  const suspend = useSuspendRoom();
  const resume = useResumeRoom();
  const destroy = useDestroyRoom();
  const updateConfig = useUpdateRoomConfig();

  const inFlight = useRef(false);
  const [busy, setBusy] = useState<RoomBusy | null>(null);
  async function exclusive(action: RoomBusy, run: () => Promise<void>): Promise<boolean> {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(action);
    try {
      await run();
      return true;
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }

  const act = (action: PendingRoomAction) =>
    exclusive(action, async () => {
      const mutation = { suspend, resume, destroy }[action];
      try {
        await mutation.mutateAsync({ roomId });
        notifications.show({ color: 'teal', title: DONE[action].title, message: DONE[action].message(roomId) });
      } catch (error) {
        notifications.show({
          color: 'red',
          title: `Could not ${action} room ${roomId}`,
          message: describeActionError(error),
        });
      }
    });

  /** Saves `draft` unless the server's config is no longer `base` (someone changed it meanwhile). */
  const saveConfig = async (draft: string, base: string | null): Promise<ConfigSaveResult> => {
    let result: ConfigSaveResult = { outcome: 'failed', message: 'Another action on this room is in progress' };
    await exclusive('config', async () => {
      try {
        // Compare with what the server has now, not with the cache: someone may have changed it meanwhile.
        const latest = await queryClient.fetchQuery({ ...roomQueries.detail(scope, roomId), staleTime: 0 });
        if ((latest.roomConfig ?? null) !== base) {
          result = { outcome: 'conflict', serverConfig: latest.roomConfig ?? null };
          return;
        }
        await updateConfig.mutateAsync({ roomId, roomConfig: draft });
        notifications.show({ color: 'teal', title: 'Config saved', message: `Room ${roomId} has the new config.` });
        result = { outcome: 'saved' };
      } catch (error) {
        // Said beside the save button (a notification there would cover it), which tries again.
        result = { outcome: 'failed', message: describeActionError(error) };
      }
    });
    return result;
  };

  return {
    busy,
    suspend: () => void act('suspend'),
    resume: () => void act('resume'),
    destroy: () => void act('destroy'),
    saveConfig,
  };
}
