import { describe, expect, it } from 'vitest';
import { convertPhpRegex } from './regex.ts';

describe('convertPhpRegex', () => {
  it.each([
    ['/^([\\w\\d._-]+)(\\.jar)$/', '^([\\w\\d._-]+)(\\.jar)$'],
    ['/^[0-9\\.\\-]+$/', '^[0-9\\.\\-]+$'],
    ['/^a\\/b$/', '^a\\/b$'],
    ['#^a/b$#', '^a/b$'],
    ['#^a\\#b$#', '^a#b$'],
    ['~^\\@x$~', '^@x$'],
    ['{^a|b$}', '^a|b$'],
    ['(^ab$)', '^ab$'],
    ['/^abc$/i', '(?i:^abc$)'],
    ['/^a.b$/s', '(?s:^a.b$)'],
    ['/^a$/im', '(?im:^a$)'],
    ['/^abc$/u', '^abc$'],
    ['/^abc$/D', '^abc$'],
    ['/(?i)^abc$/', '(?i:^abc$)'],
    ['/^ a b # comment\n c$/x', '^abc$'],
    ['/^[ a]$/x', '^[ a]$'],
    ['/\\Aabc\\z/', '(?<![\\s\\S])abc(?![\\s\\S])'],
    ['/abc\\Z/', 'abc(?=\\n?(?![\\s\\S]))'],
    ['/^\\pL+$/u', '^\\p{L}+$'],
    ['/^\\p{Lu}\\PL$/u', '^\\p{Lu}\\P{L}$'],
    ['/^\\x{41}$/u', '^\\u{41}$'],
    ['/^\\x41$/', '^\\x41$'],
    ['/^(?P<year>\\d{4})-(?P=year)$/', '^(?<year>\\d{4})-\\k<year>$'],
    ['/^a(?#note)b$/', '^ab$'],
    ['/^[[:alpha:]_]+$/', '^[a-zA-Z_]+$'],
    ['/^[]a]$/', '^[\\]a]$'],
    ['/^[^]a]$/', '^[^\\]a]$'],
    ['/^\\Qa.b\\E$/', '^a\\.b$'],
    ['/^\\Qa.b$/', '^a\\.b\\$'],
    ['/\\h+/', '[\\t \\xA0]+'],
    ['/\\R/', '(?:\\r\\n|\\n|\\r)'],
    ['/\\e\\a/', '\\x1B\\x07'],
    ['/a\\_b/', 'a_b'],
    ['  /x/', 'x'],
    ['/abc/A', '(?<![\\s\\S])(?:abc)'],
  ])('converts %j', (php, js) => {
    expect(convertPhpRegex(php)).toEqual({ ok: true, pattern: js });
  });

  it('produces patterns that behave like the PHP originals', () => {
    const check = (php: string, text: string) => {
      const r = convertPhpRegex(php);
      if (!r.ok) throw new Error(r.reason);
      return new RegExp(r.pattern, 'u').test(text);
    };
    expect(check('/^abc$/i', 'ABC')).toBe(true);
    expect(check('/^a.b$/s', 'a\nb')).toBe(true);
    expect(check('/^a.b$/', 'a\nb')).toBe(false);
    expect(check('/^b$/m', 'a\nb')).toBe(true);
    expect(check('/\\Ab\\z/m', 'a\nb')).toBe(false);
    expect(check('/^[[:digit:]]+$/', '123')).toBe(true);
  });

  it.each([
    ['abc', 'no delimiter'],
    ['', 'no delimiter'],
    ['/abc', 'no closing delimiter'],
    ['/abc/q', 'unknown modifiers'],
    ['/a++/', 'possessive'],
    ['/a{2}+/', 'possessive'],
    ['/(?>a)/', 'atomic'],
    ['/(?|a)/', 'atomic'],
    ['/(a)(?1)/', 'recursion'],
    ['/a/U', 'ungreedy'],
    ['/\\Ga/', 'no ECMAScript equivalent'],
    ['/[[:^alpha:]]/', 'POSIX class'],
    ['/[[:nope:]]/', 'POSIX class'],
    ['/[abc/', 'unterminated'],
    ['/a\\/', 'trailing backslash'],
    ['/(a/', 'not valid in ECMAScript'],
    ['/a(?i)b/', 'not valid in ECMAScript'],
  ])('refuses %j (%s)', (php, reason) => {
    const r = convertPhpRegex(php);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(reason);
  });
});
