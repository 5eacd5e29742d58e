import { Alert, Anchor, Code, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { createHathoraClient } from '@/api/client';
import { describeError, isApiError } from '@/api/errors';
import { ErrorState } from '@/components/ErrorState';
import { ConnectionHandOff } from '@/features/rooms/components/ConnectionHandOff';
import { handOffText } from '@/features/rooms/handOffText';
import { apiBaseFromJoinLink } from '@/features/rooms/joinLink';
import { type ExposedPort, roomQueries } from '@/features/rooms/roomQueries';
import { isSimulatedHost, shareLink } from '@/features/rooms/shareLink';

/**
 * `/join/:appId/:roomId`: the QA hand-off page. Outside the shell and the connection scope: it asks only the
 * public connectioninfo route, with a client that has no token, so it works in any browser with no settings.
 */
export function Component() {
  const { appId = '', roomId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const baseUrl = apiBaseFromJoinLink(searchParams.get('api'));
  return (
    <Container size="md" py="xl" component="main">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            Join room {roomId}
          </Title>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            App <Code>{appId}</Code>
            {baseUrl && baseUrl !== '/api' && (
              <>
                {' '}
                · API <Code>{baseUrl}</Code>
              </>
            )}
          </Text>
        </Stack>
        {baseUrl === null ? (
          <Alert color="red" title="This link is damaged" role="alert">
            <Text size="sm">
              Its API address (<Code>{searchParams.get('api')}</Code>) is neither an http(s) URL nor a path, so this
              page will not ask it. Ask whoever sent the link for a new one.
            </Text>
          </Alert>
        ) : (
          <JoinRoom baseUrl={baseUrl} appId={appId} roomId={roomId} />
        )}
      </Stack>
    </Container>
  );
}

function JoinRoom({ baseUrl, appId, roomId }: { baseUrl: string; appId: string; roomId: string }) {
  // Never a stored connection's client: this one has no token to send.
  const client = useMemo(() => createHathoraClient({ baseUrl }), [baseUrl]);
  const info = useQuery(roomQueries.publicConnectionInfo({ client, baseUrl }, appId, roomId));

  if (isApiError(info.error) && info.error.isNotFound) {
    return (
      <Alert color="red" title="This room is gone or never existed" role="alert">
        <Text size="sm">
          The API has no room <Code>{roomId}</Code> in this app that players can join: it was destroyed, or the link is
          wrong. Ask whoever sent the link for a new room.
        </Text>
        <Text size="xs" c="dimmed" mt="xs">
          {describeError(info.error)}
        </Text>
      </Alert>
    );
  }
  // Checked before any earlier answer: the room may have been suspended while this page was open.
  if (isApiError(info.error) && info.error.isSuspendedRoom) {
    return (
      <Alert color="yellow" title="This room is suspended" role="status">
        <Text size="sm">This room is suspended. Ask whoever shared it to resume it.</Text>
        <Text size="xs" c="dimmed" mt="xs">
          Room <Code>{roomId}</Code> has no process and no address while it is suspended; this page has stopped
          checking. Reload it once the room is resumed.
        </Text>
      </Alert>
    );
  }
  if (info.isPending) {
    return <Waiting text="Asking the API for the room…" />;
  }
  if (info.isError && !info.data) {
    return (
      <ErrorState title="Could not get the room's connection info" error={info.error} onRetry={() => info.refetch()}>
        <Text size="xs" c="dimmed">
          This page keeps trying every few seconds.
        </Text>
      </ErrorState>
    );
  }
  const { data } = info;
  if (!data) return null;
  const link = shareLink(appId, roomId, baseUrl);
  return (
    <Stack gap="md">
      {info.isError && (
        <Alert color="yellow" title="The last check failed" role="status">
          <Text size="sm">
            {describeError(info.error)}. What is shown is from the check before; it retries by itself.
          </Text>
        </Alert>
      )}
      {data.status === 'active' && data.exposedPort ? (
        <>
          <HowToConnect exposedPort={data.exposedPort} roomId={roomId} />
          <ConnectionHandOff
            exposedPort={data.exposedPort}
            additionalExposedPorts={data.additionalExposedPorts}
            joinUrl={link.url}
            thisMachineOnly={link.thisMachineOnly}
            handOff={handOffText({
              appId,
              roomId,
              exposedPort: data.exposedPort,
              additionalExposedPorts: data.additionalExposedPorts,
              joinUrl: link.url,
            })}
          />
        </>
      ) : (
        <Waiting text="The room is starting. Host and port show here as soon as it is ready; this page checks by itself." />
      )}
    </Stack>
  );
}

/**
 * Whether anything listens at the address: the simulated runtime makes addresses up. A real TCP address may be a
 * game that also answers HTTP (the demo game does), so a browser link is offered for it, never claimed to work.
 */
function HowToConnect({ exposedPort, roomId }: { exposedPort: ExposedPort; roomId: string }) {
  if (isSimulatedHost(exposedPort.host)) {
    return (
      <Alert color="gray" title="Nothing to connect to" role="note">
        <Text size="sm">
          This is a simulated address (ROOMDECK_RUNTIME=simulated): nothing listens there. A Roomdeck running game
          processes (ROOMDECK_RUNTIME=local) hands out addresses a game client can reach.
        </Text>
      </Alert>
    );
  }
  if (exposedPort.transportType !== 'tcp') return null;
  const host = exposedPort.host.includes(':') ? `[${exposedPort.host}]` : exposedPort.host;
  const href = `http://${host}:${exposedPort.port}/?room=${encodeURIComponent(roomId)}`;
  return (
    <Text size="sm">
      Point the game client at the address below. If the game also serves HTTP (the demo game does):{' '}
      <Anchor href={href} target="_blank" rel="noreferrer" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {href}
      </Anchor>
    </Text>
  );
}

function Waiting({ text }: { text: string }) {
  return (
    <Group gap="sm" role="status" wrap="nowrap">
      <Loader size="sm" aria-hidden="true" />
      <Text>{text}</Text>
    </Group>
  );
}
