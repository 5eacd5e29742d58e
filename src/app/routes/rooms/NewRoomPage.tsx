import { Stack } from '@mantine/core';
import { PageHeader } from '@/components/PageHeader';

export function Component() {
  return (
    <Stack gap="md">
      <PageHeader title="Create room" />
    </Stack>
  );
}
