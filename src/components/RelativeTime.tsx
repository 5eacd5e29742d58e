import { Text } from '@mantine/core';
import { exactTime, fromNow } from '@/lib/time';

/** "3 minutes ago", with the exact time on hover; a dimmed dash for no time. */
export function RelativeTime({ iso, now }: { iso: string | null | undefined; now?: number }) {
  if (!iso) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Text span size="sm" component="time" dateTime={iso} title={exactTime(iso)}>
      {fromNow(iso, now)}
    </Text>
  );
}
