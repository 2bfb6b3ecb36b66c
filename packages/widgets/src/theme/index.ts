export { DoanflowStyles, stylesheet } from './Styles.tsx';
export { themeDefaults, themeStyle, token } from './tokens.ts';
export type { DoanflowTheme, ThemeToken } from './tokens.ts';
