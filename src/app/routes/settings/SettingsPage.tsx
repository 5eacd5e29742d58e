import { Badge, Button, Card, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { useConnectionStore, useConnections } from '@/features/connections/ConnectionsProvider';
import { ConnectionForm } from '@/features/connections/components/ConnectionForm';
import type { Connection } from '@/features/connections/connectionStore';
import { type ConnectionTestResult, testConnection } from '@/features/connections/testConnection';

export function Component() {
  const store = useConnectionStore();
  const { connections, currentId } = useConnections();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [results, setResults] = useState<Record<string, ConnectionTestResult | 'testing'>>({});

  const runTest = async (c: Connection) => {
    setResults((r) => ({ ...r, [c.id]: 'testing' }));
    const result = await testConnection(c);
    setResults((r) => ({ ...r, [c.id]: result }));
  };

  // Kept while the confirmation fades out, so its text stays.
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [removeOpen, setRemoveOpen] = useState(false);
  const confirmRemove = (c: Connection) => {
    setRemoving(c);
    setRemoveOpen(true);
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Settings"
        description="Connections: which Hathora-compatible API, app and dev token Roomdeck uses."
      />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Connections
        </Title>
        {connections.length === 0 ? (
          <Text c="dimmed">No connections yet. Add one below.</Text>
        ) : (
          // Five columns do not fit a phone: the table scrolls in its card, not the page.
          <Table.ScrollContainer minWidth={600} type="native">
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>API</Table.Th>
                  <Table.Th>App id</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {connections.map((c) => {
                  const result = results[c.id];
                  return (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Group gap="xs">
                          <Text fw={500}>{c.name}</Text>
                          {c.id === currentId && <Badge variant="light">current</Badge>}
                          {c.readOnly && <Badge color="gray">read-only</Badge>}
                        </Group>
                        {result && result !== 'testing' && (
                          <Text size="xs" c={result.ok ? 'teal.8' : 'red.8'} role="status">
                            {result.ok ? result.message : `Connection failed: ${result.message}`}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ff="monospace">{c.baseUrl}</Table.Td>
                      <Table.Td ff="monospace">{c.appId}</Table.Td>
                      <Table.Td>
                        {c.builtIn
                          ? c.token
                            ? 'served by this server'
                            : 'held by the server'
                          : c.token
                            ? c.remember
                              ? 'remembered on this device'
                              : 'this session only'
                            : 'missing'}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            disabled={c.id === currentId}
                            onClick={() => {
                              store.select(c.id);
                              navigate(paths.processes.getHref(c.appId));
                            }}
                            aria-label={`Use connection ${c.name}`}
                          >
                            Use
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            loading={result === 'testing'}
                            onClick={() => runTest(c)}
                            aria-label={`Test connection ${c.name}`}
                          >
                            Test
                          </Button>
                          {!c.builtIn && (
                            <Button
                              size="xs"
                              color="red"
                              variant="light"
                              onClick={() => confirmRemove(c)}
                              aria-label={`Remove connection ${c.name}`}
                            >
                              Remove
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Card withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Add a connection
        </Title>
        <ConnectionForm
          initialAppId={params.get('appId') ?? ''}
          onSave={(input) => {
            const c = store.add(input);
            notifications.show({ color: 'teal', message: `Saved the connection “${c.name}”` });
          }}
        />
      </Card>
      <ConfirmDialog
        opened={removeOpen}
        title={`Remove the connection “${removing?.name ?? ''}”?`}
        confirmLabel="Remove connection"
        confirmColor="red"
        onClose={() => setRemoveOpen(false)}
        onConfirm={() => {
          if (!removing) return;
          store.remove(removing.id);
          notifications.show({ message: `Removed the connection “${removing.name}”` });
        }}
      >
        <Text size="sm">Its saved token is deleted from this browser. Rooms on the API are not touched.</Text>
      </ConfirmDialog>
    </Stack>
  );
}
