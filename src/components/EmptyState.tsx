import { Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Nothing to show, why, and what to do next. */
export function EmptyState({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder p="lg" role="status">
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>{title}</Text>
        {children && (
          <Text size="sm" c="dimmed">
            {children}
          </Text>
        )}
        {actions && <Group gap="sm">{actions}</Group>}
      </Stack>
    </Paper>
  );
}
