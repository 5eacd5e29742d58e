import { Divider, Paper, SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { roomdeckRoot } from '@/api/client';
import { AUTO_RETRY_MS, autoRetryDelay, isApiError, isTransient } from '@/api/errors';
import { linkTo, useApiScope } from '@/api/scope';
import { ErrorState } from '@/components/ErrorState';
import { LiveStatus } from '@/components/LiveStatus';
import { paths } from '@/config/paths';
import { processQueries } from '@/features/processes/processQueries';
import { isTerminalProcess, processV3Queries } from '@/features/processes/processV3Queries';
import { ReachabilityCheck } from '@/features/rooms/components/ReachabilityCheck';
import { RoomActions } from '@/features/rooms/components/RoomActions';
import { RoomConfigCard } from '@/features/rooms/components/RoomConfigCard';
import { RoomConnection } from '@/features/rooms/components/RoomConnection';
import { RoomHeader } from '@/features/rooms/components/RoomHeader';
import { RoomHistory } from '@/features/rooms/components/RoomHistory';
import { RoomNotFound } from '@/features/rooms/components/RoomNotFound';
import { RoomProcessHealth } from '@/features/rooms/components/RoomProcessHealth';
import { ShareLinkButton } from '@/features/rooms/components/ShareLinkButton';
import { handOffText } from '@/features/rooms/handOffText';
import { actionBlockedReason, isScheduled } from '@/features/rooms/roomLifecycle';
import { roomQueries } from '@/features/rooms/roomQueries';
import { shareLink } from '@/features/rooms/shareLink';
import { useRoomActions } from '@/features/rooms/useRoomActions';
import { useRoomConnection } from '@/features/rooms/useRoomConnection';
import { useLiveQuery } from '@/lib/useLiveQuery';

/** How often the room page asks how the room's process is (until it has ended). */
const ROOM_PROCESS_POLL_MS = 5_000;

/** `/apps/:appId/rooms/:roomId`: one room's state, address, history and config, and its actions. */
export function Component() {
  const scope = useApiScope();
  const { roomId = '' } = useParams();
  // Refreshed like the lists: someone else may suspend or destroy the room while this page is open.
  const [paused, setPaused] = useState(false);
  const { query: roomQuery, live } = useLiveQuery(roomQueries.detail(scope, roomId), { paused });
  const room = roomQuery.data;

  const actions = useRoomActions(roomId);
  // Held while the room's last read failed: the status shown may be from before a suspend (this page's or anyone's).
  const connection = useRoomConnection(scope, room, { statusUnknown: roomQuery.isError });

  // The region is the process's: the current one, else the one the room last ran on.
  const lastAllocation = room?.currentAllocation ?? room?.allocations.at(-1);
  const processQuery = useQuery({
    ...processQueries.detail(scope, lastAllocation?.processId ?? ''),
    enabled: lastAllocation !== undefined,
    // While the room waits, whether its process has started yet decides what a long wait means: ask again.
    refetchInterval: (q) =>
      (connection.waiting && !q.state.data?.startedAt) || (q.state.status === 'error' && isTransient(q.state.error))
        ? autoRetryDelay(q.state.error)
        : false,
  });

  // Its health (ProcessesV3: status, exit reason), polled by the query itself until the process has ended.
  // Every 5 s like the room (not the process page's 2 s), and not while the page's refresh is paused.
  const processV3 = useQuery({
    ...processV3Queries.detail(scope, lastAllocation?.processId ?? ''),
    enabled: lastAllocation !== undefined,
    refetchInterval: (q) =>
      paused || (q.state.data && isTerminalProcess(q.state.data)) ? false : ROOM_PROCESS_POLL_MS,
  });
  // Asked only on a click (the query is disabled): each check is a real connection to the game.
  const reachability = useQuery(roomQueries.reachability(scope, roomId));
  const canCheckReachability = roomdeckRoot(scope.client) !== null;
  const lastProcessHref = lastAllocation ? paths.process.getHref(linkTo(scope), lastAllocation.processId) : '';

  const region = lastAllocation
    ? (processQuery.data?.region ?? (processQuery.isError ? 'unknown' : undefined))
    : 'unknown';
  const info = connection.query.data;
  const handOff = info?.exposedPort
    ? handOffText({
        appId: scope.appId,
        roomId,
        exposedPort: info.exposedPort,
        additionalExposedPorts: info.additionalExposedPorts,
        // The address others can open (ROOMDECK_PUBLIC_URL when set), as the share link and its QR use.
        joinUrl: shareLink(scope.appId, roomId, scope.baseUrl).url,
        region: processQuery.data?.region,
        roomConfig: room?.roomConfig ?? null,
      })
    : '';
  const notFound = isApiError(roomQuery.error) && roomQuery.error.isNotFound ? roomQuery.error : null;
  const current = room?.currentAllocation ?? undefined;

  return (
    <Stack gap="lg">
      <RoomHeader
        roomId={roomId}
        appId={scope.appId}
        status={room?.status}
        process={
          current && { processId: current.processId, href: paths.process.getHref(linkTo(scope), current.processId) }
        }
        region={region}
        regionNote={current ? undefined : 'of its last process'}
        actions={
          room && (
            <>
              {/* Opening a join link asks for connection info, which would schedule a suspended room again. */}
              {isScheduled(room.status) && (
                <ShareLinkButton appId={scope.appId} roomId={roomId} apiBaseUrl={scope.baseUrl} />
              )}
              {!scope.readOnly && (
                <RoomActions
                  roomId={roomId}
                  status={room.status}
                  pending={actions.busy}
                  onSuspend={actions.suspend}
                  onResume={actions.resume}
                  onDestroy={actions.destroy}
                />
              )}
            </>
          )
        }
      />
      {room && <LiveStatus live={live} onPausedChange={setPaused} onRefresh={() => roomQuery.refetch()} />}
      {roomQuery.isPending && <Skeleton height={240} aria-label="Loading the room" />}
      {notFound && (
        <RoomNotFound
          roomId={roomId}
          appId={scope.appId}
          message={notFound.message}
          processesHref={paths.processes.getHref(linkTo(scope))}
          newRoomHref={paths.newRoom.getHref(linkTo(scope))}
        />
      )}
      {roomQuery.isError && !notFound && (
        <ErrorState
          // With a room shown, it is what the last successful load said.
          title={room ? 'Could not refresh the room: what is shown may be out of date' : 'Could not load the room'}
          error={roomQuery.error}
          onRetry={() => roomQuery.refetch()}
          autoRetryMs={AUTO_RETRY_MS}
        />
      )}
      {room && (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Paper withBorder p="md">
              <RoomConnection
                roomStatus={connection.suspended ? 'suspended' : room.status}
                info={connection.query.data}
                handOff={handOff}
                checkedAt={connection.query.dataUpdatedAt}
                error={connection.query.error}
                onRetry={() => connection.query.refetch()}
                waiting={connection.waiting}
                stopped={connection.stopped}
                waitedMs={connection.waitedMs}
                processStarted={current ? processQuery.data?.startedAt != null : undefined}
                onStopWaiting={connection.stopWaiting}
                onKeepWaiting={connection.keepWaiting}
                share={{ appId: scope.appId, roomId, apiBaseUrl: scope.baseUrl, copy: false }}
              />
              {lastAllocation && (
                <>
                  <Divider my="md" />
                  <Stack gap="sm">
                    <RoomProcessHealth
                      roomStatus={room.status}
                      allocation={lastAllocation}
                      process={processV3.data}
                      processHref={lastProcessHref}
                      logsHref={`${lastProcessHref}#logs`}
                      now={processV3.dataUpdatedAt || undefined}
                    />
                    {canCheckReachability && (
                      <ReachabilityCheck
                        result={reachability.data}
                        error={reachability.error}
                        checking={reachability.isFetching}
                        checkedAt={reachability.dataUpdatedAt || undefined}
                        onCheck={() => reachability.refetch()}
                      />
                    )}
                  </Stack>
                </>
              )}
            </Paper>
            <Paper withBorder p="md">
              <RoomHistory
                roomStatus={room.status}
                allocations={room.allocations}
                currentAllocationId={current?.roomAllocationId}
                sightings={connection.sightings}
                processHref={(processId) => paths.process.getHref(linkTo(scope), processId)}
                now={Date.now()}
              />
            </Paper>
          </SimpleGrid>
          <Paper withBorder p="md">
            <RoomConfigCard
              config={room.roomConfig ?? null}
              readOnly={scope.readOnly}
              editBlocked={actionBlockedReason('editConfig', room.status)}
              onSave={actions.saveConfig}
            />
          </Paper>
        </>
      )}
    </Stack>
  );
}
