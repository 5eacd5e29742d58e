import { type CSSVariablesResolver, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on primary buttons above WCAG AA contrast (shade 6 is 3.56:1).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});

/**
 * Mantine's dimmed text (descriptions, `c="dimmed"`) and field error text are below WCAG AA contrast:
 * dimmed gray.6 on white 3.3:1, dark.2 on dark.7 4.0:1; error red.6 on white 3.3:1, red.8 on dark.7 3.4:1.
 * These pass in both schemes: gray.7 8.2:1, dark.1 about 7:1, red.9 5.5:1, red.5 5.6:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-5)',
  },
});
