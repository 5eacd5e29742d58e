import { Badge } from '@mantine/core';
import type { ProcessState } from '../processView';

const COLORS: Record<ProcessState, string> = {
  starting: 'blue',
  running: 'teal',
  draining: 'violet',
  stopping: 'violet',
  stopped: 'gray',
  failed: 'red',
};

export function ProcessStateBadge({ state }: { state: ProcessState }) {
  return (
    <Badge color={COLORS[state]} variant="light" tt="none">
      {state}
    </Badge>
  );
}
