/**
 * Variables every server gets in its environment, whatever its template, under the names eggs
 * already use. A startup command may reference them as `{{NAME}}` or `${NAME}`.
 */
export const BUILTIN_VARIABLES = [
  { name: 'SERVER_MEMORY', description: 'Memory limit in MiB.' },
  { name: 'SERVER_IP', description: 'Address the game binds to.' },
  { name: 'SERVER_PORT', description: 'The primary port.' },
  { name: 'P_SERVER_LOCATION', description: 'Name of the cluster running the server.' },
  { name: 'P_SERVER_UUID', description: 'The server id.' },
  {
    name: 'P_SERVER_ALLOCATION_LIMIT',
    description: 'How many ports the server may use besides the primary one.',
  },
  { name: 'TZ', description: 'Time zone of the server (IANA name).' },
  {
    name: 'STARTUP',
    description: 'The rendered startup command, for images whose entrypoint runs it.',
  },
] as const;

/** Names of {@link BUILTIN_VARIABLES}. */
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number]['name'];

const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_VARIABLES.map((v) => v.name));

/** Whether `name` is one of {@link BUILTIN_VARIABLES}. */
export function isBuiltinVariable(name: string): name is BuiltinVariable {
  return BUILTIN_NAMES.has(name);
}

const STARTUP_PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The `{{NAME}}` variables a startup command references, in order of first use. */
export function startupVariables(command: string): string[] {
  const seen = new Set<string>();
  for (const m of command.matchAll(STARTUP_PLACEHOLDER)) seen.add(m[1] as string);
  return [...seen];
}

const PLACEHOLDER_AT = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/;

/** One level of shell nesting: the top level, a `$(…)` or a backquoted command. */
interface Frame {
  kind: 'top' | 'dollar' | 'backtick';
  /** Inside double quotes at this level. */
  doubled: boolean;
  /** Open parentheses at this level, so the `)` of a subshell or `case` does not end a `$(`. */
  parens: number;
}

/**
 * Renders a startup command for `sh -c`, with every `{{NAME}}` whose name is a key of `values`
 * written as a quoted expansion of the environment variable `NAME` (the server's container has
 * every parameter and built-in variable in its environment): `"${NAME}"` outside quotes,
 * `${NAME}` inside double quotes, and `'"${NAME}"'` inside single quotes (closing and reopening
 * them). The values themselves never enter the command text, so no value is ever parsed as
 * shell code, and each reaches the program as the one word the egg wrote it as: a value with
 * spaces stays one argument, `x.jar; sh` is a file name. Other placeholders stay, as Pterodactyl
 * leaves them, and so does the shell's own `${NAME}`/`$NAME`, which the shell already expands
 * without running it (and splits into words, as egg authors who write it expect).
 *
 * Quotes are followed through backslashes, `$(…)` and backquotes; a command that hands a string
 * to another interpreter (`sh -c '…'`, `eval`, `trap "…"`) still gives that interpreter the value
 * as code, which is the template author's choice.
 */
export function renderStartup(command: string, values: Readonly<Record<string, unknown>>): string {
  const frames: Frame[] = [{ kind: 'top', doubled: false, parens: 0 }];
  let out = '';
  let i = 0;
  const placeholder = (at: number): { name: string; length: number } | undefined => {
    const m = PLACEHOLDER_AT.exec(command.slice(at, at + 256));
    return m && Object.hasOwn(values, m[1] as string)
      ? { name: m[1] as string, length: m[0].length }
      : undefined;
  };
  while (i < command.length) {
    const frame = frames[frames.length - 1] as Frame;
    const c = command[i] as string;
    if (c === '\\') {
      out += command.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '{') {
      const p = placeholder(i);
      if (p) {
        out += frame.doubled ? `\${${p.name}}` : `"\${${p.name}}"`;
        i += p.length;
        continue;
      }
    }
    if (c === '$' && command[i + 1] === '(') {
      frames.push({ kind: 'dollar', doubled: false, parens: 0 });
      out += '$(';
      i += 2;
      continue;
    }
    if (c === '`') {
      if (frame.kind === 'backtick') frames.pop();
      else frames.push({ kind: 'backtick', doubled: false, parens: 0 });
      out += c;
      i++;
      continue;
    }
    if (c === '"') {
      frame.doubled = !frame.doubled;
      out += c;
      i++;
      continue;
    }
    if (frame.doubled) {
      out += c;
      i++;
      continue;
    }
    if (c === "'") {
      // Nothing is special inside single quotes up to the next one.
      let end = command.indexOf("'", i + 1);
      if (end === -1) end = command.length;
      out += "'";
      for (let j = i + 1; j < end;) {
        const p = command[j] === '{' ? placeholder(j) : undefined;
        if (p) {
          out += `'"\${${p.name}}"'`;
          j += p.length;
        } else out += command[j++] as string;
      }
      if (end < command.length) out += "'";
      i = end + 1;
      continue;
    }
    if (c === '(') frame.parens++;
    else if (c === ')') {
      if (frame.parens > 0) frame.parens--;
      else if (frame.kind === 'dollar') frames.pop();
    }
    out += c;
    i++;
  }
  return out;
}
