import { Button, List, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { isTerminalProcess, type ProcessV3 } from '../processV3Queries';
import { shortProcessId } from '../processView';

export interface StopProcessButtonProps {
  process: Pick<ProcessV3, 'processId' | 'status'>;
  /** Ids of the rooms allocated on it now (what the stop destroys); undefined while not known. */
  roomIds: readonly string[] | undefined;
  pending?: boolean;
  onStop: () => void;
}

/** How many room ids the dialog lists before "and N more". */
const LISTED = 10;

/**
 * **Stop process**, confirmed by a dialog that names what it destroys: its rooms (by id) and their players'
 * connections. Disabled once the process has ended (stopped or failed) and while it is stopping.
 */
export function StopProcessButton({ process, roomIds, pending = false, onStop }: StopProcessButtonProps) {
  const [opened, setOpened] = useState(false);
  const ended = isTerminalProcess(process);
  const stopping = process.status === 'stopping';
  const short = shortProcessId(process.processId);
  const n = roomIds?.length;
  const rooms = n === undefined ? 'Its rooms' : `Its ${n} ${n === 1 ? 'room' : 'rooms'}`;
  const ids = roomIds?.length ? ` (${roomIds.slice(0, LISTED).join(', ')}${n && n > LISTED ? ', …' : ''})` : '';
  return (
    <>
      <Button
        color="red"
        variant="light"
        size="xs"
        disabled={ended || stopping}
        loading={pending}
        title={ended ? `The process has ${process.status}` : stopping ? 'The process is stopping' : undefined}
        onClick={() => setOpened(true)}
      >
        Stop process
      </Button>
      <ConfirmDialog
        opened={opened}
        title={`Stop process ${short}?`}
        confirmLabel="Stop process"
        confirmColor="red"
        onConfirm={onStop}
        onClose={() => setOpened(false)}
      >
        <Text size="sm">
          Stop process {short}? {rooms}
          {ids} {n === 1 ? 'is' : 'are'} destroyed and its players disconnected.
        </Text>
        {roomIds && roomIds.length > LISTED && (
          <List size="xs" c="dimmed">
            <List.Item>and {roomIds.length - LISTED} more rooms</List.Item>
          </List>
        )}
        <Text size="xs" c="dimmed">
          The game gets SIGTERM and a few seconds to finish before it is killed.
        </Text>
      </ConfirmDialog>
    </>
  );
}
