import type { GameTemplateSpec } from '../templates/schema.ts';
import type { ParsedEgg } from './parse.ts';

/**
 * What a game plugin contributes to egg conversion: it recognises the eggs of its game and
 * refines the generic template (ports, EULA flow, Java version…). The generic conversion serves
 * every egg without one.
 */
export interface GameProvider {
  /** Stable kebab-case id, reported as the provider that refined a template. */
  readonly id: string;
  /** Egg features this provider implements, so they are not reported as unsupported. */
  readonly features?: readonly string[];
  /** How well this provider fits the egg: 0 means not at all; the highest score wins. */
  matches(egg: ParsedEgg): number;
  /** Returns the template to use, given the generic conversion. Must not mutate its inputs. */
  refine(template: GameTemplateSpec, egg: ParsedEgg): GameTemplateSpec;
}

/** The provider with the highest positive score for `egg`; the first one wins a tie. */
export function pickProvider(
  providers: readonly GameProvider[],
  egg: ParsedEgg,
): GameProvider | undefined {
  let best: GameProvider | undefined;
  let bestScore = 0;
  for (const provider of providers) {
    const score = provider.matches(egg);
    if (Number.isFinite(score) && score > bestScore) {
      best = provider;
      bestScore = score;
    }
  }
  return best;
}
