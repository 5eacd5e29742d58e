import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  active: 'teal',
  scheduling: 'yellow',
  starting: 'yellow',
  suspended: 'gray',
  destroyed: 'red',
};

/** A room (or connection) status; a status this version does not know is shown as it comes. */
export function RoomStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? 'violet'} variant="dot" tt="none">
      {status}
    </Badge>
  );
}
