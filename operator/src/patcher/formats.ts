// The seven config-file parsers of Pterodactyl eggs, as pure text-to-text functions. Each keeps
// what it does not change as it was (comments, order, layout) wherever the format allows.
import { parseDocument } from 'yaml';
import {
  parsePath,
  replaced,
  resolveTargets,
  setAt,
  textOf,
  typed,
  type Replacement,
} from './values.ts';
import { patchXml } from './xml.ts';

/** The parsers a template may name for a config file. */
export type Parser = 'file' | 'properties' | 'ini' | 'yaml' | 'json' | 'xml' | 'toml';

/** Applies the replacements to a file's text; an empty text stands for a missing file. */
export function patchText(parser: Parser, text: string, replacements: Replacement[]): string {
  switch (parser) {
    case 'file':
      return patchLines(text, replacements);
    case 'properties':
      return patchProperties(text, replacements);
    case 'ini':
      return patchIni(text, replacements);
    case 'json':
      return patchJson(text, replacements);
    case 'yaml':
      return patchYaml(text, replacements);
    case 'toml':
      return patchToml(text, replacements);
    case 'xml':
      return patchXml(text, replacements);
  }
}

const splitLines = (text: string): string[] =>
  text === '' ? [] : text.replace(/\n$/, '').split('\n');
const joinLines = (lines: string[]): string => (lines.length ? `${lines.join('\n')}\n` : '');

/** `file`: every line starting with `match` becomes the value (with `ifValue`: that part of it). */
function patchLines(text: string, replacements: Replacement[]): string {
  const lines = splitLines(text).map((line) => {
    for (const r of replacements) {
      if (!line.startsWith(r.match)) continue;
      line = r.ifValue === undefined ? r.value : (replaced(line, r) ?? line);
    }
    return line;
  });
  return joinLines(lines);
}

// `key = value` or `key: value`, with the separator and its spacing kept.
const KEY_LINE = /^(\s*)([^=:#;!\s[][^=:]*?)(\s*[=:]\s*)(.*)$/;

/** `properties`: `key=value` lines; a missing key is appended. */
function patchProperties(text: string, replacements: Replacement[]): string {
  const lines = splitLines(text);
  for (const r of replacements) {
    let found = false;
    for (let i = 0; i < lines.length; i++) {
      const m = KEY_LINE.exec(lines[i]!);
      if (!m || m[2] !== r.match) continue;
      found = true;
      const next = replaced(m[4], r);
      if (next !== undefined) lines[i] = `${m[1]}${m[2]}${m[3]}${next}`;
    }
    if (!found && r.ifValue === undefined) lines.push(`${r.match}=${r.value}`);
  }
  return joinLines(lines);
}

/**
 * Splits an ini `match` as Wings does: the first dot outside brackets separates the section from
 * the key, so `SERVER.NAME` is `NAME` in `[SERVER]`, `[a.b].c` is `c` in `[a.b]`, and a match
 * without a dot is a key before the first section.
 */
export function iniPath(match: string): { section: string; key: string } {
  let depth = 0;
  let section: string | undefined;
  let current = '';
  for (const c of match) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '.' && depth === 0 && section === undefined) {
      section = current;
      current = '';
    } else current += c;
  }
  return section === undefined ? { section: '', key: current } : { section, key: current };
}

/** `ini`: keys by section; a missing key goes at the end of its section, a missing section at the end. */
function patchIni(text: string, replacements: Replacement[]): string {
  const lines = splitLines(text);
  for (const r of replacements) {
    const { section, key } = iniPath(r.match);
    let inSection = section === '';
    let sectionFound = section === '';
    let lastOfSection = section === '' ? -1 : undefined;
    let found = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const header = /^\s*\[([^\]]*)\]/.exec(line);
      if (header) {
        inSection = header[1]!.trim() === section;
        if (inSection) {
          sectionFound = true;
          lastOfSection = i;
        }
        continue;
      }
      if (!inSection) continue;
      if (line.trim() !== '' && !/^\s*[;#]/.test(line)) lastOfSection = i;
      const m = KEY_LINE.exec(line);
      if (!m || m[2]!.trim() !== key) continue;
      found = true;
      const next = replaced(m[4], r);
      if (next !== undefined) lines[i] = `${m[1]}${m[2]}${m[3]}${next}`;
    }
    if (found || r.ifValue !== undefined) continue;
    const entry = `${key}=${r.value}`;
    if (!sectionFound) {
      if (lines.length && lines[lines.length - 1]!.trim() !== '') lines.push('');
      lines.push(`[${section}]`, entry);
    } else lines.splice((lastOfSection ?? -1) + 1, 0, entry);
  }
  return joinLines(lines);
}

/** The indentation a JSON file uses, to write it back the same way. */
function jsonIndent(text: string): string | number {
  const m = /^[{[]\s*\n([ \t]+)\S/.exec(text.trimStart());
  return m ? m[1]! : 2;
}

/** Each place a replacement writes to, with its new value; `ifValue` may skip some. */
function writes(root: unknown, r: Replacement): { path: (string | number)[]; value: unknown }[] {
  return resolveTargets(root, parsePath(r.match)).flatMap(({ path, current }) => {
    const next = replaced(textOf(current), r);
    return next === undefined ? [] : [{ path, value: typed(next, current) }];
  });
}

/** `json`: dotted paths with list indexes and wildcards; the file keeps its indentation. */
function patchJson(text: string, replacements: Replacement[]): string {
  const root = (text.trim() === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  for (const r of replacements) for (const w of writes(root, r)) setAt(root, w.path, w.value);
  return `${JSON.stringify(root, null, jsonIndent(text))}\n`;
}

/** `yaml`: as `json`, written through the document so comments and layout stay. */
function patchYaml(text: string, replacements: Replacement[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length) throw doc.errors[0]!;
  for (const r of replacements) {
    for (const w of writes(doc.toJS() ?? {}, r)) doc.setIn(w.path, w.value);
  }
  return doc.toString();
}

/** A TOML key path (`a.b`, `"a.b".c`, `a . 'b'`) as its segments. */
function tomlKey(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(
    /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/g,
  )) {
    out.push(m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : (m[2] ?? m[3]!));
  }
  return out;
}

/** The TOML form of a value. */
function tomlValue(value: string | number | boolean): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The value of a TOML line as JSON-ish data, for `ifValue` and to keep its type. */
function tomlCurrent(raw: string): unknown {
  const v = raw.replace(/\s+#[^"']*$/, '').trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(v)) return JSON.parse(v) as string;
  if (/^'[^']*'$/.test(v)) return v.slice(1, -1);
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^[+-]?\d[\d_]*(?:\.\d+)?$/.test(v)) return Number(v.replaceAll('_', ''));
  return v;
}

/**
 * `toml`: a dotted match is the table path plus the key (`server.port` is `port` under
 * `[server]`, or a dotted key `server.port = …`); `*` matches any one segment. A missing key goes
 * at the end of its table, a missing table at the end of the file.
 */
function patchToml(text: string, replacements: Replacement[]): string {
  const lines = splitLines(text);
  for (const r of replacements) {
    const want = r.match.split('.');
    const same = (path: string[]) =>
      path.length === want.length && path.every((p, i) => want[i] === '*' || want[i] === p);
    const table = want.slice(0, -1);
    let current: string[] = [];
    let tableEnd: number | undefined = table.length === 0 ? -1 : undefined;
    let found = false;
    let open = 0; // inside a multi-line array or string
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (open > 0) {
        open += (line.match(/\[/g)?.length ?? 0) - (line.match(/]/g)?.length ?? 0);
        continue;
      }
      const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
      if (header) {
        current = tomlKey(header[1]!);
        if (current.join('\u0000') === table.join('\u0000')) tableEnd = i;
        continue;
      }
      const m = /^(\s*)((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s'"-])+?)(\s*=\s*)(.*)$/.exec(
        line,
      );
      if (!m) continue;
      if (current.join('\u0000') === table.join('\u0000') && line.trim() !== '') tableEnd = i;
      const value = m[4]!;
      if (/^\[/.test(value))
        open = (value.match(/\[/g)?.length ?? 0) - (value.match(/]/g)?.length ?? 0);
      if (!same([...current, ...tomlKey(m[2]!)])) continue;
      found = true;
      const old = tomlCurrent(value);
      const next = replaced(textOf(old), r);
      if (next !== undefined) lines[i] = `${m[1]}${m[2]}${m[3]}${tomlValue(typed(next, old))}`;
    }
    if (found || r.ifValue !== undefined || want.includes('*')) continue;
    const key = want[want.length - 1]!;
    const entry = `${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)} = ${tomlValue(typed(r.value, undefined))}`;
    if (tableEnd === undefined) {
      if (lines.length && lines[lines.length - 1]!.trim() !== '') lines.push('');
      lines.push(`[${table.join('.')}]`, entry);
    } else lines.splice(tableEnd + 1, 0, entry);
  }
  return joinLines(lines);
}
