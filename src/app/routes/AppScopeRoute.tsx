import { Alert, Button, Container, Group, Text } from '@mantine/core';
import { useEffect } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { ApiScopeContext } from '@/api/scope';
import { paths } from '@/config/paths';
import { scopeFor, useConnectionStore, useConnections } from '@/features/connections/ConnectionsProvider';
import { connectionForApp } from '@/features/connections/connectionStore';

/**
 * `/apps/:appId/*`: picks the connection for the app in the link. The current connection if it has that app,
 * else another saved connection that has it (and makes it current), else says plainly that none does.
 */
export function AppScopeRoute() {
  const { appId = '' } = useParams();
  const store = useConnectionStore();
  const state = useConnections();
  const { currentId } = state;
  const connection = connectionForApp(state, appId);

  useEffect(() => {
    if (connection && connection.id !== currentId) store.select(connection.id);
  }, [connection, currentId, store]);

  const scope = connection ? scopeFor(connection) : undefined;

  if (!scope) {
    return (
      <Container size="sm" py="xl">
        <Alert color="blue" title="No connection for this app" role="alert">
          <Text size="sm">
            This link is for the app <code>{appId}</code>, and none of your connections is for that app. Add a
            connection with its API URL and a dev token to open it.
          </Text>
          <Group mt="sm">
            <Button size="xs" component={Link} to={`${paths.settings.getHref()}?appId=${encodeURIComponent(appId)}`}>
              Add a connection for this app
            </Button>
          </Group>
        </Alert>
      </Container>
    );
  }
  return (
    <ApiScopeContext.Provider value={scope}>
      <Outlet />
    </ApiScopeContext.Provider>
  );
}
