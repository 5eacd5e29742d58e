import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  type ModalProps,
  type NotificationProps,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Light variants (badges, alerts) draw shade 6 text on a tint, which fails WCAG AA for small text in light mode.
 * Use shade 9 on shade 0 in light mode (4.7:1 for teal, the weakest we use; avoid yellow and orange, which
 * fail even so) and shade 2 text in dark mode.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.shade !== undefined) return colors;
  const c = parsed.color;
  return {
    ...colors,
    background: `light-dark(var(--mantine-color-${c}-0), ${colors.background})`,
    hover: `light-dark(var(--mantine-color-${c}-1), ${colors.hover})`,
    color: `light-dark(var(--mantine-color-${c}-9), var(--mantine-color-${c}-2))`,
  };
};

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on primary buttons above WCAG AA contrast (shade 6 is 3.56:1).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  variantColorResolver,
  // Plain objects rather than `Modal.extend(...)`: extend() only types its argument, but importing Modal and
  // Notification here would put them (and their scroll area, positioning and scroll lock) on the first page.
  components: {
    // Mantine's close buttons (an icon only) have no accessible name of their own.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } satisfies Partial<ModalProps> },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } satisfies Partial<NotificationProps>,
      // Under a title the description is gray.6 (3.3:1 on white); the dimmed colour passes.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
  },
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
