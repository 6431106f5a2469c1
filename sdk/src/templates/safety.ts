import { isSafePattern } from 'redos-detector';
import type { TemplateParameters } from './schema.ts';

/**
 * The `maxLength` every string parameter has when its schema sets none. Parameter values become
 * environment variables and command-line arguments: a kilobyte is more than any egg asks for.
 */
export const DEFAULT_STRING_MAX_LENGTH = 1024;

/** The longest string value any parameter may take, whatever its schema says. */
export const MAX_STRING_LENGTH = 4096;

/** The longest `pattern` a parameter schema may carry; longer ones are not analysed. */
export const MAX_PATTERN_LENGTH = 512;

/**
 * How many steps the analysis of one pattern may take before the pattern counts as unsafe. The
 * verdict rests on this count, not on time, so it is the same on a busy machine as on an idle one.
 */
const PATTERN_CHECK_MAX_STEPS = 20_000;

/**
 * A last-resort wall-clock limit for one pattern, far above what {@link PATTERN_CHECK_MAX_STEPS}
 * takes on a loaded two-core machine (well under half a second): it only guards the event loop
 * should the step count ever fail to bound the work.
 */
const PATTERN_CHECK_TIMEOUT_MS = 2_000;

/** How long the analysis of all the patterns of one template may take, as the same last resort. */
const TEMPLATE_CHECK_BUDGET_MS = 6_000;

/** The verdict on one pattern. */
export type PatternVerdict = { safe: true } | { safe: false; reason: string };

// Patterns repeat across versions of a template and across servers: each is analysed once.
const verdicts = new Map<string, PatternVerdict>();
const VERDICT_CACHE_SIZE = 5000;

function remember(pattern: string, verdict: PatternVerdict): PatternVerdict {
  if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(pattern, verdict);
  return verdict;
}

const LOOKAROUND = 'it has a lookahead or lookbehind, which cannot be analysed';

const ANCHORS = [
  { text: '(?<![\\s\\S])', as: '^' },
  { text: '(?=\\n?(?![\\s\\S]))', as: '$' },
  { text: '(?![\\s\\S])', as: '$' },
];

/**
 * The pattern as the analyser is given it. It reads ECMAScript 2018 syntax; modifier groups
 * (`(?i:…)`, which the PHP regex conversion writes for the `i`, `m` and `s` modifiers) are newer.
 * They become plain groups, and the modifiers they turn on apply to the whole pattern, which can
 * only add ways to match and so keeps the analysis on the safe side. `lookaround` says whether a
 * lookahead or lookbehind remains besides the conversion's anchors.
 */
function analysable(pattern: string): {
  source: string;
  lookaround: boolean;
  caseInsensitive: boolean;
  dotAll: boolean;
  multiLine: boolean;
} {
  let source = '';
  let flags = '';
  let lookaround = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      source += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      source += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      source += c;
      continue;
    }
    // The anchors the PHP regex conversion writes for `\A`, `\z` and `\Z` are read as `^` and
    // `$` (which, under the `m` flag, match in more places: the safe side). Any other lookaround
    // is not analysed: the analyser misjudges quantified groups before one.
    const anchor = ANCHORS.find((a) => pattern.startsWith(a.text, i));
    if (anchor) {
      source += anchor.as;
      i += anchor.text.length - 1;
      continue;
    }
    if (c === '(' && /^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) lookaround = true;
    const modifiers = c === '(' ? /^\(\?([ims]*)(?:-([ims]*))?:/.exec(pattern.slice(i)) : null;
    if (modifiers && (modifiers[1] || modifiers[2] !== undefined)) {
      flags += `${modifiers[1] ?? ''}${modifiers[2] ?? ''}`;
      source += '(?:';
      i += modifiers[0].length - 1;
      continue;
    }
    source += c;
  }
  return {
    source,
    lookaround,
    caseInsensitive: flags.includes('i'),
    dotAll: flags.includes('s'),
    multiLine: flags.includes('m'),
  };
}

/**
 * Whether a JSON Schema `pattern` may safely run on the server. A pattern is safe when static
 * analysis (redos-detector) proves that no input makes a backtracking engine try more than a
 * bounded number of ways to match, i.e. it has no exponential or polynomial blow-up. A pattern
 * that is too long, that the analysis cannot read, or that it cannot finish within its time
 * limit counts as unsafe: better a pattern that is not enforced than a stalled server.
 */
export function checkPattern(
  pattern: string,
  timeoutMs = PATTERN_CHECK_TIMEOUT_MS,
): PatternVerdict {
  const known = verdicts.get(pattern);
  if (known) return known;
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { safe: false, reason: `it is longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return { safe: false, reason: `it is not a valid pattern: ${(err as Error).message}` };
  }
  let verdict: PatternVerdict;
  let result: ReturnType<typeof isSafePattern> | undefined;
  try {
    const { source, lookaround, caseInsensitive, ...flags } = analysable(pattern);
    if (lookaround) return remember(pattern, { safe: false, reason: LOOKAROUND });
    // The analyser reads case-insensitive patterns only without the `u` flag, which changes the
    // meaning of `\p{…}` and `\u{…}`: such a pattern is not analysed, so it counts as unsafe.
    if (caseInsensitive && /\\[pPu]\{/.test(source)) throw new Error('not analysable');
    result = isSafePattern(source, {
      ...flags,
      ...(caseInsensitive ? { caseInsensitive: true, unicode: false } : { unicode: true }),
      maxSteps: PATTERN_CHECK_MAX_STEPS,
      timeout: timeoutMs,
    });
    verdict = result.safe
      ? { safe: true }
      : {
          safe: false,
          reason:
            result.error === 'hitMaxScore'
              ? 'some inputs make it backtrack without bound (regular expression denial of service)'
              : result.error === 'hitMaxSteps'
                ? 'it could not be proven free of catastrophic backtracking within the analysis limit'
                : 'it could not be proven free of catastrophic backtracking in time',
        };
  } catch {
    verdict = { safe: false, reason: 'it could not be analysed for catastrophic backtracking' };
  }
  // A timeout under the full time limit is kept too: analysing the same pattern again on every
  // validation would cost the limit each time. One cut short by a template's budget is not.
  const cutShort = result?.error === 'timedOut' && timeoutMs < PATTERN_CHECK_TIMEOUT_MS;
  return cutShort ? verdict : remember(pattern, verdict);
}

/** One unsafe part of a template's parameter schema. */
export interface ParameterSafetyProblem {
  /** JSON pointer under the template spec (`/parameters/properties/NAME/...`). */
  path: string;
  /** `pattern` for an unsafe regex, `maxLength` for a length over {@link MAX_STRING_LENGTH}. */
  keyword: 'pattern' | 'maxLength';
  message: string;
}

const escape = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** Keywords whose content is values (or the verbatim rules), never a schema to look into. */
const VALUE_KEYWORDS: ReadonlySet<string> = new Set([
  'default',
  'enum',
  'const',
  'examples',
  'rules',
]);

function walk(
  node: unknown,
  path: string,
  visit: (key: string, value: unknown, path: string) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}/${i}`, visit));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const here = `${path}/${escape(key)}`;
    visit(key, value, here);
    if (!VALUE_KEYWORDS.has(key)) walk(value, here, visit);
  }
}

/**
 * Every pattern in a template's parameter schema that may not run on the server (see
 * {@link checkPattern}), and every `maxLength` above {@link MAX_STRING_LENGTH}. Patterns nested in
 * `allOf`, `not`, `anyOf` and the like count too, and so do `patternProperties` keys. The whole
 * check stops after a time budget; patterns it did not reach are reported as unchecked.
 */
export function parameterSafetyProblems(
  parameters: Pick<TemplateParameters, 'properties'>,
): ParameterSafetyProblem[] {
  const problems: ParameterSafetyProblem[] = [];
  const deadline = Date.now() + TEMPLATE_CHECK_BUDGET_MS;
  const judge = (pattern: string, path: string) => {
    const left = deadline - Date.now();
    const verdict: PatternVerdict =
      verdicts.get(pattern) ??
      (left > 0
        ? checkPattern(pattern, Math.min(PATTERN_CHECK_TIMEOUT_MS, left))
        : { safe: false, reason: 'the template has too many patterns to check' });
    if (!verdict.safe)
      problems.push({ path, keyword: 'pattern', message: `pattern is unsafe: ${verdict.reason}` });
  };
  walk(parameters.properties, '/parameters/properties', (key, value, path) => {
    if (key === 'pattern' && typeof value === 'string') judge(value, path);
    if (key === 'patternProperties' && value !== null && typeof value === 'object')
      for (const pattern of Object.keys(value)) judge(pattern, `${path}/${escape(pattern)}`);
    if (key === 'maxLength' && typeof value === 'number' && value > MAX_STRING_LENGTH)
      problems.push({
        path,
        keyword: 'maxLength',
        message: `maxLength may be at most ${MAX_STRING_LENGTH}`,
      });
  });
  return problems;
}

/**
 * The length limit that holds for a parameter's string values: its own `maxLength`, else
 * {@link DEFAULT_STRING_MAX_LENGTH}, and never more than {@link MAX_STRING_LENGTH}.
 */
export function stringLengthLimit(property: Readonly<Record<string, unknown>>): number {
  const own = property.maxLength;
  return typeof own === 'number' && Number.isFinite(own) && own >= 0
    ? Math.min(Math.floor(own), MAX_STRING_LENGTH)
    : DEFAULT_STRING_MAX_LENGTH;
}

/** Whether a schema holds a pattern that may not run (see `checkPattern`). */
function holdsUnsafePattern(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(holdsUnsafePattern);
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node as Record<string, unknown>).some(([key, value]) => {
    if (VALUE_KEYWORDS.has(key)) return false;
    if (key === 'pattern' && typeof value === 'string') return !checkPattern(value).safe;
    if (key === 'patternProperties' && value !== null && typeof value === 'object')
      return Object.keys(value).some((pattern) => !checkPattern(pattern).safe);
    return holdsUnsafePattern(value);
  });
}

/**
 * A copy of a schema without the patterns that may not run (see {@link checkPattern}), each
 * constraint weakened rather than tightened: the pattern goes, and a `not` that holds one goes
 * whole (without its pattern it would refuse more). For validators that must never run one.
 */
export function withoutUnsafePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUnsafePatterns);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (VALUE_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'not') {
      if (!holdsUnsafePattern(value)) out[key] = value;
    } else if (key === 'pattern' && typeof value === 'string') {
      if (checkPattern(value).safe) out[key] = value;
    } else if (key === 'patternProperties' && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([pattern]) => checkPattern(pattern).safe)
          .map(([pattern, schema]) => [pattern, withoutUnsafePatterns(schema)]),
      );
    } else out[key] = withoutUnsafePatterns(value);
  }
  return out;
}
