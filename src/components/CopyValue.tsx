import { ActionIcon, CopyButton } from '@mantine/core';
import { CheckIcon, CopyIcon } from './icons';

/**
 * A small copy button whose accessible name says what it copies; its title says so too, then "Copied". A native
 * title rather than Mantine's Tooltip: the processes list (the first page) shows these, and the Tooltip brings a
 * positioning library of about 14 kB gzip into the first load (issue 8).
 */
export function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <ActionIcon
          variant="subtle"
          color={copied ? 'teal' : 'gray'}
          size="sm"
          onClick={(event) => {
            event.stopPropagation();
            copy();
          }}
          aria-label={label}
          title={copied ? 'Copied' : label}
        >
          {copied ? <CheckIcon /> : <CopyIcon />}
        </ActionIcon>
      )}
    </CopyButton>
  );
}
