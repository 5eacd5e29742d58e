import { Alert, Button, Container, Group, Text } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { Link, Outlet, useParams, useSearchParams } from 'react-router';
import { ApiScopeContext } from '@/api/scope';
import { CONNECTION_PARAM, paths } from '@/config/paths';
import { scopeFor, useConnectionStore, useConnections } from '@/features/connections/ConnectionsProvider';
import { connectionForApp, sharesAppId } from '@/features/connections/connectionStore';

/**
 * `/apps/:appId/*`: picks the connection for the app in the link. The one the link names (`?c=`) if it has that
 * app, else the current connection if it has it, else another saved connection that has it (and makes it
 * current), else says plainly that none does. When two connections share the app id, the URL names the one shown,
 * so a copied link or one opened in a new tab opens the same connection.
 */
export function AppScopeRoute() {
  const { appId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const linked = search.get(CONNECTION_PARAM);
  const store = useConnectionStore();
  const state = useConnections();
  const { currentId } = state;
  // The URL's connection wins when the URL changed; when the tab switched connections (switcher, Settings) and the
  // URL did not change yet, the switch wins.
  const seen = useRef({ currentId, linked });
  const switched = seen.current.currentId !== currentId && seen.current.linked === linked;
  const connection = connectionForApp(state, appId, switched ? currentId : linked);
  const mustName = connection ? sharesAppId(state, connection) : false;

  useEffect(() => {
    seen.current = { currentId, linked };
    if (!connection) return;
    if (connection.id !== currentId) store.select(connection.id);
    const named = mustName ? connection.id : null;
    if (linked !== named) {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (named) next.set(CONNECTION_PARAM, named);
          else next.delete(CONNECTION_PARAM);
          return next;
        },
        { replace: true },
      );
    }
  }, [connection, currentId, linked, mustName, setSearch, store]);

  const base = connection ? scopeFor(connection) : undefined;
  const scope = useMemo(() => (base && mustName ? { ...base, sharedAppId: true } : base), [base, mustName]);

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
