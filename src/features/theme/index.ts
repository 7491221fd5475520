/** What the rest of the app may use of the theme choice. */
export { ThemeSelect } from '#src/features/theme/theme-select.tsx';
