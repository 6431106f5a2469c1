import { defineBoot } from '#q-app';
import { useThemeStore } from '../stores/theme.ts';

// Runs before the root component mounts, so the first rendered frame already has the
// remembered theme; until this script runs, app.scss follows `prefers-color-scheme`.
export default defineBoot(({ store }) => {
  useThemeStore(store).apply();
});
