import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApiScope } from '@/api/scope';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { processQueries } from '@/features/processes/processQueries';

export function Component() {
  const scope = useApiScope();
  const { processId = '' } = useParams();
  const process = useQuery(processQueries.detail(scope, processId));
  return (
    <Stack gap="md">
      <PageHeader title={`Process ${processId}`} />
      {process.isPending && <Text c="dimmed">Loading process…</Text>}
      {process.isError && (
        <ErrorState title="Could not load the process" error={process.error} onRetry={() => process.refetch()} />
      )}
      {process.data && <Text>Region: {process.data.region}</Text>}
    </Stack>
  );
}
