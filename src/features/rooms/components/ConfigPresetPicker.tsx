import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { type ConfigPreset, type ConfigPresets, PRESET_NAME_MAX_LENGTH, presetNameProblem } from '../configPresets';

/**
 * Named room configs saved in this browser: pick one to apply it to the form, save the current config under a
 * name, rename or delete the picked one.
 */
export function ConfigPresetPicker({
  presets,
  roomConfig,
  plainText,
  onApply,
}: {
  presets: ConfigPresets;
  roomConfig: string;
  plainText: boolean;
  onApply: (preset: ConfigPreset) => void;
}) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'save' | 'rename' | null>(null);
  const selected = presets.presets.find((p) => p.id === selectedId);

  // The preset the delete confirmation is about; kept while the dialog fades out, so its text stays.
  const [deleting, setDeleting] = useState<ConfigPreset | null>(null);
  const [deleteOpen, setDeleteOpen] = useState(false);

  return (
    <>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select
          label="Config preset"
          placeholder={presets.presets.length ? 'Pick one to apply it' : 'No presets saved in this browser yet'}
          data={presets.presets.map((p) => ({ value: p.id, label: p.name }))}
          value={selected?.id ?? null}
          onChange={(id) => {
            setSelectedId(id);
            const preset = presets.presets.find((p) => p.id === id);
            if (preset) onApply(preset);
          }}
          disabled={presets.presets.length === 0}
          searchable
          clearable
          nothingFoundMessage="No preset with that name"
          style={{ flex: '1 1 16rem' }}
        />
        <Button variant="default" onClick={() => setDialog('save')} disabled={roomConfig === ''}>
          Save as preset…
        </Button>
        <Button variant="default" onClick={() => setDialog('rename')} disabled={!selected}>
          Rename…
        </Button>
        <Button
          variant="default"
          color="red"
          onClick={() => {
            if (!selected) return;
            setDeleting(selected);
            setDeleteOpen(true);
          }}
          disabled={!selected}
        >
          Delete
        </Button>
      </Group>
      <ConfirmDialog
        opened={deleteOpen}
        title="Delete preset?"
        confirmLabel="Delete preset"
        confirmColor="red"
        onClose={() => setDeleteOpen(false)}
        onConfirm={() => {
          if (deleting) run(() => presets.remove(deleting.id), `Preset “${deleting.name}” deleted`);
        }}
      >
        <Text size="sm">“{deleting?.name}” is deleted from this browser. Rooms created with it keep their config.</Text>
      </ConfirmDialog>
      <PresetNameDialog
        key={dialog ?? 'closed'}
        opened={dialog !== null}
        mode={dialog ?? 'save'}
        presets={presets.presets}
        renaming={dialog === 'rename' ? selected : undefined}
        initialName={selected?.name ?? ''}
        onClose={() => setDialog(null)}
        onSubmit={(name) => {
          if (dialog === 'rename' && selected) {
            presets.rename(selected.id, name);
            notifications.show({ message: `Preset renamed to “${name.trim()}”`, color: 'teal' });
          } else {
            const saved = presets.save(name, roomConfig, plainText);
            setSelectedId(saved.id);
            notifications.show({ message: `Preset “${saved.name}” saved in this browser`, color: 'teal' });
          }
          setDialog(null);
        }}
      />
    </>
  );
}

function run(change: () => void, done: string) {
  try {
    change();
    notifications.show({ message: done, color: 'teal' });
  } catch (error) {
    notifications.show({ title: 'Presets not changed', message: (error as Error).message, color: 'red' });
  }
}

function PresetNameDialog({
  opened,
  mode,
  presets,
  renaming,
  initialName,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  mode: 'save' | 'rename';
  presets: readonly ConfigPreset[];
  renaming: ConfigPreset | undefined;
  initialName: string;
  onClose: () => void;
  /** Throws when the change could not be stored; the message is shown in the dialog. */
  onSubmit: (name: string) => void;
}) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const replaced =
    mode === 'save' ? presets.find((p) => p.name.trim().toLowerCase() === name.trim().toLowerCase()) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = presetNameProblem(name, presets, renaming?.id);
    if (problem) {
      setError(problem);
      return;
    }
    try {
      onSubmit(name);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={mode === 'rename' ? `Rename preset “${renaming?.name ?? ''}”` : 'Save config as preset'}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Preset name"
            placeholder="QA: 4-player ranked"
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setError(null);
            }}
            error={error}
            description={
              replaced
                ? `Replaces the saved preset “${replaced.name}” with the current config`
                : 'Saved in this browser only'
            }
            maxLength={PRESET_NAME_MAX_LENGTH}
            data-autofocus
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">
              {mode === 'rename' ? 'Rename preset' : replaced ? 'Replace preset' : 'Save preset'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
