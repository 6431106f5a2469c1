import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './proxy.ts';

/** A server that sends `reply` to every connection and records what it receives. */
async function echoServer(reply: Buffer) {
  const received: Buffer[] = [];
  const server: Server = createServer((s) => {
    s.on('data', (d: Buffer) => received.push(d));
    s.on('error', () => {});
    s.write(reply);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Connects through `port`; resolves with what arrived once the connection closed. */
function client(port: number, send?: Buffer) {
  return new Promise<{ data: Buffer; socket: Socket }>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('connect', () => send && socket.write(send));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ data: Buffer.concat(chunks), socket }));
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('startTcpProxy', () => {
  it('forwards half of the next large chunk towards the client, then cuts both ends', async () => {
    const server = await echoServer(Buffer.alloc(1000, 'a'));
    const proxy: TcpProxy = await startTcpProxy({ port: server.port });
    cleanups.push(proxy.close, server.close);
    const cut = proxy.cutMidChunk({ minBytes: 100 });
    const { data } = await client(proxy.port);
    expect(await cut).toBe(500);
    expect(data.length).toBe(500);
    expect(proxy.accepted).toBe(1);
  });

  it('cuts towards the server, and refuses connections while blocked', async () => {
    const server = await echoServer(Buffer.from('hi'));
    const proxy = await startTcpProxy({ port: server.port });
    cleanups.push(proxy.close, server.close);
    const cut = proxy.cutMidChunk({ minBytes: 10, direction: 'toServer' });
    await client(proxy.port, Buffer.alloc(64, 'b'));
    expect(await cut).toBe(32);
    await expect.poll(() => Buffer.concat(server.received).length).toBe(32);
    proxy.block();
    expect((await client(proxy.port)).data.length).toBe(0);
    expect(proxy.accepted).toBe(1);
    proxy.restore();
    const open = client(proxy.port);
    await expect.poll(() => proxy.accepted).toBe(2);
    // A cut closes a connection that is let through again.
    proxy.cut();
    await open;
  });
});
