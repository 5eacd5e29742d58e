import { Button, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import type { Region } from '../processV3Queries';

export interface StartProcessButtonProps {
  /** The regions to offer, grouped as the room form groups them. */
  regionOptions: { group: string; items: { value: Region; label: string }[] }[];
  /** Preselected, e.g. the region of the process on screen. */
  defaultRegion?: Region;
  regionLabel: (region: Region) => string;
  pending?: boolean;
  onStart: (region: Region) => void;
}

/**
 * **Start a process** in a region (pre-warm): a region picker and a confirm. The new process runs the app's current
 * deployment and waits for rooms; it stops again once idle (if the deployment says so).
 */
export function StartProcessButton({
  regionOptions,
  defaultRegion = 'Seattle',
  regionLabel,
  pending = false,
  onStart,
}: StartProcessButtonProps) {
  const [opened, setOpened] = useState(false);
  const [region, setRegion] = useState<Region>(defaultRegion);
  return (
    <>
      <Button variant="default" size="xs" loading={pending} onClick={() => setOpened(true)}>
        Start a process
      </Button>
      <ConfirmDialog
        opened={opened}
        title="Start a process?"
        confirmLabel={`Start in ${regionLabel(region)}`}
        onConfirm={() => onStart(region)}
        onClose={() => setOpened(false)}
      >
        <Select
          label="Region"
          data={regionOptions}
          value={region}
          onChange={(value) => value && setRegion(value as Region)}
          allowDeselect={false}
          searchable
          comboboxProps={{ withinPortal: false }}
        />
        <Text size="sm" c="dimmed">
          A new process of the current deployment starts in {regionLabel(region)} and waits for rooms (pre-warm), so the
          next room there needs no cold start. It counts against the app's capacity until it stops.
        </Text>
      </ConfirmDialog>
    </>
  );
}
