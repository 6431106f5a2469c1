import { describe, expect, it } from 'vitest';
import {
  filtersFromQuery,
  fromLocalInput,
  queryFromFilters,
  toLocalInput,
} from './auditFilters.ts';

describe('audit filters', () => {
  it('reads single string values and ignores repeated or unknown ones', () => {
    expect(filtersFromQuery({ actor: '1', action: ['a', 'b'], other: 'x' })).toEqual({
      actor: '1',
      action: '',
      targetType: '',
      targetId: '',
      from: '',
      to: '',
    });
  });

  it('writes only the filters that are set, trimmed', () => {
    expect(
      queryFromFilters({
        actor: ' 1 ',
        action: '',
        targetType: 'role',
        targetId: '',
        from: '',
        to: '',
      }),
    ).toEqual({ actor: '1', targetType: 'role' });
  });

  it('turns local input times into ISO times and back', () => {
    const iso = fromLocalInput('2026-03-01T10:30');
    expect(iso).toBe(new Date('2026-03-01T10:30').toISOString());
    expect(toLocalInput(iso)).toBe('2026-03-01T10:30');
    expect(fromLocalInput('')).toBe('');
    expect(toLocalInput('not a time')).toBe('');
  });
});
