import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { describeError } from '@/api/errors';
import type { Reachability } from '../roomQueries';

export interface ReachabilityCheckProps {
  /** The last answer, if any. */
  result: Reachability | undefined;
  error: unknown;
  checking: boolean;
  /** When the shown answer came (ms since the epoch), for "checked at". */
  checkedAt?: number;
  onCheck: () => void;
}

const LOOK: Record<Reachability['status'], { color: string; title: (r: Reachability) => string }> = {
  reachable: {
    color: 'teal',
    title: (r) => `Reachable${r.latencyMs !== undefined ? ` in ${r.latencyMs} ms` : ''}`,
  },
  refused: { color: 'red', title: () => 'Connection refused' },
  timeout: { color: 'orange', title: () => 'Timed out' },
  unreachable: { color: 'red', title: () => 'Unreachable' },
  'not-tested': { color: 'gray', title: () => 'Not tested' },
};

/**
 * "Check from the server": the Roomdeck server tries a TCP connection to the room's host:port and says reachable
 * (with latency), refused or timed out. Only on a click, never by itself: each check is a real connection to a game.
 */
export function ReachabilityCheck({ result, error, checking, checkedAt, onCheck }: ReachabilityCheckProps) {
  const look = result ? LOOK[result.status] : undefined;
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button size="xs" variant="default" loading={checking} onClick={onCheck}>
          {result || error ? 'Check again' : 'Check from the server'}
        </Button>
        {!result && !error && (
          <Text size="xs" c="dimmed">
            Roomdeck's server tries to connect to the room's address.
          </Text>
        )}
      </Group>
      {/* The alert is a status named by its title ("Reachable in 3 ms", "Connection refused"). */}
      {result && look && !checking && error == null && (
        <Alert color={look.color} variant="light" title={look.title(result)} role="status">
          <Text size="sm">{result.message}</Text>
          {checkedAt ? (
            <Text size="xs" c="dimmed">
              Checked at {new Date(checkedAt).toLocaleTimeString()}
            </Text>
          ) : null}
        </Alert>
      )}
      {error != null && !checking && (
        <Alert color="red" variant="light" title="Could not run the check" role="alert">
          <Text size="sm">{describeError(error)}</Text>
        </Alert>
      )}
    </Stack>
  );
}
