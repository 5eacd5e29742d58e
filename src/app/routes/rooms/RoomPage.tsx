import { Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApiScope } from '@/api/scope';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { RoomStatusBadge } from '@/features/rooms/components/RoomStatusBadge';
import { ShareLinkButton } from '@/features/rooms/components/ShareLinkButton';
import { roomQueries } from '@/features/rooms/roomQueries';

export function Component() {
  const scope = useApiScope();
  const { roomId = '' } = useParams();
  const room = useQuery(roomQueries.detail(scope, roomId));
  return (
    <Stack gap="md">
      <PageHeader
        title={
          <Group gap="sm">
            <span>Room {roomId}</span>
            {room.data && <RoomStatusBadge status={room.data.status} />}
          </Group>
        }
        actions={<ShareLinkButton appId={scope.appId} roomId={roomId} apiBaseUrl={scope.baseUrl} />}
      />
      {room.isPending && <Text c="dimmed">Loading room…</Text>}
      {room.isError && <ErrorState title="Could not load the room" error={room.error} onRetry={() => room.refetch()} />}
    </Stack>
  );
}
