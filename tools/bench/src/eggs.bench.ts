import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertEgg, type GameProvider } from '@pteronimbus/sdk';
import { genericProvider } from '@pteronimbus/plugin-game-generic';
import { minecraftJavaProvider } from '@pteronimbus/plugin-game-minecraft';
import { cs2Provider, valheimProvider } from '@pteronimbus/plugin-game-steam';
import { terrariaProvider } from '@pteronimbus/plugin-game-terraria';
import { fmt, machineLine, type BenchSection } from './report.ts';

const FIXTURES = fileURLToPath(
  new URL('../../../sdk/src/eggs/__fixtures__/community/', import.meta.url),
);

function eggFiles(): string[] {
  return ['ptdl_v1', 'ptdl_v2', 'plcn'].flatMap((f) =>
    readdirSync(join(FIXTURES, f))
      .filter((n) => /\.(json|ya?ml)$/.test(n))
      .map((n) => join(FIXTURES, f, n)),
  );
}

/** Converts every community fixture egg, with every first-party game provider, many rounds. */
export async function eggsBench(): Promise<BenchSection> {
  const texts = eggFiles().map((f) => readFileSync(f, 'utf8'));
  const providers: GameProvider[] = [
    genericProvider,
    minecraftJavaProvider,
    cs2Provider,
    valheimProvider,
    terrariaProvider,
  ];
  for (const t of texts) convertEgg(t, { providers }); // warm-up
  const rounds = Number(process.env.BENCH_EGG_ROUNDS ?? 20);
  const perEgg: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const s = process.hrtime.bigint();
      convertEgg(t, { providers });
      perEgg.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  perEgg.sort((a, b) => a - b);
  const mean = totalMs / perEgg.length;
  const p50 = perEgg[Math.floor(perEgg.length * 0.5)]!;
  const p99 = perEgg[Math.floor(perEgg.length * 0.99)]!;
  return {
    id: 'eggs',
    title: 'Egg conversion',
    body: `Machine: ${machineLine()}. ${texts.length} community fixture eggs (JSON and YAML, PTDL_v1, PTDL_v2, PLCN),
${rounds} rounds after one warm-up round, each parsed and converted with the five first-party game providers.

| eggs converted | mean ms/egg | p50 ms | p99 ms |
|---:|---:|---:|---:|
| ${perEgg.length} | ${fmt(mean, 3)} | ${fmt(p50, 3)} | ${fmt(p99, 3)} |

Goal: under 2 ms per egg on average — ${mean < 2 ? 'meets the goal' : 'misses the goal'}.`,
  };
}
