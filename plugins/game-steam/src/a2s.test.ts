import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  A2S_PROTOCOL,
  a2sQuery,
  parseInfo,
  parsePlayers,
  queryA2sInfo,
  queryA2sPlayers,
} from './a2s.ts';

const HEADER = Buffer.from([0xff, 0xff, 0xff, 0xff]);
const CHALLENGE = Buffer.from([0x12, 0x34, 0x56, 0x78]);

const cstr = (text: string) => Buffer.from(`${text}\0`, 'utf8');
const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
const f32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(n);
  return b;
};
const u64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};

/** An A2S_INFO answer of a CS2 server, with every extra data field. */
function infoAnswer(name = 'Pteronimbus CS2'): Buffer {
  return Buffer.concat([
    HEADER,
    u8(0x49),
    u8(17),
    cstr(name),
    cstr('de_dust2'),
    cstr('csgo'),
    cstr('Counter-Strike 2'),
    u16(730),
    u8(12),
    u8(16),
    u8(2),
    u8('d'.charCodeAt(0)),
    u8('l'.charCodeAt(0)),
    u8(1),
    u8(1),
    cstr('1.40.5.2'),
    u8(0x80 | 0x10 | 0x40 | 0x20 | 0x01),
    u16(27015),
    u64(90071992547409921n),
    u16(27020),
    cstr('SourceTV'),
    cstr('secure,valve_ds'),
    u64(730n),
  ]);
}

function playerAnswer(players: Array<[string, number, number]>): Buffer {
  return Buffer.concat([
    HEADER,
    u8(0x44),
    u8(players.length),
    ...players.map(([name, score, duration], i) =>
      Buffer.concat([u8(i), cstr(name), i32(score), f32(duration)]),
    ),
  ]);
}

/** Splits an answer into Source split packets (answer id, total, number, size). */
function split(answer: Buffer, parts: number, id = 7): Buffer[] {
  const size = Math.ceil(answer.length / parts);
  return [...Array(parts).keys()].map((n) =>
    Buffer.concat([
      i32(-2),
      i32(id),
      u8(parts),
      u8(n),
      u16(1248),
      answer.subarray(n * size, (n + 1) * size),
    ]),
  );
}

type Reply = (request: Buffer, send: (packet: Buffer) => void) => void;

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** A local UDP server answering each request as `reply` says. */
async function fakeServer(reply: Reply): Promise<{ port: number; requests: Buffer[] }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const requests: Buffer[] = [];
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    requests.push(msg);
    reply(msg, (packet) => socket.send(packet, from.port, from.address));
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: (socket.address() as AddressInfo).port, requests };
}

/** A server that asks for a challenge first, as current Source servers do. */
function challenged(answer: (type: number) => Buffer | Buffer[] | undefined): Reply {
  return (request, send) => {
    const type = request[4] as number;
    const tail = request.subarray(request.length - 4);
    if (!tail.equals(CHALLENGE)) return send(Buffer.concat([HEADER, u8(0x41), CHALLENGE]));
    const packets = answer(type);
    for (const p of Array.isArray(packets) ? packets : packets ? [packets] : []) send(p);
  };
}

const target = (port: number, timeoutMs = 1000) => ({ host: '127.0.0.1', port, timeoutMs });
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e);

describe('A2S_INFO', () => {
  it('sends the Source Engine Query, answers the challenge and reads every field', async () => {
    const { port, requests } = await fakeServer(challenged(() => infoAnswer()));
    const info = await queryA2sInfo(target(port));
    expect(requests[0]).toEqual(
      Buffer.concat([HEADER, u8(0x54), Buffer.from('Source Engine Query\0', 'latin1')]),
    );
    expect(requests[1]).toEqual(Buffer.concat([requests[0] as Buffer, CHALLENGE]));
    expect(info).toMatchObject({
      protocol: 17,
      name: 'Pteronimbus CS2',
      map: 'de_dust2',
      folder: 'csgo',
      game: 'Counter-Strike 2',
      appId: 730,
      players: 12,
      maxPlayers: 16,
      bots: 2,
      serverType: 'd',
      environment: 'l',
      passworded: true,
      vac: true,
      version: '1.40.5.2',
      port: 27015,
      steamId: '90071992547409921',
      sourceTv: { port: 27020, name: 'SourceTV' },
      keywords: 'secure,valve_ds',
      gameId: '730',
    });
    expect(info.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers servers that send no challenge', async () => {
    const { port, requests } = await fakeServer((_r, send) => send(infoAnswer()));
    expect((await queryA2sInfo(target(port))).name).toBe('Pteronimbus CS2');
    expect(requests).toHaveLength(1);
  });

  it('joins split answers, whatever order the parts arrive in', async () => {
    const long = 'x'.repeat(3000);
    const { port } = await fakeServer(challenged(() => split(infoAnswer(long), 3).reverse()));
    expect((await queryA2sInfo(target(port))).name).toBe(long);
  });

  it('reads the info answer of The Ship, with its three extra bytes', () => {
    const body = Buffer.concat([
      u8(7),
      cstr('Ship'),
      cstr('map'),
      cstr('ship'),
      cstr('The Ship'),
      u16(2400),
      u8(1),
      u8(8),
      u8(0),
      u8(0x64),
      u8(0x77),
      u8(0),
      u8(0),
      u8(1),
      u8(2),
      u8(3),
      cstr('1.0'),
    ]);
    expect(parseInfo(body)).toMatchObject({ appId: 2400, version: '1.0', players: 1 });
    expect(parseInfo(body).port).toBeUndefined();
  });

  it.each([
    ['garbage', Buffer.from('hello world'), 'PN_PLAYER_QUERY_MALFORMED', /header/],
    ['a runt packet', Buffer.from([0xff, 0xff]), 'PN_PLAYER_QUERY_MALFORMED', /shorter/],
    [
      'a truncated info answer',
      infoAnswer().subarray(0, 20),
      'PN_PLAYER_QUERY_MALFORMED',
      /terminator|ends early/,
    ],
    [
      'an answer of another type',
      Buffer.concat([HEADER, u8(0x45), u8(0)]),
      'PN_PLAYER_QUERY_MALFORMED',
      /0x49, got 0x45/,
    ],
    [
      'a GoldSrc info answer',
      Buffer.concat([HEADER, u8(0x6d), cstr('x')]),
      'PN_PLAYER_QUERY_UNSUPPORTED',
      /GoldSrc/,
    ],
    [
      'a compressed split answer',
      Buffer.concat([i32(-2), i32(0x80000001 | 0), u8(2), u8(0), u16(1248), Buffer.alloc(8)]),
      'PN_PLAYER_QUERY_UNSUPPORTED',
      /compressed/,
    ],
    [
      'a GoldSrc split answer',
      Buffer.concat([i32(-2), i32(5), u8(0x02), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x49])]),
      'PN_PLAYER_QUERY_UNSUPPORTED',
      /GoldSrc/,
    ],
    [
      'a split packet with a short header',
      Buffer.concat([i32(-2), i32(5)]),
      'PN_PLAYER_QUERY_MALFORMED',
      /split packet/,
    ],
    [
      'a joined split answer without header',
      Buffer.concat([i32(-2), i32(5), u8(1), u8(0), u16(1248), Buffer.from('nothing')]),
      'PN_PLAYER_QUERY_MALFORMED',
      /no header/,
    ],
    [
      'a challenge without its 4 bytes',
      Buffer.concat([HEADER, u8(0x41), u8(1)]),
      'PN_PLAYER_QUERY_MALFORMED',
      /challenge/,
    ],
  ])('refuses %s', async (_name, answer, code, message) => {
    const { port } = await fakeServer((_r, send) => send(answer));
    const err = await fail(queryA2sInfo(target(port)));
    expect(err).toMatchObject({
      code,
      statusCode: 502,
      details: { host: '127.0.0.1', port, protocol: A2S_PROTOCOL },
    });
    expect((err as Error).message).toMatch(message);
  });

  it('gives up on a server that asks for a new challenge every time', async () => {
    const { port, requests } = await fakeServer((_r, send) =>
      send(Buffer.concat([HEADER, u8(0x41), CHALLENGE])),
    );
    const err = await fail(queryA2sInfo(target(port)));
    expect(err).toMatchObject({ code: 'PN_PLAYER_QUERY_MALFORMED' });
    expect((err as Error).message).toMatch(/keeps asking/);
    expect(requests).toHaveLength(4);
  });

  it('times out on a silent server', async () => {
    const { port } = await fakeServer(() => {});
    const started = Date.now();
    const err = await fail(queryA2sInfo(target(port, 150)));
    expect(err).toMatchObject({ code: 'PN_PLAYER_QUERY_TIMEOUT', statusCode: 504 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a closed port', async () => {
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const { port } = probe.address();
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await fail(queryA2sInfo(target(port)));
    expect(err).toMatchObject({
      code: 'PN_PLAYER_QUERY_UNREACHABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

describe('A2S_PLAYER', () => {
  it('asks with the challenge and reads every player', async () => {
    const { port, requests } = await fakeServer(
      challenged(() =>
        playerAnswer([
          ['Alice', 12, 61.5],
          ['', 0, 1],
          ['Bob', -3, 3600],
        ]),
      ),
    );
    const players = await queryA2sPlayers(target(port));
    expect(requests[0]).toEqual(Buffer.concat([HEADER, u8(0x55), HEADER]));
    expect(requests[1]).toEqual(Buffer.concat([HEADER, u8(0x55), CHALLENGE]));
    expect(players).toEqual([
      { index: 0, name: 'Alice', score: 12, duration: 61.5 },
      { index: 1, name: '', score: 0, duration: 1 },
      { index: 2, name: 'Bob', score: -3, duration: 3600 },
    ]);
  });

  it('reads past a count that wrapped at 256 players', () => {
    const body = Buffer.concat([
      u8(1),
      ...[0, 1].map((i) => Buffer.concat([u8(i), cstr(`p${i}`), i32(0), f32(0)])),
    ]);
    expect(parsePlayers(body)).toHaveLength(2);
  });

  it('refuses a player list cut short', async () => {
    const answer = playerAnswer([['Alice', 1, 1]]);
    const { port } = await fakeServer(challenged(() => answer.subarray(0, answer.length - 2)));
    await expect(queryA2sPlayers(target(port))).rejects.toMatchObject({
      code: 'PN_PLAYER_QUERY_MALFORMED',
    });
  });
});

describe('A2S as a player query', () => {
  it('counts players without bots and lists named players', async () => {
    const { port } = await fakeServer(
      challenged((type) =>
        type === 0x54
          ? infoAnswer()
          : playerAnswer([
              ['Alice', 1, 1],
              ['', 0, 0],
            ]),
      ),
    );
    expect(a2sQuery.protocol).toBe('a2s');
    const result = await a2sQuery.query(target(port));
    expect(result).toMatchObject({
      online: 10,
      max: 16,
      name: 'Pteronimbus CS2',
      version: '1.40.5.2',
      players: [{ name: 'Alice' }],
    });
    expect(result.latencyMs).toBeTypeOf('number');
  });

  it('still answers when the server hides its players', async () => {
    const { port } = await fakeServer(
      challenged((type) => (type === 0x54 ? infoAnswer() : undefined)),
    );
    const result = await a2sQuery.query(target(port, 200));
    expect(result.online).toBe(10);
    expect(result.players).toBeUndefined();
  });
});
