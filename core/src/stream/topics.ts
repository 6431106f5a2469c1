import { isStreamTopic, type StreamTopicFamily, type StreamTopicParams } from '@pteronimbus/sdk';

/** A topic a client named, matched to the family that declared it. */
export interface TopicMatch {
  topic: string;
  family: StreamTopicFamily;
  params: StreamTopicParams;
  tenantId: string;
}

interface Compiled {
  segments: Array<{ literal: string } | { param: string }>;
}

const LITERAL = /^[a-z][a-z0-9-]*$/;
const PARAM = /^:[a-zA-Z][a-zA-Z0-9]*$/;

/** Why a family's pattern is unusable, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  const parts = pattern.split('/');
  const names = new Set<string>();
  for (const part of parts) {
    if (PARAM.test(part)) {
      if (names.has(part)) return `parameter ${part} appears twice`;
      names.add(part);
    } else if (!LITERAL.test(part))
      return `segment "${part}" is neither a literal nor a :parameter`;
  }
  if (!names.has(':tenantId')) return 'it has no :tenantId segment';
  return null;
}

// Families are plain objects offered by plugins; compile each once, on first use.
const compiled = new WeakMap<StreamTopicFamily, Compiled | null>();

function compile(family: StreamTopicFamily): Compiled | null {
  let c = compiled.get(family);
  if (c === undefined) {
    c =
      patternProblem(family.pattern) === null
        ? {
            segments: family.pattern
              .split('/')
              .map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s })),
          }
        : null;
    compiled.set(family, c);
  }
  return c;
}

/**
 * The first family (in declaration order, core's first) whose pattern `topic` fits, or null.
 * Families with a malformed pattern never match.
 */
export function matchTopic(
  families: readonly StreamTopicFamily[],
  topic: string,
): TopicMatch | null {
  if (!isStreamTopic(topic)) return null;
  const parts = topic.split('/');
  for (const family of families) {
    const c = compile(family);
    if (!c || c.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const s = c.segments[i]!;
      if ('literal' in s) ok = s.literal === parts[i];
      else params[s.param] = parts[i]!;
    }
    if (ok) return { topic, family, params, tenantId: params.tenantId! };
  }
  return null;
}
