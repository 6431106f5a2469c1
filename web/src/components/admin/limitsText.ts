import type { ComposerTranslation } from 'vue-i18n';
import { limitKeys, type ResourceLimits } from '../../api/limits.ts';

type Numbers = Partial<ResourceLimits>;

/** "Servers 10 · CPU (millicores) 8,000 · …" for the numbers present, in the panel's language. */
export function formatLimits(
  t: ComposerTranslation,
  n: (value: number) => string,
  limits: Numbers,
): string {
  return limitKeys
    .filter((k) => typeof limits[k] === 'number')
    .map((k) => `${t(`limits.keys.${k}`)} ${n(limits[k]!)}`)
    .join(' · ');
}
