import { describe, expect, it } from 'vitest';
import { CommandHistory } from './commandHistory.ts';

describe('command history', () => {
  it('walks back with Up and forward with Down, returning to the draft', () => {
    const history = new CommandHistory(['list', 'say hi']);
    expect(history.previous('wea')).toBe('say hi');
    expect(history.previous('say hi')).toBe('list');
    expect(history.previous('list')).toBe('list');
    expect(history.next('list')).toBe('say hi');
    expect(history.next('say hi')).toBe('wea');
    expect(history.next('wea')).toBe('wea');
  });

  it('keeps neither blanks nor a command repeated at once, and at most its limit', () => {
    const history = new CommandHistory([], 3);
    for (const c of ['a', 'a', ' ', 'b', 'c', 'd']) history.push(c);
    expect(history.entries).toEqual(['b', 'c', 'd']);
    expect(history.previous('')).toBe('d');
    history.push('e');
    expect(history.previous('')).toBe('e');
  });

  it('leaves the input alone when there is nothing to walk', () => {
    const history = new CommandHistory();
    expect(history.previous('x')).toBe('x');
    expect(history.next('x')).toBe('x');
  });
});
