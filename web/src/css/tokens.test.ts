import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Reads the theme maps out of tokens.scss, so the check runs on the values that ship.
function readThemes(): Record<'light' | 'dark', Record<string, string>> {
  const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'tokens.scss'), 'utf8');
  const themes = { light: {}, dark: {} } as Record<'light' | 'dark', Record<string, string>>;
  for (const name of ['light', 'dark'] as const) {
    const block = new RegExp(`\\n  ${name}: \\(([^)]*)\\)`).exec(source)?.[1] ?? '';
    for (const match of block.matchAll(/([\w-]+):\s*(#[0-9a-f]{6})/gi)) {
      themes[name][match[1] ?? ''] = match[2] ?? '';
    }
  }
  return themes;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const themes = readThemes();
const surfaces = ['bg', 'surface-1', 'surface-2'];
const textTokens = [
  'text',
  'text-muted',
  'text-subtle',
  'primary',
  'brand-teal',
  'state-running',
  'state-starting',
  'state-stopped',
  'state-failed',
  'state-unknown',
];
const uiTokens = ['border-strong', 'focus-ring'];

describe.each(['light', 'dark'] as const)('%s theme tokens', (name) => {
  const theme = themes[name];

  it('defines the same tokens as the other theme', () => {
    expect(Object.keys(theme).sort()).toEqual(Object.keys(themes.light).sort());
    expect(Object.keys(theme).length).toBeGreaterThan(10);
  });

  it.each(textTokens)('%s reads at WCAG AA (4.5:1) on every surface', (token) => {
    for (const surface of surfaces) {
      expect(
        contrast(theme[token] ?? '', theme[surface] ?? ''),
        `${token} on ${surface}`,
      ).toBeGreaterThanOrEqual(4.5);
    }
  });

  it.each(uiTokens)('%s stands out from surfaces at 3:1', (token) => {
    for (const surface of ['bg', 'surface-1']) {
      expect(
        contrast(theme[token] ?? '', theme[surface] ?? ''),
        `${token} on ${surface}`,
      ).toBeGreaterThanOrEqual(3);
    }
  });

  it('puts readable text on the primary colour and its soft tint', () => {
    expect(contrast(theme['on-primary'] ?? '', theme.primary ?? '')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme.text ?? '', theme['primary-soft'] ?? '')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(theme.primary ?? '', theme['primary-soft'] ?? '')).toBeGreaterThanOrEqual(3);
  });
});
