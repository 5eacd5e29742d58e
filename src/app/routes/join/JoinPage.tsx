import { Container, Title } from '@mantine/core';
import { useParams } from 'react-router';

export function Component() {
  const { roomId = '' } = useParams();
  return (
    <Container size="sm" py="xl" component="main">
      <Title order={1}>Join room {roomId}</Title>
    </Container>
  );
}
