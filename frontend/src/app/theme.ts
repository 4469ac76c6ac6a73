import { createTheme } from '@mantine/core';

const fontStack =
  '"Inter Variable", Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 6,
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily: fontStack,
  headings: { fontFamily: fontStack, fontWeight: '700' },
  colors: {},
});
