// The `xml` parser: a small tree that keeps everything it does not change byte for byte
// (declaration, comments, CDATA, whitespace, attribute quoting), enough for game configs.
import { replaced, type Replacement } from './values.ts';

interface Element {
  kind: 'element';
  name: string;
  /** The start tag as written; `undefined` once an attribute changed. */
  openTag: string | undefined;
  attributes: [string, string][];
  children: Node[];
  selfClosing: boolean;
}
type Node = Element | { kind: 'raw'; text: string };

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
const encode = (s: string, quote = false): string => {
  const t = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return quote ? t.replace(/"/g, '&quot;') : t;
};

const TAG = /^<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;

function parse(text: string): Node[] {
  const root: Node[] = [];
  const stack: { children: Node[]; name?: string }[] = [{ children: root }];
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  while (i < text.length) {
    const rest = text.slice(i);
    const special = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>)/.exec(
      rest,
    );
    if (special) {
      top().children.push({ kind: 'raw', text: special[1]! });
      i += special[1]!.length;
      continue;
    }
    const close = /^<\/([^\s>]+)\s*>/.exec(rest);
    if (close) {
      if (stack.length === 1 || top().name !== close[1]) {
        throw new SyntaxError(`unexpected </${close[1]}> at offset ${i}`);
      }
      stack.pop();
      i += close[0].length;
      continue;
    }
    const open = TAG.exec(rest);
    if (open) {
      const el: Element = {
        kind: 'element',
        name: open[1]!,
        openTag: open[0],
        attributes: [...open[2]!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((a) => [
          a[1]!,
          decode(a[2] ?? a[3]!),
        ]),
        children: [],
        selfClosing: open[3] === '/',
      };
      top().children.push(el);
      if (!el.selfClosing) stack.push({ children: el.children, name: el.name });
      i += open[0].length;
      continue;
    }
    if (rest.startsWith('<')) throw new SyntaxError(`malformed markup at offset ${i}`);
    const end = rest.indexOf('<');
    const text_ = end === -1 ? rest : rest.slice(0, end);
    top().children.push({ kind: 'raw', text: text_ });
    i += text_.length;
  }
  if (stack.length > 1) throw new SyntaxError(`<${top().name}> is never closed`);
  return root;
}

function serialize(nodes: Node[]): string {
  return nodes
    .map((n) => {
      if (n.kind === 'raw') return n.text;
      const open =
        n.openTag ??
        `<${n.name}${n.attributes.map(([k, v]) => ` ${k}="${encode(v, true)}"`).join('')}${n.selfClosing ? '/' : ''}>`;
      return n.selfClosing ? open : `${open}${serialize(n.children)}</${n.name}>`;
    })
    .join('');
}

const elements = (nodes: Node[]): Element[] =>
  nodes.filter((n): n is Element => n.kind === 'element');

/** The text of an element with only text inside it; `undefined` when it holds elements. */
function textContent(el: Element): string | undefined {
  if (el.children.some((c) => c.kind === 'element')) return undefined;
  return el.children
    .map((c) =>
      c.kind === 'raw' && c.text.startsWith('<![CDATA[')
        ? c.text.slice(9, -3)
        : decode((c as { text: string }).text),
    )
    .join('');
}

/** Adds a child element, indented like its siblings. */
function appendChild(parent: Element, name: string, depth: number): Element {
  const child: Element = {
    kind: 'element',
    name,
    openTag: undefined,
    attributes: [],
    children: [],
    selfClosing: false,
  };
  if (parent.selfClosing) {
    parent.selfClosing = false;
    parent.openTag = undefined;
  }
  const kids = parent.children;
  const firstEl = kids.findIndex((k) => k.kind === 'element');
  const before = firstEl > 0 ? kids[firstEl - 1] : undefined;
  const indent =
    before?.kind === 'raw' && /^\s*\n[ \t]*$/.test(before.text)
      ? before.text
      : `\n${'  '.repeat(depth + 1)}`;
  const last = kids[kids.length - 1];
  if (last?.kind === 'raw' && /^\s+$/.test(last.text)) {
    kids.splice(kids.length - 1, 0, { kind: 'raw', text: indent }, child);
  } else {
    kids.push({ kind: 'raw', text: indent }, child, {
      kind: 'raw',
      text: `\n${'  '.repeat(depth)}`,
    });
  }
  return child;
}

/**
 * Applies replacements to an XML document. A match is the element path from the root, dotted
 * (`Config.Server.Port`, `*` for any element); every element on it gets the value as its text,
 * or an attribute when the value reads `[name='value']`, as Wings does. Missing elements are
 * created, and a missing file starts with the root element of the first match.
 */
export function patchXml(text: string, replacements: Replacement[]): string {
  const nodes = text.trim() === '' ? [] : parse(text);
  for (const r of replacements) {
    const path = r.match.split('.');
    if (!elements(nodes).length) {
      if (path[0] === '*') continue;
      const rootEl: Element = {
        kind: 'element',
        name: path[0]!,
        openTag: undefined,
        attributes: [],
        children: [],
        selfClosing: false,
      };
      nodes.push(rootEl, { kind: 'raw', text: '\n' });
    }
    let level: Element[] = elements(nodes).filter((e) => path[0] === '*' || e.name === path[0]);
    for (let d = 1; d < path.length && level.length; d++) {
      const name = path[d]!;
      level = level.flatMap((parent) => {
        const found = elements(parent.children).filter((e) => name === '*' || e.name === name);
        if (found.length || name === '*') return found;
        return [appendChild(parent, name, d - 1)];
      });
    }
    const attribute = /^\[([\w:.-]+)='(.*)'\]$/.exec(r.value);
    for (const el of level) {
      if (attribute) {
        const [, name, wanted] = attribute as unknown as [string, string, string];
        const at = el.attributes.find(([k]) => k === name);
        const next = replaced(at?.[1], { ...r, value: wanted });
        if (next === undefined) continue;
        if (at) at[1] = next;
        else el.attributes.push([name, next]);
        el.openTag = undefined;
        continue;
      }
      const current = textContent(el);
      // An element holding elements is a section, not a value: text would erase it.
      if (current === undefined && el.children.some((c) => c.kind === 'element')) continue;
      const next = replaced(current, r);
      if (next === undefined) continue;
      el.children = [{ kind: 'raw', text: encode(next) }];
      if (el.selfClosing) {
        el.selfClosing = false;
        el.openTag = undefined;
      }
    }
  }
  const out = serialize(nodes);
  return out.endsWith('\n') ? out : `${out}\n`;
}
