import { afterEach, beforeEach, vi } from 'vitest';
import { i18n } from '../i18n/instance.ts';

// happy-dom has no Screen Orientation API; Quasar's Platform reads it when installing. Tests that
// talk to a real core run in the node environment, without a screen at all.
const hasScreen = typeof screen !== 'undefined';
if (hasScreen && (!('orientation' in screen) || screen.orientation === undefined)) {
  Object.defineProperty(screen, 'orientation', {
    configurable: true,
    value: {
      type: 'landscape-primary',
      angle: 0,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
  });
}

// Every test starts from English, no remembered preferences and the real fetch.
beforeEach(() => {
  if (hasScreen) localStorage.clear();
  i18n.global.locale.value = 'en';
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
