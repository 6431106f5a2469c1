import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy between a client and a server, which a test cuts and restores at will. */
export interface TcpProxy {
  port: number;
  /** Destroys every open connection (both ends), as a network failure would. */
  cut(): void;
  /**
   * Refuses the service: open connections are cut and new ones are closed at once, until
   * {@link restore}.
   */
  block(): void;
  /** Lets connections through again. */
  restore(): void;
  /**
   * Cuts the connection in the middle of the next chunk of at least `minBytes` that travels in
   * `direction` (default `toClient`, what the server sends): the receiver gets its first half,
   * then both ends are destroyed. Resolves with the number of bytes that got through.
   */
  cutMidChunk(options?: { minBytes?: number; direction?: Direction }): Promise<number>;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/** Which way bytes travel through the proxy. */
export type Direction = 'toClient' | 'toServer';

/** Starts a proxy on a free loopback port forwarding to `target`. */
export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let blocked = false;
  let accepted = 0;
  let armed:
    { minBytes: number; direction: Direction; resolve: (bytes: number) => void } | undefined;
  const destroy = ([a, b]: [Socket, Socket]) => {
    a.destroy();
    b.destroy();
  };
  const server: Server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    accepted++;
    client.pause();
    const upstream = connect({ host: target.host ?? '127.0.0.1', port: target.port });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      destroy(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.on('connect', () => client.resume());
    const forward = (direction: Direction, to: Socket) => (chunk: Buffer) => {
      if (armed && armed.direction === direction && chunk.length >= armed.minBytes) {
        const { resolve } = armed;
        armed = undefined;
        const half = Math.floor(chunk.length / 2);
        to.write(chunk.subarray(0, half), () => {
          end();
          resolve(half);
        });
        return;
      }
      to.write(chunk);
    };
    client.on('data', forward('toServer', upstream));
    upstream.on('data', forward('toClient', client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cut = () => {
    for (const pair of pairs) destroy(pair);
    pairs.clear();
  };
  return {
    port,
    cut,
    block() {
      blocked = true;
      cut();
    },
    restore() {
      blocked = false;
    },
    cutMidChunk({ minBytes = 2, direction = 'toClient' } = {}) {
      return new Promise((resolve) => {
        armed = { minBytes, direction, resolve };
      });
    },
    get accepted() {
      return accepted;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
