export { DoanflowStyles, stylesheet } from './Styles.tsx';
export { themeDefaults } from './tokens.ts';
export type { DoanflowTheme, ThemeToken } from './tokens.ts';
