import { Alert, Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { linkTo, useApiScope } from '@/api/scope';
import { PageHeader } from '@/components/PageHeader';
import { paths } from '@/config/paths';
import { NewRoomForm } from '@/features/rooms/components/NewRoomForm';
import { useConfigPresets } from '@/features/rooms/configPresets';
import { regionLabel } from '@/features/rooms/regions';
import { useCreateRoom } from '@/features/rooms/roomActions';

export function Component() {
  const scope = useApiScope();
  const navigate = useNavigate();
  const create = useCreateRoom();
  const presets = useConfigPresets();
  const back = (
    <Button variant="default" component={Link} to={paths.processes.getHref(linkTo(scope))}>
      Cancel
    </Button>
  );

  return (
    <Stack gap="md">
      <PageHeader
        title="Create room"
        description="Pick a region and a config; the room page then shows when it is ready and how to hand it to QA."
      />
      {scope.readOnly ? (
        <Alert color="yellow" title="This connection is read-only" role="status">
          <Text size="sm">
            Creating rooms is switched off for it. Use a connection with a dev token that may create.
          </Text>
          <Button mt="sm" size="xs" variant="default" component={Link} to={paths.processes.getHref(linkTo(scope))}>
            Back to processes
          </Button>
        </Alert>
      ) : (
        <NewRoomForm
          pending={create.isPending}
          error={create.error}
          onDismissError={create.reset}
          presets={presets}
          cancel={back}
          onSubmit={({ region, roomId, roomConfig }) =>
            create.mutate(
              {
                params: { region, ...(roomConfig !== undefined ? { roomConfig } : {}) },
                ...(roomId ? { roomId } : {}),
              },
              {
                onSuccess: (room) => {
                  notifications.show({
                    title: 'Room created',
                    message: `${room.roomId} is starting in ${regionLabel(region)}`,
                    color: 'teal',
                  });
                  navigate(paths.room.getHref(linkTo(scope), room.roomId));
                },
              },
            )
          }
        />
      )}
    </Stack>
  );
}
