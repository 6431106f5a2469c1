import type { Composer } from 'vue-i18n';

/**
 * The catalog names permissions by message key; plugins that ship no strings for a key (or
 * give a plain label) are shown with what they sent.
 */
export function catalogText(i18n: Pick<Composer, 't' | 'te'>, keyOrText: string): string {
  return i18n.te(keyOrText) ? i18n.t(keyOrText) : keyOrText;
}

/** Discord colours are integers; 0 means the role has none. */
export function roleColor(color: number): string | undefined {
  return color === 0 ? undefined : `#${color.toString(16).padStart(6, '0')}`;
}
