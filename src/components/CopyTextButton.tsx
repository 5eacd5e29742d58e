import { Button, type ButtonProps, CopyButton, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled button that copies `value` and says "Copied" for a moment. For the main copy actions of a page. */
export function CopyTextButton({
  value,
  children,
  tooltip,
  ...buttonProps
}: { value: string; children: ReactNode; tooltip?: string } & Omit<ButtonProps, 'children'>) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : tooltip} disabled={!tooltip && !copied} withArrow>
          <Button
            variant="default"
            size="xs"
            {...buttonProps}
            color={copied ? 'teal' : buttonProps.color}
            onClick={copy}
          >
            {copied ? 'Copied' : children}
          </Button>
        </Tooltip>
      )}
    </CopyButton>
  );
}
