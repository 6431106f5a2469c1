import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';

/** A throw-away database for one test core. */
export interface TestDatabase {
  /** Connection URL, or `null` for the embedded PostgreSQL. */
  url: string | null;
  drop(): Promise<void>;
}

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function dockerAvailable(): boolean {
  return existsSync('/var/run/docker.sock') || Boolean(process.env.DOCKER_HOST);
}

let containerUrl: Promise<string> | null = null;

/** Starts (once per process) a PostgreSQL container when Docker is there. */
async function postgresFromContainer(): Promise<string> {
  containerUrl ??= (async () => {
    // Loaded only when a container is needed: it pulls in a Docker client.
    const { GenericContainer, Wait } = await import('testcontainers');
    const c = await new GenericContainer('postgres:17-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    return `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/postgres`;
  })();
  return containerUrl;
}

/**
 * A fresh database: inside `TEST_DATABASE_URL`'s server when set, else in a PostgreSQL container
 * when Docker is available, else `null` (the embedded PostgreSQL in a temporary folder).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  let admin = process.env.TEST_DATABASE_URL ?? null;
  if (!admin && dockerAvailable()) admin = await postgresFromContainer();
  if (!admin) return { url: null, drop: async () => {} };
  const name = `pn_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** `TEST_REDIS_URL` when set and reachable; otherwise `null` (single-node, in-process services). */
export async function resolveTestRedisUrl(): Promise<string | null> {
  const url = process.env.TEST_REDIS_URL;
  if (!url) return null;
  const u = new URL(url);
  if (!(await reachable(u.hostname, Number(u.port || 6379)))) {
    throw new Error(`TEST_REDIS_URL is set but nothing answers at ${u.hostname}:${u.port || 6379}`);
  }
  return url;
}
