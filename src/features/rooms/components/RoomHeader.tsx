import { Anchor, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CopyValue } from '@/components/CopyValue';
import { regionLabel } from '../regions';
import type { RoomStatus } from '../roomQueries';
import { RoomStatusBadge } from './RoomStatusBadge';

export interface RoomHeaderProps {
  roomId: string;
  appId: string;
  status?: RoomStatus | undefined;
  /** The process the room is allocated to now, if any. */
  process?: { processId: string; href: string } | undefined;
  /** The region of the room's current (or else latest) process; undefined while unknown. */
  region?: string | undefined;
  /** Where the region comes from when the room has no current process. */
  regionNote?: string | undefined;
  /** Buttons on the right: the room's actions, share links… */
  actions?: ReactNode;
}

/** The room's id (with copy), status, where it runs and what app it belongs to. */
export function RoomHeader({ roomId, appId, status, process, region, regionNote, actions }: RoomHeaderProps) {
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            Room {roomId}
          </Title>
          <CopyValue value={roomId} label="Copy room id" />
          {status && (
            // A live region: a screen reader hears the room turn active, suspended…
            // It keeps its width next to a long id (on a phone it was cut to "act…").
            <span role="status" aria-label="Room status" style={{ flexShrink: 0 }}>
              <RoomStatusBadge status={status} />
            </span>
          )}
        </Group>
        {status && (
          <Group gap="lg" wrap="wrap" component="dl" m={0}>
            <Fact label="Region">
              {region ? regionLabel(region) : '…'}
              {region && regionNote && (
                <Text span c="dimmed" size="xs">
                  {' '}
                  ({regionNote})
                </Text>
              )}
            </Fact>
            <Fact label="Process">
              {process ? (
                <Anchor component={Link} to={process.href} ff="monospace" size="sm">
                  {process.processId}
                </Anchor>
              ) : (
                <Text span c="dimmed" size="sm">
                  none ({status === 'destroyed' ? 'destroyed' : 'not allocated'})
                </Text>
              )}
            </Fact>
            <Fact label="App">
              <Code>{appId}</Code>
            </Fact>
          </Group>
        )}
      </Stack>
      {actions && (
        <Group gap="xs" wrap="wrap">
          {actions}
        </Group>
      )}
    </Group>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </Group>
  );
}
