import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime.ts';

const now = new Date('2026-03-10T12:00:00Z');

describe('relativeTime', () => {
  it('picks the largest unit that fits', () => {
    expect(relativeTime('2026-03-10T11:57:00Z', 'en', now)).toBe('3 minutes ago');
    expect(relativeTime('2026-03-08T12:00:00Z', 'en', now)).toBe('2 days ago');
    expect(relativeTime(new Date('2026-03-10T12:00:00Z'), 'en', now)).toBe('now');
  });

  it('speaks the locale asked for', () => {
    expect(relativeTime('2026-03-10T10:00:00Z', 'de', now)).toBe('vor 2 Stunden');
  });
});
