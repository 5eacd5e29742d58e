import { Box, Text } from '@mantine/core';
import { diffLines } from '../configText';

const MARK = { same: ' ', removed: '-', added: '+' } as const;
const BACKGROUND = {
  same: undefined,
  removed: 'var(--mantine-color-red-light)',
  added: 'var(--mantine-color-teal-light)',
} as const;

/** A line diff of two config texts; each line starts with `-`, `+` or a space, so it reads as text too. */
export function ConfigDiff({ before, after, label }: { before: string; after: string; label: string }) {
  const lines = diffLines(before, after);
  const removed = lines.filter((l) => l.kind === 'removed').length;
  const added = lines.filter((l) => l.kind === 'added').length;
  return (
    <div>
      <Text size="sm" c="dimmed" mb={4}>
        {removed === 0 && added === 0
          ? 'No changes.'
          : `${removed} ${removed === 1 ? 'line' : 'lines'} removed, ${added} added.`}
      </Text>
      <Box
        component="pre"
        role="region"
        aria-label={label}
        m={0}
        p="xs"
        ff="monospace"
        fz="xs"
        mah={360}
        bd="1px solid var(--mantine-color-default-border)"
        style={{ overflow: 'auto', borderRadius: 'var(--mantine-radius-sm)' }}
        tabIndex={0}
      >
        {lines.map((line, index) => (
          <Box
            // biome-ignore lint/suspicious/noArrayIndexKey: the diff is rebuilt as a whole on each change
            key={index}
            component="span"
            display="block"
            bg={BACKGROUND[line.kind]}
          >
            {MARK[line.kind]} {line.text}
          </Box>
        ))}
      </Box>
    </div>
  );
}
