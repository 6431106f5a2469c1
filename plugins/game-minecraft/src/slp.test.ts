import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chatText,
  decodeVarInt,
  encodeVarInt,
  serverListPing,
  serverListPingQuery,
  SLP_PROTOCOL,
} from './slp.ts';

/** What the fake server read from the client's handshake. */
interface Handshake {
  protocol: number;
  host: string;
  port: number;
  nextState: number;
}

interface Behaviour {
  /** Bytes to answer the status request with; the default is a framed `status` JSON. */
  status?: (handshake: Handshake) => Buffer | undefined;
  /** Answers the ping (default: echo it); return undefined to stay silent. */
  pong?: (payload: Buffer) => Buffer | undefined;
  /** Write answers one byte at a time. */
  trickle?: boolean;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function frame(id: number, ...fields: Buffer[]): Buffer {
  const body = Buffer.concat([encodeVarInt(id), ...fields]);
  return Buffer.concat([encodeVarInt(body.length), body]);
}

function statusPacket(json: string): Buffer {
  const bytes = Buffer.from(json, 'utf8');
  return frame(0x00, encodeVarInt(bytes.length), bytes);
}

const STATUS = {
  version: { name: '§a1.21.4', protocol: 769 },
  players: {
    online: 2,
    max: 20,
    sample: [
      { name: 'Alex', id: '00000000-0000-0000-0000-000000000001' },
      { name: 'Steve', id: '00000000-0000-0000-0000-000000000002' },
    ],
  },
  description: { text: '§lA ', extra: [{ text: 'Pteronimbus' }, ' server'] },
  enforcesSecureChat: true,
};

/** A local server speaking the status side of the protocol, as `behaviour` says. */
async function fakeServer(behaviour: Behaviour = {}): Promise<{ port: number; seen: Handshake[] }> {
  const seen: Handshake[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = Buffer.alloc(0);
    let handshake: Handshake | undefined;
    const send = (bytes: Buffer | undefined) => {
      if (!bytes) return;
      if (!behaviour.trickle) socket.write(bytes);
      else for (const byte of bytes) socket.write(Buffer.from([byte]));
    };
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const length = decodeVarInt(buffer);
        if (!length || buffer.length < length.size + length.value) return;
        const body = buffer.subarray(length.size, length.size + length.value);
        buffer = buffer.subarray(length.size + length.value);
        const id = decodeVarInt(body)!;
        if (!handshake) {
          let at = id.size;
          const protocol = decodeVarInt(body, at)!;
          at += protocol.size;
          const hostLength = decodeVarInt(body, at)!;
          at += hostLength.size;
          const host = body.toString('utf8', at, at + hostLength.value);
          at += hostLength.value;
          const port = body.readUInt16BE(at);
          const nextState = decodeVarInt(body, at + 2)!.value;
          handshake = { protocol: protocol.value, host, port, nextState };
          seen.push(handshake);
        } else if (id.value === 0x00) {
          const h = handshake;
          send(behaviour.status ? behaviour.status(h) : statusPacket(JSON.stringify(STATUS)));
        } else if (id.value === 0x01) {
          const payload = body.subarray(id.size);
          send(behaviour.pong ? behaviour.pong(payload) : frame(0x01, payload));
        }
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const query = (port: number, timeoutMs = 1000) =>
  serverListPing({ host: '127.0.0.1', port, timeoutMs });

describe('VarInt', () => {
  it('encodes the protocol examples', () => {
    expect(encodeVarInt(0)).toEqual(Buffer.from([0x00]));
    expect(encodeVarInt(127)).toEqual(Buffer.from([0x7f]));
    expect(encodeVarInt(128)).toEqual(Buffer.from([0x80, 0x01]));
    expect(encodeVarInt(300)).toEqual(Buffer.from([0xac, 0x02]));
    expect(encodeVarInt(25565)).toEqual(Buffer.from([0xdd, 0xc7, 0x01]));
    expect(encodeVarInt(2147483647)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07]));
    expect(encodeVarInt(-1)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
  });

  it('decodes what it encodes, reports short input and refuses six bytes', () => {
    for (const n of [0, 1, 127, 128, 255, 25565, 2097151, 2147483647, -1, -2147483648]) {
      const bytes = encodeVarInt(n);
      expect(decodeVarInt(bytes)).toEqual({ value: n, size: bytes.length });
    }
    expect(decodeVarInt(Buffer.from([0x80]))).toBeUndefined();
    expect(() => decodeVarInt(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))).toThrow(
      RangeError,
    );
  });
});

describe('chat text', () => {
  it('flattens strings, components and lists', () => {
    expect(chatText('plain')).toBe('plain');
    expect(chatText({ text: 'a', extra: [{ text: 'b', extra: ['c'] }, 'd'] })).toBe('abcd');
    expect(chatText([{ translate: 'x' }, 'y'])).toBe('xy');
    expect(chatText(42)).toBe('');
  });
});

describe('Server List Ping', () => {
  it('reads players, version and message of the day, and measures latency', async () => {
    const { port, seen } = await fakeServer();
    const status = await query(port);
    expect(seen).toEqual([{ protocol: -1, host: '127.0.0.1', port, nextState: 1 }]);
    expect(status).toMatchObject({
      online: 2,
      max: 20,
      players: [{ name: 'Alex' }, { name: 'Steve' }],
      version: '1.21.4',
      protocol: 769,
      name: 'A Pteronimbus server',
    });
    expect(status.latencyMs).toBeGreaterThanOrEqual(0);
    expect(status.raw).toEqual(STATUS);
  });

  it('reassembles answers that arrive a byte at a time', async () => {
    const { port } = await fakeServer({ trickle: true });
    const status = await query(port);
    expect(status.online).toBe(2);
    expect(status.latencyMs).toBeTypeOf('number');
  });

  it('accepts a legacy string description and a status without sample', async () => {
    const { port } = await fakeServer({
      status: () =>
        statusPacket(JSON.stringify({ players: { online: 0, max: 5 }, description: '§6Hi' })),
    });
    const status = await query(port);
    expect(status).toMatchObject({ online: 0, max: 5, name: 'Hi' });
    expect(status.players).toBeUndefined();
    expect(status.version).toBeUndefined();
  });

  it('reports the status without latency when the pong never comes', async () => {
    const { port } = await fakeServer({ pong: () => undefined });
    const status = await query(port, 300);
    expect(status.online).toBe(2);
    expect(status.latencyMs).toBeUndefined();
  });

  it('serves the player-query extension point without the raw answer', async () => {
    const { port } = await fakeServer();
    const result = await serverListPingQuery.query({ host: '127.0.0.1', port });
    expect(serverListPingQuery.protocol).toBe(SLP_PROTOCOL);
    expect(result).not.toHaveProperty('raw');
    expect(result).not.toHaveProperty('protocol');
    expect(result).toMatchObject({ online: 2, max: 20 });
  });

  it.each([
    ['text that is not JSON', statusPacket('{"players":'), /not JSON/],
    ['JSON that is not an object', statusPacket('[1,2]'), /not a JSON object/],
    ['a status without players', statusPacket('{"version":{"name":"x"}}'), /no players/],
    ['negative counts', statusPacket('{"players":{"online":-1,"max":20}}'), /must be counts/],
    ['another packet id', frame(0x05, Buffer.from([0])), /expected a status answer/],
    [
      'a string longer than its packet',
      frame(0x00, encodeVarInt(100), Buffer.from('{}')),
      /overruns/,
    ],
    ['a giant length', Buffer.concat([encodeVarInt(64 * 1024 * 1024), Buffer.alloc(8)]), /length/],
    ['a VarInt of six bytes', Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), /5 bytes/],
  ])('refuses %s with PN_PLAYER_QUERY_MALFORMED', async (_name, answer, message) => {
    const { port } = await fakeServer({ status: () => answer });
    const err = await query(port).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'PN_PLAYER_QUERY_MALFORMED',
      statusCode: 502,
      details: { host: '127.0.0.1', port, protocol: SLP_PROTOCOL },
    });
    expect((err as Error).message).toMatch(message);
  });

  it('refuses a pong that does not echo the ping', async () => {
    const { port } = await fakeServer({ pong: () => frame(0x01, Buffer.alloc(8)) });
    await expect(query(port)).rejects.toMatchObject({ code: 'PN_PLAYER_QUERY_MALFORMED' });
  });

  it('reports a server that hangs up without answering', async () => {
    const server = createServer((socket) => socket.destroy());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(query(port)).rejects.toMatchObject({
      code: expect.stringMatching(/^PN_PLAYER_QUERY_(MALFORMED|UNREACHABLE)$/),
    });
  });

  it('times out on a server that never answers', async () => {
    const { port } = await fakeServer({ status: () => undefined });
    const started = Date.now();
    const err = await query(port, 150).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'PN_PLAYER_QUERY_TIMEOUT',
      statusCode: 504,
      details: { timeoutMs: 150 },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    await expect(query(port)).rejects.toMatchObject({
      code: 'PN_PLAYER_QUERY_UNREACHABLE',
      statusCode: 502,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
