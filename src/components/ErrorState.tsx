import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError } from '@/api/errors';

/** What failed, the API's own message (as text), and a way forward. */
export function ErrorState({
  title,
  error,
  onRetry,
  children,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      <Text size="sm">{describeError(error)}</Text>
      {(onRetry || children) && (
        <Group mt="sm" gap="sm">
          {onRetry && (
            <Button size="xs" variant="default" onClick={onRetry}>
              Retry
            </Button>
          )}
          {children}
        </Group>
      )}
    </Alert>
  );
}
