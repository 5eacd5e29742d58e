import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { paths } from '@/config/paths';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <Container size="sm" py="xl">
      <Stack gap="md" align="flex-start">
        <Title order={1} size="h2">
          Page not found
        </Title>
        <Text>
          Nothing lives at <code>{location.pathname}</code>. The link may be mistyped, or from another version of
          Roomdeck.
        </Text>
        <Button component={Link} to={paths.home.getHref()}>
          Go to processes
        </Button>
      </Stack>
    </Container>
  );
}
