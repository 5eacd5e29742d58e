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
    // `dot`: the text keeps the theme's text colour (light badges fall below WCAG AA contrast), the dot the status's.
    <Badge color={COLORS[status] ?? 'violet'} variant="dot" tt="none">
      {status}
    </Badge>
  );
}
