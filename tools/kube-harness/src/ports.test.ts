import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { freeLoopbackPorts } from './ports.ts';

it('returns distinct ports that can be bound on loopback', async () => {
  const ports = await freeLoopbackPorts(4);
  expect(new Set(ports).size).toBe(4);
  for (const port of ports) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  }
});
