import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { createError } from '@pteronimbus/sdk';
import { describe, expect, it } from 'vitest';
import { createLogger, loadLogLevel, type LogLevel } from './logger.ts';

/** A logger writing into an array of parsed lines. */
function captured(level?: LogLevel) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  const log = createLogger({ stream, ...(level ? { level } : {}) });
  // pino writes synchronously into the stream; the stream hands it on within the same tick.
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { log, lines, flush };
}

const Refused = createError<[string]>('PN_TEST_REFUSED', 'Refused %s', 403);

describe('operator log lines', () => {
  it("have core's shape: numeric level, epoch-ms time, pid, hostname, msg, then the fields", async () => {
    const { log, lines, flush } = captured();
    const before = Date.now();
    log.info({ server: 't1/s1', phase: 'Running' }, 'phase changed');
    log.warn({ kind: 'Pod' }, 'watch failed');
    log.error('could not start');
    await flush();
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0]!)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'server',
      'phase',
      'msg',
    ]);
    expect(lines[0]).toMatchObject({
      level: 30,
      pid: process.pid,
      hostname: hostname(),
      msg: 'phase changed',
    });
    expect(lines[0]!.time).toBeGreaterThanOrEqual(before);
    expect(lines[0]!.time).toBeLessThanOrEqual(Date.now());
    expect(lines.map((l) => l.level)).toEqual([30, 40, 50]);
    expect(lines[2]).toMatchObject({ msg: 'could not start' });
  });

  it('serializes an error as core does: type, message, stack and its code', async () => {
    const { log, lines, flush } = captured();
    log.warn({ err: Refused('the link'), revision: 4 }, 'apply failed, retrying');
    await flush();
    expect(lines[0]!.err).toMatchObject({
      type: 'PnError',
      message: 'Refused the link',
      code: 'PN_TEST_REFUSED',
    });
    expect((lines[0]!.err as { stack: string }).stack).toContain('logger.test.ts');
    expect(lines[0]!.revision).toBe(4);
  });

  it('masks credentials at any depth', async () => {
    const { log, lines, flush } = captured();
    log.info(
      {
        credential: 'cred-SECRET-1',
        secret: { token: 'tok-SECRET-2', coreUrl: 'https://panel.example' },
        headers: [{ authorization: 'Bearer SECRET-3' }],
      },
      'cluster joined; approve it in the panel',
    );
    await flush();
    const line = JSON.stringify(lines[0]);
    for (const secret of ['cred-SECRET-1', 'tok-SECRET-2', 'SECRET-3']) {
      expect(line).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      credential: '***',
      secret: '***',
      headers: [{ authorization: '***' }],
    });
  });

  it('writes nothing below its level', async () => {
    const { log, lines, flush } = captured('warn');
    log.info('quiet');
    log.warn('loud');
    await flush();
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
  });

  it('reads LOG_LEVEL as core does, and names it when it is wrong', () => {
    expect(loadLogLevel({})).toBe('info');
    expect(loadLogLevel({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => loadLogLevel({ LOG_LEVEL: 'loud' })).toThrow(
      expect.objectContaining({
        code: 'PN_OPERATOR_CONFIG_INVALID',
        message: expect.stringMatching(/LOG_LEVEL/),
      }),
    );
  });

  it('is what the operator process writes: a start-up that fails says why in one such line', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        ['--conditions=source', fileURLToPath(new URL('./main.ts', import.meta.url))],
        { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 },
      );
    const noCluster = run({ KUBECONFIG: '/nonexistent/kubeconfig' });
    expect(noCluster.status).toBe(1);
    const lines = noCluster.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 50,
      pid: noCluster.pid,
      hostname: hostname(),
      code: 'PN_OPERATOR_CONFIG_INVALID',
      err: { type: 'PnError', code: 'PN_OPERATOR_CONFIG_INVALID' },
      msg: expect.stringContaining('KUBECONFIG'),
    });
    const badLevel = run({ LOG_LEVEL: 'loud' });
    expect(badLevel.status).toBe(1);
    expect(JSON.parse(badLevel.stdout.trim())).toMatchObject({
      level: 50,
      msg: expect.stringContaining('LOG_LEVEL'),
    });
  });
});
