import { Alert, Button, Code, Group, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The API knows no room with this id in this app (404): say so, and where to go instead. */
export function RoomNotFound({
  roomId,
  appId,
  message,
  processesHref,
  newRoomHref,
}: {
  roomId: string;
  appId: string;
  /** The API's own words. */
  message: string;
  processesHref: string;
  newRoomHref: string;
}) {
  return (
    <Alert color="blue" title="Room not found" role="alert">
      <Text size="sm">
        The API has no room <Code>{roomId}</Code> in the app <Code>{appId}</Code>. The link may be mistyped, or for
        another app or connection. The API said: {message}
      </Text>
      <Group mt="sm" gap="sm">
        <Button size="xs" component={Link} to={processesHref}>
          Browse processes and their rooms
        </Button>
        <Button size="xs" variant="default" component={Link} to={newRoomHref}>
          Create a room
        </Button>
      </Group>
    </Alert>
  );
}
