import { Badge, Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { CopyTextButton } from '@/components/CopyTextButton';
import { CopyValue } from '@/components/CopyValue';
import { HostPort } from '@/components/HostPort';
import { endpoint, transportLabel } from '../handOffText';
import type { ExposedPort } from '../roomQueries';
import { THIS_MACHINE_ONLY } from '../shareLink';
import { JoinQr } from './JoinQr';

/**
 * What QA needs to connect to an active room: host and port large, copy buttons, the ports, and a QR code of the
 * room's join page (shown at first, with a toggle), so another device can open this page too.
 */
export function ConnectionHandOff({
  exposedPort,
  additionalExposedPorts,
  handOff,
  joinUrl,
  thisMachineOnly,
  qrInitiallyShown = true,
}: {
  exposedPort: ExposedPort;
  additionalExposedPorts: readonly ExposedPort[];
  handOff: string;
  /** The room's join URL (see shareLink): what the QR code holds. */
  joinUrl: string;
  /** The join URL is a loopback one: only this machine can open it. */
  thisMachineOnly: boolean;
  qrInitiallyShown?: boolean;
}) {
  const address = endpoint(exposedPort);
  const [qrShown, setQrShown] = useState(qrInitiallyShown);
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" radius="md">
        <Group justify="space-between" align="flex-start" gap="xl">
          <Stack gap="md" style={{ flex: '1 1 18rem', minWidth: 0 }}>
            <Box>
              <Text size="sm" c="dimmed">
                The room is active. Connect to
              </Text>
              <Text ff="monospace" fw={700} fz={{ base: 22, sm: 32 }} lh={1.25} style={{ overflowWrap: 'break-word' }}>
                {/* A long host wraps after a dot or before the port, never inside the port. */}
                <HostPort host={exposedPort.host} port={exposedPort.port} />
              </Text>
            </Box>
            <Group component="dl" gap="xl" m={0} align="flex-start">
              <Field term="Host" value={exposedPort.host} />
              <Field term="Port" value={String(exposedPort.port)} />
              <Field term="Transport" value={transportLabel(exposedPort.transportType)} />
            </Group>
            <Group gap="xs">
              <CopyTextButton value={address} variant="filled">
                Copy host:port
              </CopyTextButton>
              <CopyTextButton value={exposedPort.host}>Copy host</CopyTextButton>
              <CopyTextButton value={String(exposedPort.port)}>Copy port</CopyTextButton>
              <CopyTextButton value={handOff} tooltip="Room, host:port, transport and what else is known, as text">
                Copy hand-off text
              </CopyTextButton>
            </Group>
          </Stack>
          <Stack gap="xs" align="center" maw="14rem">
            {qrShown && <JoinQr url={joinUrl} />}
            <Button size="xs" variant="subtle" aria-expanded={qrShown} onClick={() => setQrShown((v) => !v)}>
              {qrShown ? 'Hide QR' : 'Show QR'}
            </Button>
            {thisMachineOnly && (
              <Text size="xs" fw={600} ta="center">
                {THIS_MACHINE_ONLY}
              </Text>
            )}
          </Stack>
        </Group>
      </Paper>

      {additionalExposedPorts.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            Additional ports
          </Title>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Host:port</Table.Th>
                <Table.Th>Transport</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {additionalExposedPorts.map((p) => (
                <Table.Tr key={`${p.name}-${p.port}`}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text ff="monospace" size="sm">
                        {endpoint(p)}
                      </Text>
                      <CopyValue value={endpoint(p)} label={`Copy host:port of ${p.name}`} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" tt="none">
                      {transportLabel(p.transportType)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}

function Field({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {term}
      </Text>
      <Text component="dd" m={0} ff="monospace" size="lg" fw={600} style={{ overflowWrap: 'break-word' }}>
        {value}
      </Text>
    </div>
  );
}
