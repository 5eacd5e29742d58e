import {
  Alert,
  Button,
  Code,
  DataList,
  Group,
  Loader,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { AUTO_RETRY_MS, describeError } from '@/api/errors';
import { CopyTextButton } from '@/components/CopyTextButton';
import { CopyValue } from '@/components/CopyValue';
import { ErrorState } from '@/components/ErrorState';
import { HostPort } from '@/components/HostPort';
import { exactTime, formatDuration } from '@/lib/time';
import { PORT_BIND_DEADLINE_MS } from '../connectionInfo';
import { endpoint, transportLabel } from '../handOffText';
import type { ConnectionInfo, RoomStatus } from '../roomQueries';
import { isSimulatedHost } from '../shareLink';
import { ShareRoom } from './ShareRoom';

export interface RoomConnectionProps {
  roomStatus: RoomStatus;
  /** The latest answer of GetConnectionInfo for the current allocation. */
  info: ConnectionInfo | undefined;
  /** The connection details as text (see handOffText), for the copy button. */
  handOff: string;
  /** When `info` was received (ms since epoch). */
  checkedAt: number;
  /** The last call failed (with `info`, an older answer is still shown). */
  error: unknown;
  onRetry: () => void;
  /** The room is starting and the dashboard is (or was, if `stopped`) polling for it. */
  waiting: boolean;
  stopped: boolean;
  waitedMs: number;
  /** Whether the room's process has started (its startedAt), when known: a stuck room means other things then. */
  processStarted?: boolean;
  onStopWaiting: () => void;
  onKeepWaiting: () => void;
  /** The room's join link, with its QR code on demand (ShareRoom), beside an active room's address. */
  share?: { appId: string; roomId: string; apiBaseUrl: string; copy?: boolean };
}

/** How to connect to the room: its address when active, the wait while it starts, or why it has none. */
export function RoomConnection(props: RoomConnectionProps) {
  const { roomStatus, info } = props;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Connection
      </Title>
      <VisuallyHidden aria-live="polite">{liveSummary(props)}</VisuallyHidden>
      {roomStatus === 'suspended' ? (
        <Text size="sm">
          The room is suspended: it has no process and no address. Resuming it allocates it again, possibly on another
          process with a new address.
        </Text>
      ) : roomStatus === 'destroyed' ? (
        <Text size="sm">The room is destroyed: it has no address any more.</Text>
      ) : info?.status === 'active' && info.exposedPort ? (
        <ActiveConnection info={info} handOff={props.handOff} share={props.share} />
      ) : props.error && !info ? (
        <ErrorState
          title="Could not load the connection info"
          error={props.error}
          onRetry={props.onRetry}
          autoRetryMs={AUTO_RETRY_MS}
        />
      ) : props.waiting ? (
        <Waiting {...props} />
      ) : (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Loading the connection info…</Text>
        </Group>
      )}
    </Stack>
  );
}

function liveSummary({ roomStatus, info, waiting, stopped }: RoomConnectionProps): string {
  if (roomStatus === 'suspended' || roomStatus === 'destroyed') return `The room is ${roomStatus}.`;
  if (info?.status === 'active') return 'The room is active.';
  if (waiting) return stopped ? 'Stopped waiting for the room.' : 'Waiting for the room to become active.';
  return '';
}

function ActiveConnection({
  info,
  handOff,
  share,
}: {
  info: ConnectionInfo;
  handOff: string;
  share: RoomConnectionProps['share'];
}) {
  const port = info.exposedPort;
  if (!port) return null;
  return (
    <Stack gap="sm">
      {isSimulatedHost(port.host) && (
        <Text size="sm" c="dimmed">
          This is a simulated address (ROOMDECK_RUNTIME=simulated): nothing listens there.
        </Text>
      )}
      <DataList labelWidth={110}>
        <DataList.Item>
          <DataList.ItemLabel>Address</DataList.ItemLabel>
          <DataList.ItemValue>
            <Group gap={4} wrap="nowrap">
              <Code>
                <HostPort host={port.host} port={port.port} />
              </Code>
              <CopyValue value={endpoint(port)} label="Copy host:port" />
            </Group>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Host</DataList.ItemLabel>
          <DataList.ItemValue>{port.host}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Port</DataList.ItemLabel>
          <DataList.ItemValue>{port.port}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Transport</DataList.ItemLabel>
          <DataList.ItemValue>{transportLabel(port.transportType)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Port name</DataList.ItemLabel>
          <DataList.ItemValue>{port.name}</DataList.ItemValue>
        </DataList.Item>
      </DataList>
      {info.additionalExposedPorts.length > 0 && (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing={4} aria-label="Additional ports" style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Additional port</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Transport</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {info.additionalExposedPorts.map((extra) => (
                <Table.Tr key={`${extra.name}-${extra.port}`}>
                  <Table.Td>{extra.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Code>{endpoint(extra)}</Code>
                      <CopyValue value={endpoint(extra)} label={`Copy host:port of ${extra.name}`} />
                    </Group>
                  </Table.Td>
                  <Table.Td>{transportLabel(extra.transportType)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <CopyTextButton value={handOff} tooltip="Room, host:port, ports, region, config and join link, as text">
          Copy connection details
        </CopyTextButton>
      </Group>
      {share && <ShareRoom {...share} />}
    </Stack>
  );
}

function Waiting({
  stopped,
  waitedMs,
  processStarted,
  checkedAt,
  info,
  error,
  onStopWaiting,
  onKeepWaiting,
}: RoomConnectionProps) {
  const late = waitedMs >= PORT_BIND_DEADLINE_MS;
  const seconds = Math.round(PORT_BIND_DEADLINE_MS / 1000);
  return (
    <Stack gap="sm">
      {stopped ? (
        <Text size="sm">
          Stopped waiting. The room was still starting when last checked
          {info && checkedAt ? ` at ${exactTime(new Date(checkedAt).toISOString())}` : ''}.
        </Text>
      ) : (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">
            Waiting for the room to become active:{' '}
            <Text span fw={700} inherit>
              {formatDuration(waitedMs)}
            </Text>{' '}
            since it was scheduled.
          </Text>
        </Group>
      )}
      {!stopped && (
        <Progress
          value={Math.min(100, (waitedMs / PORT_BIND_DEADLINE_MS) * 100)}
          color={late ? 'orange' : undefined}
          striped
          animated
          aria-label={`Time waited, out of the ${seconds} s a process has to start`}
        />
      )}
      {late && (
        <Alert color="orange" title={`Still not active after ${seconds} s`}>
          {processStarted ? (
            <Text size="sm">
              The room's process is running, but the room has not turned active: the game server has most likely not set
              this room up. Look for the room id in the process's logs; then destroy the room, or keep waiting.
            </Text>
          ) : (
            <Text size="sm">
              Hathora stops a process that has not bound its port within {seconds} seconds of starting, so this room's
              process has most likely failed to start. Check the process's logs; then destroy the room, or keep waiting
              if it may still be rescheduled.
            </Text>
          )}
        </Alert>
      )}
      {error !== null && error !== undefined && !stopped && (
        <Text size="sm" c="red">
          The last check failed ({describeError(error)}); trying again.
        </Text>
      )}
      <Group>
        {stopped ? (
          <Button size="xs" variant="default" onClick={onKeepWaiting}>
            Keep waiting
          </Button>
        ) : (
          <Button size="xs" variant="default" onClick={onStopWaiting}>
            Stop waiting
          </Button>
        )}
      </Group>
    </Stack>
  );
}
