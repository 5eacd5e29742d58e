import { Group, Progress, Text } from '@mantine/core';
import { utilisation } from '../processView';

/** "3 / 4" rooms with a small bar of how full the process is. */
export function RoomUsage({
  process,
  barWidth = 64,
}: {
  process: { roomsAllocated: number; roomsPerProcess: number };
  barWidth?: number;
}) {
  const pct = utilisation(process);
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {process.roomsAllocated} / {process.roomsPerProcess}
      </Text>
      <Progress
        w={barWidth}
        size="sm"
        value={pct}
        color={pct >= 100 ? 'orange' : 'teal'}
        aria-label={`${process.roomsAllocated} of ${process.roomsPerProcess} room slots used`}
      />
    </Group>
  );
}
