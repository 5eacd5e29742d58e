import { Alert, Text, Timeline } from '@mantine/core';
import { between, exactTime, formatDuration, fromNow } from '@/lib/time';
import { type ProcessTimelineStep, processTimeline } from '../processTimelineSteps';
import type { ProcessV3 } from '../processV3Queries';

export interface ProcessTimelineProps {
  process: ProcessV3;
  /** For relative times ("3 minutes ago"); default now. */
  now?: number;
}

/**
 * A process's status history from its ProcessV3 times: created, booted, started (bound its port), stopping,
 * and stopped or failed with the exit reason. Each time relative and exact; a failed process stands out in red.
 */
export function ProcessTimeline({ process, now = Date.now() }: ProcessTimelineProps) {
  const steps = processTimeline(process);
  const reached = steps.filter((s) => s.at !== null).length;
  const failed = process.status === 'failed';
  return (
    <>
      {failed && (
        <Alert color="red" variant="light" title="This process failed" role="alert" mb="sm">
          <Text size="sm">{process.summaryExitReason ?? 'It ended without a reason given.'}</Text>
        </Alert>
      )}
      <Timeline
        active={reached - 1}
        bulletSize={14}
        lineWidth={2}
        color={failed ? 'red' : undefined}
        aria-label="Status history"
      >
        {steps.map((step, i) => (
          <Timeline.Item
            key={step.key}
            title={step.title}
            color={step.key === 'failed' ? 'red' : undefined}
            lineVariant={step.at === null ? 'dashed' : 'solid'}
          >
            <StepText step={step} previous={steps[i - 1]} now={now} />
          </Timeline.Item>
        ))}
      </Timeline>
    </>
  );
}

function StepText({
  step,
  previous,
  now,
}: {
  step: ProcessTimelineStep;
  previous: ProcessTimelineStep | undefined;
  now: number;
}) {
  return (
    <>
      <Text size="xs" c="dimmed">
        {step.description}
      </Text>
      {step.at ? (
        <Text size="sm">
          <time dateTime={step.at} title={exactTime(step.at)}>
            {exactTime(step.at)}
          </time>{' '}
          <Text span size="xs" c="dimmed">
            ({fromNow(step.at, now)}
            {previous?.at
              ? `, ${formatDuration(between(previous.at, step.at))} after ${previous.title.toLowerCase()}`
              : ''}
            )
          </Text>
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {step.missing}
        </Text>
      )}
      {step.reason && (
        <Text size="sm" c={step.key === 'failed' ? 'red' : undefined} fw={500}>
          {step.reason}
        </Text>
      )}
    </>
  );
}
