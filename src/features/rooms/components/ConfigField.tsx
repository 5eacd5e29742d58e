import { JsonInput, Textarea } from '@mantine/core';
import type { FocusEventHandler, ReactNode } from 'react';
import { configLength, configLengthProblem } from '../configText';
import { ROOM_CONFIG_MAX_LENGTH } from '../roomConfig';

const LIMIT = ROOM_CONFIG_MAX_LENGTH.toLocaleString('en-US');

export interface ConfigFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: FocusEventHandler<HTMLTextAreaElement>;
  /** Plain text (any text, sent as it is) or JSON. */
  plainText: boolean;
  /** Said above the count. */
  description?: ReactNode;
  placeholder?: string;
  /** A problem the form found (e.g. invalid JSON on submit); being over the length limit always shows. */
  error?: ReactNode;
  minRows?: number;
}

/**
 * The room config editor of both create and edit: JSON or plain text, with the length counted live as the API
 * counts it (code points: an emoji counts once; `configLength`) against its limit, and over the limit an error.
 */
export function ConfigField({
  label,
  value,
  onChange,
  onBlur,
  plainText,
  description,
  placeholder,
  error,
  minRows = 5,
}: ConfigFieldProps) {
  const length = configLength(value);
  const shownError = error ?? configLengthProblem(value) ?? undefined;
  const common = {
    label,
    value,
    onBlur,
    placeholder,
    description: (
      <>
        {description && (
          <>
            {description}
            <br />
          </>
        )}
        <span>
          {length.toLocaleString('en-US')} / {LIMIT} characters
        </span>
      </>
    ),
    error: shownError,
    autosize: true,
    minRows,
    maxRows: 18,
    spellCheck: false,
    styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)' } },
  };
  return plainText ? (
    <Textarea {...common} onChange={(event) => onChange(event.currentTarget.value)} />
  ) : (
    <JsonInput {...common} onChange={onChange} validationError={shownError ?? 'Not valid JSON'} />
  );
}
