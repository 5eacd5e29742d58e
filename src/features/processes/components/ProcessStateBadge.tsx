import { Badge } from '@mantine/core';
import type { ProcessState } from '../processView';

const COLORS: Record<ProcessState, string> = {
  starting: 'yellow',
  running: 'teal',
  draining: 'orange',
  stopping: 'orange',
  stopped: 'gray',
};

export function ProcessStateBadge({ state }: { state: ProcessState }) {
  return (
    <Badge color={COLORS[state]} variant="dot" tt="none">
      {state}
    </Badge>
  );
}
