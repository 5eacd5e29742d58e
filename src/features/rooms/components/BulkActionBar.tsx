import { Button, Group, Paper, Text } from '@mantine/core';

export interface BulkActionBarProps {
  /** Selected rooms that are still in the list. */
  selectedCount: number;
  /** Of those, how many the search hides: they are acted on too, so say so. */
  hiddenCount: number;
  /** Rooms matching the search. */
  matchingCount: number;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onSuspend: () => void;
  onDestroy: () => void;
}

/** What is selected, and what can be done with it. Shown only while something is selected. */
export function BulkActionBar({
  selectedCount,
  hiddenCount,
  matchingCount,
  onSelectAllMatching,
  onClear,
  onSuspend,
  onDestroy,
}: BulkActionBarProps) {
  return (
    <Paper withBorder p="xs" role="region" aria-label="Selected rooms">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Text size="sm" fw={600} role="status">
            {selectedCount.toLocaleString()} {selectedCount === 1 ? 'room' : 'rooms'} selected
            {hiddenCount > 0 && ` (${hiddenCount.toLocaleString()} not shown by the search)`}
          </Text>
          {selectedCount - hiddenCount < matchingCount && (
            <Button size="compact-sm" variant="subtle" onClick={onSelectAllMatching}>
              Select all {matchingCount.toLocaleString()} matching
            </Button>
          )}
          <Button size="compact-sm" variant="subtle" color="gray" onClick={onClear}>
            Clear selection
          </Button>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onSuspend}>
            Suspend selected
          </Button>
          <Button size="xs" color="red" onClick={onDestroy}>
            Destroy selected
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
