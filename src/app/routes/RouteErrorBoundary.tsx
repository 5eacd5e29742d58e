import { Alert, Button, Code, Container, Group, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, Link, useNavigate, useRouteError } from 'react-router';
import { describeError } from '@/api/errors';
import { paths } from '@/config/paths';

/** Every route's last line of defence: says what broke and offers a retry instead of a blank screen. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const navigate = useNavigate();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : describeError(error);
  return (
    <Container size="sm" py="xl" component="main">
      <Alert color="red" title="This page failed to load" role="alert">
        <Stack gap="sm">
          <Text size="sm">
            <Code>{message}</Code>
          </Text>
          <Group gap="sm">
            <Button size="xs" onClick={() => navigate(0)}>
              Retry
            </Button>
            <Button size="xs" variant="default" component={Link} to={paths.home.getHref()}>
              Go to processes
            </Button>
          </Group>
        </Stack>
      </Alert>
    </Container>
  );
}
