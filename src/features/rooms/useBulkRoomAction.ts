import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeActionError } from '@/api/errors';
import { useApiScope } from '@/api/scope';
import { runPool } from '@/lib/runPool';
import { invalidateRoomChange, roomActions } from './roomActions';

export type BulkAction = 'suspend' | 'destroy';
export type BulkItemState = 'waiting' | 'running' | 'ok' | 'failed' | 'skipped';
export interface BulkItem {
  roomId: string;
  state: BulkItemState;
  /** The API's message for a failed call. */
  message?: string;
}
export interface BulkState {
  action: BulkAction;
  phase: 'confirm' | 'running' | 'done';
  items: BulkItem[];
  stopping: boolean;
}

/** How many calls run at once: quick for big selections, gentle on the API. */
export const BULK_CONCURRENCY = 4;

/**
 * Suspend or destroy many rooms: confirm, then run the calls a few at a time, record each room's result, retry the
 * failed ones on demand, and refresh what the run changed when it ends: the rooms, the lists of `processId` (the
 * process whose room list the selection is from) and the process lists; never connection info.
 */
export function useBulkRoomAction(processId: string) {
  const scope = useApiScope();
  const queryClient = useQueryClient();
  const [state, setState] = useState<BulkState | null>(null);
  const stopRef = useRef(false);

  const setItem = (roomId: string, patch: Omit<BulkItem, 'roomId'>) =>
    setState((s) => s && { ...s, items: s.items.map((it) => (it.roomId === roomId ? { roomId, ...patch } : it)) });

  const run = async (action: BulkAction, roomIds: string[]) => {
    stopRef.current = false;
    const todo = new Set(roomIds);
    setState(
      (s) =>
        s && {
          ...s,
          phase: 'running',
          stopping: false,
          items: s.items.map((it) => (todo.has(it.roomId) ? { roomId: it.roomId, state: 'waiting' } : it)),
        },
    );
    const { notStarted } = await runPool(
      roomIds,
      BULK_CONCURRENCY,
      (roomId) => {
        setItem(roomId, { state: 'running' });
        return roomActions[action](scope, roomId);
      },
      (roomId, result) =>
        setItem(roomId, result.ok ? { state: 'ok' } : { state: 'failed', message: describeActionError(result.error) }),
      () => stopRef.current,
    );
    const skipped = new Set(notStarted);
    setState(
      (s) =>
        s && {
          ...s,
          phase: 'done',
          stopping: false,
          items: s.items.map((it) => (skipped.has(it.roomId) ? { roomId: it.roomId, state: 'skipped' } : it)),
        },
    );
    await invalidateRoomChange(queryClient, scope, roomIds, [processId]);
  };

  return {
    state,
    /** Shows the confirmation for these rooms; nothing is called yet. */
    open: (action: BulkAction, roomIds: readonly string[]) =>
      setState({
        action,
        phase: 'confirm',
        stopping: false,
        items: roomIds.map((roomId) => ({ roomId, state: 'waiting' })),
      }),
    confirm: () => {
      if (state?.phase === 'confirm')
        void run(
          state.action,
          state.items.map((it) => it.roomId),
        );
    },
    /** Runs again the rooms that failed or were not started. */
    retryFailed: () => {
      if (state?.phase !== 'done') return;
      const again = state.items.filter((it) => it.state === 'failed' || it.state === 'skipped').map((it) => it.roomId);
      if (again.length) void run(state.action, again);
    },
    /** Starts no further call; the ones in flight finish. */
    stop: () => {
      stopRef.current = true;
      setState((s) => s && { ...s, stopping: true });
    },
    close: () => setState((s) => (s?.phase === 'running' ? s : null)),
  };
}
