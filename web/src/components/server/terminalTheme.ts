import type { ITheme } from '@xterm/xterm';

/** The sixteen ANSI colours a game's console uses, in xterm's names. */
export type AnsiPalette = Required<
  Pick<
    ITheme,
    | 'black'
    | 'red'
    | 'green'
    | 'yellow'
    | 'blue'
    | 'magenta'
    | 'cyan'
    | 'white'
    | 'brightBlack'
    | 'brightRed'
    | 'brightGreen'
    | 'brightYellow'
    | 'brightBlue'
    | 'brightMagenta'
    | 'brightCyan'
    | 'brightWhite'
  >
>;

// xterm's default palette is drawn for a black screen: on the light theme its green and yellow
// are unreadable. These keep every colour at 4.5:1 or more on the console's surface (the
// `surface-2` token) in each theme, checked by terminalTheme.test.ts; "white" and "black" swap
// roles with the background so text written in them stays visible.
export const ansiPalettes: Record<'light' | 'dark', AnsiPalette> = {
  light: {
    black: '#1f2328',
    red: '#b91c1c',
    green: '#166534',
    yellow: '#854d0e',
    blue: '#1d4ed8',
    magenta: '#86198f',
    cyan: '#0e7490',
    white: '#4b5563',
    brightBlack: '#4b5563',
    brightRed: '#991b1b',
    brightGreen: '#14532d',
    brightYellow: '#713f12',
    brightBlue: '#1e40af',
    brightMagenta: '#701a75',
    brightCyan: '#155e75',
    brightWhite: '#111827',
  },
  dark: {
    black: '#8d95a5',
    red: '#f87171',
    green: '#4ade80',
    yellow: '#fbbf24',
    blue: '#60a5fa',
    magenta: '#e879f9',
    cyan: '#22d3ee',
    white: '#e7e9ee',
    brightBlack: '#a4abb9',
    brightRed: '#fca5a5',
    brightGreen: '#86efac',
    brightYellow: '#fde68a',
    brightBlue: '#93c5fd',
    brightMagenta: '#f0abfc',
    brightCyan: '#67e8f9',
    brightWhite: '#ffffff',
  },
};
