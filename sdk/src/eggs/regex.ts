/** The outcome of converting a PHP (PCRE) regex to an ECMAScript pattern. */
export type RegexConversion = { ok: true; pattern: string } | { ok: false; reason: string };

const BRACKET_PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  word: '\\w',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1F\\x7F',
  print: '\\x20-\\x7E',
  graph: '\\x21-\\x7E',
};

// Characters that keep their escape in an ECMAScript `u` pattern; any other punctuation escape
// is a syntax error there, so it is written as the bare character.
const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''));

class Unconvertible extends Error {}

/** Splits `/body/flags` (or any PHP delimiter pair) into body and flags. */
function splitDelimiters(source: string): { body: string; flags: string } {
  const trimmed = source.trimStart();
  const open = trimmed[0];
  if (open === undefined || /[\sA-Za-z0-9\\]/.test(open)) {
    throw new Unconvertible('no delimiter: PHP regexes are written as /pattern/flags');
  }
  const close = BRACKET_PAIRS[open] ?? open;
  const end = trimmed.lastIndexOf(close);
  if (end <= 0) throw new Unconvertible(`no closing delimiter ${close}`);
  const flags = trimmed.slice(end + 1).trimEnd();
  if (!/^[imsxuADSUXJn]*$/.test(flags)) throw new Unconvertible(`unknown modifiers "${flags}"`);
  return { body: trimmed.slice(1, end), flags };
}

/** Removes the whitespace and `#` comments that the `x` modifier ignores. */
function stripExtended(body: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      out += body.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < body.length && body[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Rewrites one backslash escape starting at `body[i]`; returns the text and how far it read. */
function translateEscape(
  body: string,
  i: number,
  inClass: boolean,
): { text: string; next: number } {
  const c = body[i + 1];
  if (c === undefined) throw new Unconvertible('trailing backslash');
  switch (c) {
    case 'A':
      if (inClass) break;
      return { text: '(?<![\\s\\S])', next: i + 2 };
    case 'z':
      if (inClass) break;
      return { text: '(?![\\s\\S])', next: i + 2 };
    case 'Z':
      if (inClass) break;
      return { text: '(?=\\n?(?![\\s\\S]))', next: i + 2 };
    case 'h':
      return { text: inClass ? '\\t \\xA0' : '[\\t \\xA0]', next: i + 2 };
    case 'R':
      if (inClass) break;
      return { text: '(?:\\r\\n|\\n|\\r)', next: i + 2 };
    case 'e':
      return { text: '\\x1B', next: i + 2 };
    case 'a':
      return { text: '\\x07', next: i + 2 };
    case 'Q': {
      const end = body.indexOf('\\E', i + 2);
      const literal = body.slice(i + 2, end === -1 ? body.length : end);
      return { text: escapeLiteral(literal), next: end === -1 ? body.length : end + 2 };
    }
    case 'E':
      return { text: '', next: i + 2 };
    case 'p':
    case 'P': {
      const prop = body[i + 2];
      if (prop !== undefined && prop !== '{' && /[A-Za-z]/.test(prop)) {
        return { text: `\\${c}{${prop}}`, next: i + 3 };
      }
      return { text: `\\${c}`, next: i + 2 };
    }
    case 'x': {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(body.slice(i + 2));
      if (m) return { text: `\\u{${m[1]}}`, next: i + 2 + m[0].length };
      return { text: '\\x', next: i + 2 };
    }
    case 'G':
    case 'K':
    case 'X':
    case 'C':
      throw new Unconvertible(`\\${c} has no ECMAScript equivalent`);
    default:
      break;
  }
  if (/[A-Za-z0-9]/.test(c) || SYNTAX_CHARS.has(c) || (inClass && c === '-')) {
    return { text: `\\${c}`, next: i + 2 };
  }
  return { text: c, next: i + 2 };
}

/** Rewrites a `(?…` group opener at `body[i]`. */
function translateGroup(body: string, i: number): { text: string; next: number } {
  const rest = body.slice(i);
  if (rest.startsWith('(?P<')) return { text: '(?<', next: i + 4 };
  const backref = /^\(\?P=(\w+)\)/.exec(rest);
  if (backref) return { text: `\\k<${backref[1]}>`, next: i + backref[0].length };
  if (rest.startsWith('(?#')) {
    const end = body.indexOf(')', i);
    return { text: '', next: end === -1 ? body.length : end + 1 };
  }
  if (/^\(\?(>|\||P>|R\)|\d|&|\+|-\d|\(|C)/.test(rest)) {
    throw new Unconvertible(
      'atomic groups, recursion, conditionals and callouts have no ECMAScript equivalent',
    );
  }
  return { text: '(', next: i + 1 };
}

/** Translates PCRE syntax in a delimiter-free body to ECMAScript syntax. */
function translateBody(body: string): string {
  let out = '';
  let inClass = false;
  let afterQuantifier = false;
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c === '\\') {
      const { text, next } = translateEscape(body, i, inClass);
      out += text;
      i = next;
      afterQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === '[' && body[i + 1] === ':') {
        const m = /^\[:(\^?)(\w+):\]/.exec(body.slice(i));
        if (m) {
          const cls = POSIX_CLASSES[m[2] as string];
          if (m[1] || cls === undefined)
            throw new Unconvertible(`POSIX class [:${m[1]}${m[2]}:] is not supported`);
          out += cls;
          i += m[0].length;
          continue;
        }
      }
      if (c === '[') out += '\\[';
      else out += c;
      if (c === ']') inClass = false;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i++;
      if (body[i] === '^') {
        out += '^';
        i++;
      }
      // PCRE reads a `]` right after the opening bracket as a literal; ECMAScript would end the class.
      if (body[i] === ']') {
        out += '\\]';
        i++;
      }
      afterQuantifier = false;
      continue;
    }
    if (c === '(' && body[i + 1] === '?') {
      const { text, next } = translateGroup(body, i);
      out += text;
      i = next;
      afterQuantifier = false;
      continue;
    }
    if (afterQuantifier && c === '+')
      throw new Unconvertible('possessive quantifiers have no ECMAScript equivalent');
    afterQuantifier = c === '*' || c === '+' || c === '?' || c === '}';
    out += c;
    i++;
  }
  if (inClass) throw new Unconvertible('unterminated character class');
  return out;
}

/** Pulls a leading `(?flags)` into the modifier list, the only placement of it we can convert. */
function leadingInlineFlags(body: string): { body: string; flags: string } {
  const m = /^\(\?([imsx]+)\)/.exec(body);
  return m ? { body: body.slice(m[0].length), flags: m[1] as string } : { body, flags: '' };
}

/**
 * Converts a PHP regex as Laravel's `regex:` rule takes it (`/^\w+$/i`) into an ECMAScript
 * pattern usable as a JSON Schema `pattern` (compiled with the `u` flag, as Ajv does). Modifiers
 * `i`, `m`, `s` become a modifier group, `x` is applied, `u`, `D`, `S`, `X`, `J` and `n` need
 * nothing. PCRE-only syntax that has no equivalent (possessive quantifiers, atomic groups,
 * recursion, `U`) makes the conversion fail with a reason.
 */
export function convertPhpRegex(source: string): RegexConversion {
  try {
    const split = splitDelimiters(source);
    const inline = leadingInlineFlags(split.body);
    const flags = split.flags + inline.flags;
    if (flags.includes('U'))
      throw new Unconvertible('the U (ungreedy) modifier has no ECMAScript equivalent');
    let body = flags.includes('x') ? stripExtended(inline.body) : inline.body;
    body = translateBody(body);
    const modifiers = [...new Set(flags.replace(/[^ims]/g, ''))].join('');
    if (modifiers) body = `(?${modifiers}:${body})`;
    if (flags.includes('A')) body = `(?<![\\s\\S])(?:${body})`;
    new RegExp(body, 'u');
    return { ok: true, pattern: body };
  } catch (err) {
    const reason =
      err instanceof Unconvertible
        ? err.message
        : `not valid in ECMAScript: ${(err as Error).message}`;
    return { ok: false, reason };
  }
}
