/** Seed every fuzzer uses unless `PN_FUZZ_SEED` names another. */
export const DEFAULT_FUZZ_SEED = 20_260_101;

/** Options of {@link fuzzParameters}. */
export interface FuzzOptions {
  /** Cases to try (multiplied by `PN_FUZZ_RUNS_FACTOR` when set). */
  numRuns: number;
  /** Stop generating new cases after this long; what ran by then must have passed. */
  timeLimitMs: number;
  /**
   * Report the first failing case without shrinking it (for properties against a live core,
   * where shrinking can take longer than the test is allowed to run).
   */
  endOnFailure?: boolean;
}

/**
 * The parameters of a fast-check property: a fixed seed (so a run is the same on every machine,
 * and a failure reproduces), a bounded number of cases and a time budget. fast-check prints the
 * seed and the path of a failing case; run again with `PN_FUZZ_SEED=<seed>` (and `PN_FUZZ_PATH`)
 * to replay it, or `PN_FUZZ_SEED=random` to explore new cases, and `PN_FUZZ_RUNS_FACTOR=10` to try
 * ten times as many.
 *
 * @example
 * fc.assert(fc.property(fc.jsonValue(), check), fuzzParameters({ numRuns: 300, timeLimitMs: 5000 }));
 */
export function fuzzParameters(options: FuzzOptions): {
  seed: number;
  path?: string;
  numRuns: number;
  interruptAfterTimeLimit: number;
  markInterruptAsFailure: false;
  endOnFailure: boolean;
} {
  const env = process.env;
  const seed =
    env.PN_FUZZ_SEED === 'random'
      ? (Math.random() * 0x7fffffff) | 0
      : env.PN_FUZZ_SEED
        ? Number.parseInt(env.PN_FUZZ_SEED, 10)
        : DEFAULT_FUZZ_SEED;
  const factor = Number(env.PN_FUZZ_RUNS_FACTOR ?? '1');
  const scale = Number.isFinite(factor) && factor > 0 ? factor : 1;
  return {
    seed,
    ...(env.PN_FUZZ_PATH ? { path: env.PN_FUZZ_PATH } : {}),
    numRuns: Math.max(1, Math.round(options.numRuns * scale)),
    interruptAfterTimeLimit: Math.round(options.timeLimitMs * scale),
    markInterruptAsFailure: false,
    endOnFailure: options.endOnFailure ?? false,
  };
}
