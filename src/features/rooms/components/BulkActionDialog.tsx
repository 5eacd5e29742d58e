import { Badge, Button, Group, List, Modal, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import type { BulkItem, BulkState } from '../useBulkRoomAction';

export interface BulkActionDialogProps {
  state: BulkState | null;
  onConfirm: () => void;
  onRetryFailed: () => void;
  onStop: () => void;
  onClose: () => void;
}

const VERB = { suspend: 'Suspend', destroy: 'Destroy' } as const;
const CONSEQUENCE = {
  suspend: 'Each room leaves its process and can be resumed later with the same id.',
  destroy: 'Each room is destroyed for good: players are dropped and the room cannot be resumed.',
} as const;
/** The confirmation lists this many ids, then says how many more. */
const LIST_LIMIT = 500;

const plural = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'room' : 'rooms'}`;

/** Confirm a bulk action (how many rooms, which), then follow it: progress, each room's result, retry. */
export function BulkActionDialog({ state, onConfirm, onRetryFailed, onStop, onClose }: BulkActionDialogProps) {
  const running = state?.phase === 'running';
  return (
    <Modal
      opened={state !== null}
      onClose={onClose}
      title={state ? title(state) : ''}
      size="lg"
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      withCloseButton={!running}
    >
      {state?.phase === 'confirm' && <Confirm state={state} onConfirm={onConfirm} onCancel={onClose} />}
      {state && state.phase !== 'confirm' && (
        <Results state={state} onRetryFailed={onRetryFailed} onStop={onStop} onClose={onClose} />
      )}
    </Modal>
  );
}

function title(state: BulkState): string {
  const verb = VERB[state.action];
  if (state.phase === 'confirm') return `${verb} ${plural(state.items.length)}?`;
  return state.phase === 'running' ? `${verb}: running…` : `${verb}: finished`;
}

function Confirm({ state, onConfirm, onCancel }: { state: BulkState; onConfirm: () => void; onCancel: () => void }) {
  const shown = state.items.slice(0, LIST_LIMIT);
  const more = state.items.length - shown.length;
  return (
    <Stack gap="sm">
      <Text size="sm">{CONSEQUENCE[state.action]}</Text>
      <ScrollArea.Autosize mah={240} type="auto">
        <List size="sm" ff="monospace" aria-label="Rooms to act on">
          {shown.map((it) => (
            <List.Item key={it.roomId}>{it.roomId}</List.Item>
          ))}
        </List>
      </ScrollArea.Autosize>
      {more > 0 && (
        <Text size="sm" c="dimmed">
          …and {more.toLocaleString()} more.
        </Text>
      )}
      <Group justify="flex-end" gap="sm">
        {/* Focus starts on the safe choice for a destroy, on the action for a suspend. */}
        <Button variant="default" onClick={onCancel} data-autofocus={state.action === 'destroy' || undefined}>
          Cancel
        </Button>
        <Button
          color={state.action === 'destroy' ? 'red' : undefined}
          onClick={onConfirm}
          data-autofocus={state.action === 'suspend' || undefined}
        >
          {VERB[state.action]} {plural(state.items.length)}
        </Button>
      </Group>
    </Stack>
  );
}

function Results({
  state,
  onRetryFailed,
  onStop,
  onClose,
}: {
  state: BulkState;
  onRetryFailed: () => void;
  onStop: () => void;
  onClose: () => void;
}) {
  const total = state.items.length;
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  for (const it of state.items) {
    if (it.state === 'ok') ok++;
    else if (it.state === 'failed') failed++;
    else if (it.state === 'skipped') skipped++;
  }
  const settled = ok + failed + skipped;
  const retryable = failed + skipped;
  return (
    <Stack gap="sm">
      <Progress
        value={total ? (settled / total) * 100 : 0}
        color={failed ? 'orange' : 'teal'}
        aria-label={`Progress: ${settled} of ${total} done`}
        animated={state.phase === 'running'}
      />
      <Text size="sm" role="status">
        {settled.toLocaleString()} of {total.toLocaleString()} done: {ok.toLocaleString()} succeeded
        {failed > 0 && `, ${failed.toLocaleString()} failed`}
        {skipped > 0 && `, ${skipped.toLocaleString()} not run`}.
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Table aria-label="Results" verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Room</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.items.map((it) => (
              <Table.Tr key={it.roomId}>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {it.roomId}
                </Table.Td>
                <Table.Td>
                  <ItemResult item={it} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <Group justify="flex-end" gap="sm">
        {state.phase === 'running' ? (
          <Button variant="default" onClick={onStop} disabled={state.stopping}>
            {state.stopping ? 'Stopping…' : 'Stop'}
          </Button>
        ) : (
          <>
            {retryable > 0 && (
              <Button variant="default" onClick={onRetryFailed}>
                Retry {retryable.toLocaleString()} failed
              </Button>
            )}
            <Button onClick={onClose}>Done</Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

const BADGE: Record<BulkItem['state'], { color: string; label: string }> = {
  waiting: { color: 'gray', label: 'Waiting' },
  running: { color: 'blue', label: 'Running' },
  ok: { color: 'teal', label: 'OK' },
  failed: { color: 'red', label: 'Failed' },
  skipped: { color: 'gray', label: 'Not run' },
};

function ItemResult({ item }: { item: BulkItem }) {
  const badge = BADGE[item.state];
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge color={badge.color} variant="light" tt="none" style={{ flexShrink: 0 }}>
        {badge.label}
      </Badge>
      {item.message && <Text size="xs">{item.message}</Text>}
    </Group>
  );
}
