export { ThemeSelect } from '#src/features/theme/theme-select.tsx';
