import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError, isTransient } from '@/api/errors';

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
  const retriesItself = autoRetryMs !== undefined && isTransient(error);
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
