import { createTheme, type MantineColorsTuple } from '@mantine/core';

const lagoon: MantineColorsTuple = [
  '#e6f7f6',
  '#cdeceb',
  '#9cd8d5',
  '#67c3bf',
  '#3fb1ac',
  '#26a5a0',
  '#149f99',
  '#0b7a75',
  '#006c68',
  '#005d5a',
];

export const theme = createTheme({
  primaryColor: 'lagoon',
  primaryShade: { light: 7, dark: 5 },
  colors: { lagoon },
  defaultRadius: 'md',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: {
    fontFamily:
      'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    fontWeight: '650',
  },
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Anchor: { defaultProps: { underline: 'always' } },
    // A badge is a status: it must never be cut to "PEND…". It keeps its width in a flex row, and in
    // the rare case it is wider than its container it wraps between words instead of truncating.
    Badge: {
      defaultProps: { radius: 'sm', variant: 'light' },
      styles: {
        root: { flexShrink: 0, maxWidth: '100%', height: 'auto', minHeight: 'var(--badge-height)' },
        label: { overflow: 'visible', textOverflow: 'clip', whiteSpace: 'normal' },
      },
    },
    Button: { defaultProps: { radius: 'md' } },
    PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Show or hide what you typed' } } },
    // Every toast has a close button, which has no text of its own.
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
  },
});
