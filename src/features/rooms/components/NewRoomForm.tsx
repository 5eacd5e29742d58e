import { Alert, Button, Fieldset, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import { describeActionError, describeError, isApiError } from '@/api/errors';
import type { ConfigPresets } from '../configPresets';
import { configProblem } from '../configText';
import { type Region, regionOptions } from '../regions';
import { formatJson, jsonProblem } from '../roomConfig';
import { isRoomIdTaken, validateRoomId } from '../roomId';
import { ConfigField } from './ConfigField';
import { ConfigPresetPicker } from './ConfigPresetPicker';

export interface NewRoomRequest {
  region: Region;
  /** Absent: the API generates an id. */
  roomId?: string;
  /** Absent: the room has no config. */
  roomConfig?: string;
}

interface Values {
  region: string | null;
  roomId: string;
  roomConfig: string;
  plainText: boolean;
}

/**
 * The create-room form. A taken room id from the API shows under the room id field, any other API error above
 * the buttons; what the user typed stays until they change it.
 */
export function NewRoomForm({
  onSubmit,
  pending,
  error,
  onDismissError,
  presets,
  cancel,
}: {
  onSubmit: (request: NewRoomRequest) => void;
  pending: boolean;
  /** The last create's error, if it failed. */
  error: unknown;
  onDismissError: () => void;
  presets: ConfigPresets;
  /** A way back, e.g. a link button. */
  cancel?: ReactNode;
}) {
  const form = useForm<Values>({
    initialValues: { region: null, roomId: '', roomConfig: '', plainText: false },
    validateInputOnChange: ['roomId'],
    validateInputOnBlur: ['roomConfig'],
    validate: {
      region: (value) => (value ? null : 'Choose the region to run the room in'),
      roomId: validateRoomId,
      roomConfig: (value, values) => configProblem(value, values.plainText),
    },
  });

  const { roomConfig, plainText } = form.values;
  const takenId = isRoomIdTaken(error);
  const configInput = form.getInputProps('roomConfig');

  const submit = form.onSubmit((values) => {
    if (pending) return; // never a second create for one click
    onSubmit({
      region: values.region as Region,
      ...(values.roomId ? { roomId: values.roomId } : {}),
      ...(values.roomConfig ? { roomConfig: values.roomConfig } : {}),
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Create room">
      <Stack gap="md" maw={720}>
        <Select
          label="Region"
          description="Where the room's process runs; pick the one closest to the players"
          placeholder="Choose a region"
          data={regionOptions()}
          searchable
          // Typing highlights the first match, so Enter picks it (and Tab then keeps it).
          selectFirstOptionOnChange
          required
          nothingFoundMessage="No region matches"
          {...form.getInputProps('region')}
        />
        <TextInput
          label="Room id"
          description="Optional: leave empty for a generated id. 1 to 100 letters, digits, _ and -; unique forever."
          placeholder="e.g. qa-ranked-01"
          autoComplete="off"
          spellCheck={false}
          {...form.getInputProps('roomId')}
          error={form.errors.roomId ?? (takenId ? describeError(error) : undefined)}
          onChange={(event) => {
            form.getInputProps('roomId').onChange(event);
            if (takenId) onDismissError();
          }}
        />
        <Fieldset legend="Room config" variant="filled">
          <Stack gap="sm">
            <ConfigPresetPicker
              presets={presets}
              roomConfig={roomConfig}
              plainText={plainText}
              onApply={(preset) => {
                form.setValues({ roomConfig: preset.roomConfig, plainText: preset.plainText });
                form.clearFieldError('roomConfig');
              }}
            />
            <ConfigField
              label="Config"
              plainText={plainText}
              description={
                plainText
                  ? 'Any text the game server reads, sent as it is'
                  : 'JSON the game server reads (HATHORA_INITIAL_ROOM_CONFIG or GetRoomInfo); optional'
              }
              placeholder={plainText ? undefined : '{ "mode": "ranked", "players": 4 }'}
              value={roomConfig}
              onChange={(value) => form.setFieldValue('roomConfig', value)}
              onBlur={configInput.onBlur}
              error={form.errors.roomConfig}
            />
            <Group justify="space-between" gap="sm">
              <Group gap="md">
                <Switch
                  label="Plain text, not JSON"
                  checked={plainText}
                  onChange={(event) => {
                    form.setFieldValue('plainText', event.currentTarget.checked);
                    form.clearFieldError('roomConfig');
                  }}
                />
                {!plainText && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    disabled={roomConfig.trim() === '' || jsonProblem(roomConfig) !== null}
                    onClick={() => form.setFieldValue('roomConfig', formatJson(roomConfig))}
                  >
                    Format JSON
                  </Button>
                )}
              </Group>
            </Group>
          </Stack>
        </Fieldset>

        {error != null && !takenId && (
          <Alert
            color="red"
            title={isApiError(error) && error.kind === 'timeout' ? 'No answer in time' : 'The room was not created'}
            role="alert"
            withCloseButton
            onClose={onDismissError}
          >
            <Text size="sm">{describeActionError(error)}</Text>
          </Alert>
        )}

        <Group gap="sm">
          <Button type="submit" loading={pending}>
            Create room
          </Button>
          {cancel}
        </Group>
      </Stack>
    </form>
  );
}
