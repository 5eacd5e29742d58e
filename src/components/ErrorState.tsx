import { Alert, Button, Group, Text } from '@mantine/core';
import { type ReactNode, useEffect, useState } from 'react';
import { describeError, isTransient, rateLimitWait } from '@/api/errors';

/**
 * What failed, the API's own message (as text), and a way forward. `autoRetryMs`: the load tries again by itself
 * this often (when asking again can help), which the alert then says.
 */
export function ErrorState({
  title,
  error,
  onRetry,
  autoRetryMs,
  children,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
  autoRetryMs?: number;
  children?: ReactNode;
}) {
  // A rate-limited answer's text already says when the next try is (describeError).
  const rateLimited = rateLimitWait(error) !== undefined;
  const retriesItself = autoRetryMs !== undefined && isTransient(error) && !rateLimited;
  // The "trying again in N s" of a rate-limited answer counts down.
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!rateLimited) return;
    const id = setInterval(() => setTick((t) => t + 1), 1_000);
    return () => clearInterval(id);
  }, [rateLimited]);
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      <Text size="sm">{describeError(error)}</Text>
      {(onRetry || retriesItself || children) && (
        <Group mt="sm" gap="sm">
          {onRetry && (
            <Button size="xs" variant="default" onClick={onRetry}>
              Retry
            </Button>
          )}
          {retriesItself && (
            <Text size="xs" c="dimmed">
              Tries again by itself every {Math.round(autoRetryMs / 1000)} s.
            </Text>
          )}
          {children}
        </Group>
      )}
    </Alert>
  );
}
