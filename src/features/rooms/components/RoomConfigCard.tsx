import { Alert, Badge, Box, Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { CopyValue } from '@/components/CopyValue';
import { compactJson, configProblem, displayRoomConfig, sameJson } from '../configText';
import { formatJson, jsonProblem } from '../roomConfig';
import { ConfigDiff } from './ConfigDiff';
import { ConfigField } from './ConfigField';

export type ConfigSaveResult =
  | { outcome: 'saved' }
  /** The server's config is no longer the one the edit started from. */
  | { outcome: 'conflict'; serverConfig: string | null }
  /** Not saved: the API refused or did not answer; `message` says why. */
  | { outcome: 'failed'; message: string };

export interface RoomConfigCardProps {
  /** The room's config as last read from the API. */
  config: string | null;
  /** Hides editing. */
  readOnly: boolean;
  /** Why the config cannot be edited now, or null. */
  editBlocked: string | null;
  /** Saves `draft`, unless the server's config is no longer `base`. */
  onSave: (draft: string, base: string | null) => Promise<ConfigSaveResult>;
}

interface Edit {
  /** The config the edit started from. */
  base: string | null;
  draft: string;
  plainText: boolean;
  step: 'edit' | 'review';
  /** Found at save time: the server's config differs from `base`. */
  conflict?: { serverConfig: string | null };
  /** Why the last save failed; shown beside the save button, which tries again. */
  failure?: string;
  showProblems?: boolean;
}

/**
 * The room's config, pretty-printed when it is JSON. Editing: JSON (validated, formatted on request) or plain
 * text, the length counted live against the API's limit, then a diff to review before saving. When the server's
 * config changed since the edit began, the review says so and shows that change before anything is overwritten.
 */
export function RoomConfigCard({ config, readOnly, editBlocked, onSave }: RoomConfigCardProps) {
  const [edit, setEdit] = useState<Edit | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = displayRoomConfig(config);

  const start = () => setEdit({ base: config, draft: config ?? '', plainText: shown.kind === 'text', step: 'edit' });

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Title order={2} size="h4">
            Config
          </Title>
          {shown.kind !== 'empty' && (
            <Badge variant="light" color="gray" tt="none">
              {shown.kind === 'json' ? 'JSON' : 'Text'}
            </Badge>
          )}
          {config && <CopyValue value={config} label="Copy config" />}
        </Group>
        {!readOnly && !edit && (
          <Button
            size="xs"
            variant="default"
            onClick={start}
            disabled={editBlocked !== null}
            title={editBlocked ?? undefined}
          >
            Edit config
          </Button>
        )}
      </Group>
      {!edit &&
        (shown.kind === 'empty' ? (
          <Text size="sm" c="dimmed">
            No config: the room was created without one.
          </Text>
        ) : (
          <Box
            component="pre"
            role="region"
            aria-label="Current config"
            tabIndex={0}
            m={0}
            p="xs"
            ff="monospace"
            fz="xs"
            mah={400}
            bg="var(--mantine-color-default-hover)"
            style={{ overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', borderRadius: 4 }}
          >
            {shown.text}
          </Box>
        ))}
      {edit && (
        <ConfigEditor
          edit={edit}
          serverConfig={config}
          saving={saving}
          onChange={setEdit}
          onCancel={() => setEdit(null)}
          onSave={async (base) => {
            setSaving(true);
            const result = await onSave(edit.draft, base).finally(() => setSaving(false));
            if (result.outcome === 'saved') setEdit(null);
            if (result.outcome === 'conflict') {
              setEdit({ ...edit, conflict: { serverConfig: result.serverConfig }, failure: undefined });
            }
            if (result.outcome === 'failed') setEdit({ ...edit, failure: result.message });
          }}
        />
      )}
    </Stack>
  );
}

function ConfigEditor({
  edit,
  serverConfig,
  saving,
  onChange,
  onCancel,
  onSave,
}: {
  edit: Edit;
  serverConfig: string | null;
  saving: boolean;
  onChange: (edit: Edit) => void;
  onCancel: () => void;
  onSave: (base: string | null) => void;
}) {
  const { draft, plainText, base } = edit;
  const invalidJson = !plainText && draft.trim() !== '' ? jsonProblem(draft) : null;
  const problem = configProblem(draft, plainText);
  const unchanged = draft === (base ?? '');
  // What the server has now, when it is not what the edit started from (seen at save time, or on a refetch).
  const moved = edit.conflict ?? (serverConfig !== base ? { serverConfig } : undefined);
  const set = (patch: Partial<Edit>) => onChange({ ...edit, ...patch });

  if (edit.step === 'review') {
    return (
      <Stack gap="sm">
        {moved && (
          <Alert color="orange" title="The config changed on the server since you started editing" role="alert">
            <Stack gap="xs">
              <Text size="sm">Saving now overwrites this change, made by someone or something else:</Text>
              <ConfigDiff before={base ?? ''} after={moved.serverConfig ?? ''} label="Changes made on the server" />
            </Stack>
          </Alert>
        )}
        <Text size="sm" fw={600}>
          What saving changes
        </Text>
        <ConfigDiff before={moved?.serverConfig ?? base ?? ''} after={draft} label="Changes to the config" />
        {sameJson(moved?.serverConfig ?? base ?? '', draft) && (
          <Text size="sm" c="dimmed">
            The same JSON value: only whitespace changes.
          </Text>
        )}
        {edit.failure && (
          <Alert color="red" title="The config was not saved" role="alert">
            <Text size="sm">{edit.failure}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => set({ step: 'edit', failure: undefined })} disabled={saving}>
            Back to editing
          </Button>
          {moved ? (
            <Button color="orange" loading={saving} onClick={() => onSave(moved.serverConfig)}>
              Overwrite with my version
            </Button>
          ) : (
            <Button loading={saving} onClick={() => onSave(base)}>
              Save config
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      {moved && (
        <Alert color="orange" title="The config changed on the server since you started editing">
          <Text size="sm">The review shows that change before you save over it.</Text>
        </Alert>
      )}
      <Switch
        label="Plain text (not JSON)"
        checked={plainText}
        onChange={(event) => set({ plainText: event.currentTarget.checked })}
      />
      <ConfigField
        label="New config"
        plainText={plainText}
        value={draft}
        onChange={(value) => set({ draft: value })}
        error={edit.showProblems ? problem : undefined}
        minRows={6}
      />
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          {!plainText && (
            <>
              <Button
                size="xs"
                variant="default"
                disabled={invalidJson !== null || draft.trim() === ''}
                onClick={() => set({ draft: formatJson(draft) })}
              >
                Format JSON
              </Button>
              <Button
                size="xs"
                variant="default"
                disabled={invalidJson !== null || draft.trim() === ''}
                onClick={() => set({ draft: compactJson(draft) })}
              >
                Compact JSON
              </Button>
            </>
          )}
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            disabled={unchanged && !moved}
            onClick={() => (problem ? set({ showProblems: true }) : set({ step: 'review', showProblems: false }))}
          >
            Review changes
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
