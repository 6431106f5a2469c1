import { describe, expect, it } from 'vitest';
import { EndedSessions } from './ended-sessions.ts';

describe('EndedSessions', () => {
  it('refuses a session for as long as its tokens may live, then forgets it', () => {
    let now = 1_000;
    const ended = new EndedSessions(500, () => now);
    ended.add('s1');
    expect(ended.has('s1')).toBe(true);
    expect(ended.has('s2')).toBe(false);
    now = 1_499;
    expect(ended.has('s1')).toBe(true);
    now = 1_500;
    expect(ended.has('s1')).toBe(false);
    expect(ended.size).toBe(0);
  });

  it('drops expired entries as new ones arrive, so the list stays bounded', () => {
    let now = 0;
    const ended = new EndedSessions(100, () => now);
    for (let i = 0; i < 50; i++) ended.add(`old-${i}`);
    now = 200;
    ended.add('new');
    expect(ended.size).toBe(1);
    expect(ended.has('new')).toBe(true);
  });
});
