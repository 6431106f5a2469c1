import { randomBytes } from 'node:crypto';
import { AccessTokens, SigningKeys, type KeyDatabase } from '@pteronimbus/plugin-auth-discord';
import { fmt, machineLine, type BenchSection } from './report.ts';

/** Just enough of the signing-key table for the key store, in memory. */
function memoryKeyTable(): KeyDatabase {
  const rows: Record<string, unknown>[] = [];
  return {
    async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
      if (sql.startsWith('insert')) {
        const [kid, publicJwk, privateJwk, createdAt] = params;
        rows.push({
          kid,
          public_jwk: JSON.parse(String(publicJwk)),
          private_jwk: privateJwk,
          created_at: createdAt,
        });
      }
      return (sql.startsWith('select') ? rows : []) as R[];
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples.sort((a, b) => a - b);
}

/**
 * The cost of verifying an access token on a request: a token seen before (the common case, a
 * browser sends the same token until it expires) and a token seen for the first time (an EdDSA
 * signature check).
 */
export async function authBench(): Promise<BenchSection> {
  const keys = new SigningKeys({
    db: memoryKeyTable(),
    sealKey: randomBytes(32),
    rotationDays: 30,
    maxTokenTtlMs: 3_600_000,
  });
  await keys.load();
  const issuer = 'https://panel.example';
  const issuing = new AccessTokens({ keys, issuer, ttlSeconds: 900 });
  const n = Number(process.env.BENCH_ITERATIONS ?? 20_000);
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    tokens.push(
      (
        await issuing.issue({
          userId: `u${i}`,
          discordId: '1104000000000000101',
          name: 'Alice',
          sessionId: `s${i}`,
        })
      ).token,
    );
  }
  const verifier = new AccessTokens({ keys, issuer, ttlSeconds: 900 });
  // Warm-up: JIT and the key import, on tokens not measured below.
  for (let i = 0; i < 2000; i++)
    await new AccessTokens({ keys, issuer, ttlSeconds: 900 }).verify(tokens[i]!);
  const cold = await time(n, (i) => verifier.verify(tokens[i]!));
  const warm = await time(n, (i) => verifier.verify(tokens[i % 100]!));
  const rows = [
    ['token seen before (cache hit)', warm],
    ['token seen for the first time (signature check)', cold],
  ] as const;
  const p50 = percentile(warm, 0.5);
  const verdict = p50 < 50 ? 'meets the goal' : 'misses the goal';
  return {
    id: 'auth',
    title: 'Access token verification per request',
    body: `Machine: ${machineLine()}. ${fmt(n)} EdDSA (Ed25519) access tokens verified with \`AccessTokens.verify\`
(jose \`jwtVerify\`: signature, \`iss\`, \`aud\`, \`exp\`), in one process, one at a time.

| case | p50 µs | p99 µs | mean µs |
|---|---:|---:|---:|
${rows.map(([name, s]) => `| ${name} | ${fmt(percentile(s, 0.5), 1)} | ${fmt(percentile(s, 0.99), 1)} | ${fmt(s.reduce((a, b) => a + b, 0) / s.length, 1)} |`).join('\n')}

A browser sends the same access token on every request until it expires, so the per-request cost
is the cache hit: p50 **${fmt(p50, 1)} µs**. Goal: p50 under 50 µs — ${verdict}. The first sight of
each token pays one signature check.`,
  };
}
