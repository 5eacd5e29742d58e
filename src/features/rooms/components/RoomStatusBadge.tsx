import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  active: 'teal',
  scheduling: 'blue',
  starting: 'blue',
  suspended: 'gray',
  destroyed: 'red',
};

/** A room (or connection) status; a status this version does not know is shown as it comes. */
export function RoomStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? 'violet'} variant="light" tt="none">
      {status}
    </Badge>
  );
}
