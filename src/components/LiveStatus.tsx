import { Button, Group, Switch, Text } from '@mantine/core';
import { useDocumentVisibility } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { describeError } from '@/api/errors';
import { exactTime, formatDuration } from '@/lib/time';
import type { LiveState } from '@/lib/useLiveQuery';

export interface LiveStatusProps {
  live: LiveState;
  onPausedChange: (paused: boolean) => void;
  onRefresh: () => void;
}

/**
 * "Updated 12 s ago", an auto-refresh switch and a refresh button; after a failed refresh, what failed and when
 * the next try is. Ticks once a second on its own, so the page around it does not re-render.
 */
export function LiveStatus({ live, onPausedChange, onRefresh }: LiveStatusProps) {
  const now = useNow();
  const { updatedAt, failure, paused, fetching, intervalMs } = live;
  return (
    <Group gap="sm" wrap="wrap" justify="flex-end">
      {failure ? (
        <Text
          size="sm"
          role="status"
          style={{ color: 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-4))' }}
        >
          {/* Nothing loaded yet: the page's error state says what failed; this line says when the next try is. */}
          {updatedAt ? `Refresh failed: ${describeError(failure.error)}.` : 'Not loaded.'}{' '}
          {failure.retryAt !== null && `Retrying in ${formatDuration(Math.max(0, failure.retryAt - now) + 999)}.`}
        </Text>
      ) : (
        <Text
          size="sm"
          c="dimmed"
          role="status"
          title={updatedAt ? exactTime(new Date(updatedAt).toISOString()) : undefined}
        >
          {fetching && !updatedAt
            ? 'Loading…'
            : updatedAt
              ? `Updated ${formatDuration(Math.max(0, now - updatedAt))} ago`
              : 'Not loaded yet'}
        </Text>
      )}
      <Switch
        size="sm"
        label={`Auto-refresh every ${intervalMs / 1000} s`}
        checked={!paused}
        onChange={(event) => onPausedChange(!event.currentTarget.checked)}
      />
      <Button size="compact-sm" variant="default" onClick={onRefresh}>
        Refresh now
      </Button>
    </Group>
  );
}

/** The current time, updated every second while the page is visible. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  const visible = useDocumentVisibility() === 'visible';
  useEffect(() => {
    if (!visible) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [visible]);
  return now;
}
