/** How long a value shown in a diff may get before it is cut, so a whole egg cannot flood the page. */
const maxShown = 4000;

/**
 * A value as a reader compares it: strings as they are (install scripts keep their lines),
 * anything else as indented JSON.
 */
export function formatValue(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : value === undefined
        ? ''
        : (JSON.stringify(value, null, 2) ?? String(value));
  return text.length > maxShown ? `${text.slice(0, maxShown)}…` : text;
}

/** `$.startup.command` reads as `startup.command`; the root `$` alone stays. */
export function readablePath(path: string): string {
  if (path === '$') return path;
  return path.replace(/^\$\.?/, '');
}
