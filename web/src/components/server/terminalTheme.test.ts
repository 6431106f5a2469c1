import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ansiPalettes } from './terminalTheme.ts';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

// The console's background is the `surface-2` token of each theme, as tokens.scss ships it.
const tokens = readFileSync(join(process.cwd(), 'web', 'src', 'css', 'tokens.scss'), 'utf8');
function surface(theme: 'light' | 'dark'): string {
  const block = new RegExp(`\\n  ${theme}: \\(([^)]*)\\)`).exec(tokens)?.[1] ?? '';
  return /surface-2:\s*(#[0-9a-f]{6})/i.exec(block)?.[1] ?? '';
}

describe('console colours', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`keep every ANSI colour readable on the ${theme} console`, () => {
      const background = surface(theme);
      expect(background).toMatch(/^#[0-9a-f]{6}$/i);
      const low = Object.entries(ansiPalettes[theme])
        .map(([name, colour]) => ({ name, ratio: contrast(colour, background) }))
        .filter(({ ratio }) => ratio < 4.5);
      expect(low).toEqual([]);
    });
  }
});
