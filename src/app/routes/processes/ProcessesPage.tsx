import { Anchor, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApiScope } from '@/api/scope';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { processQueries } from '@/features/processes/processQueries';

export function Component() {
  const scope = useApiScope();
  const running = useQuery(processQueries.running(scope));
  return (
    <Stack gap="md">
      <PageHeader title="Processes" description="Running processes of this app and their rooms." />
      {running.isPending && <Text c="dimmed">Loading processes…</Text>}
      {running.isError && (
        <ErrorState title="Could not load processes" error={running.error} onRetry={() => running.refetch()} />
      )}
      {running.data && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Process</Table.Th>
              <Table.Th>Region</Table.Th>
              <Table.Th>Rooms</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {running.data.map((p) => (
              <Table.Tr key={p.processId}>
                <Table.Td>
                  <Anchor component={Link} to={paths.process.getHref(scope.appId, p.processId)} ff="monospace">
                    {p.processId}
                  </Anchor>
                </Table.Td>
                <Table.Td>{p.region}</Table.Td>
                <Table.Td>
                  {p.roomsAllocated} / {p.roomsPerProcess}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
