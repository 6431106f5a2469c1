import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { isPnError, type PlayerQuery, type PlayerQueryTarget } from '@pteronimbus/sdk';
import {
  PlayerQueryMalformed,
  PlayerQueryTimeout,
  PlayerQueryUnreachable,
  PlayerQueryUnsupported,
} from './errors.ts';

/** Protocol id of Valve's server query (A2S) in templates' operator hints. */
export const A2S_PROTOCOL = 'a2s';

const DEFAULT_TIMEOUT_MS = 3000;
const SINGLE_PACKET = -1;
const SPLIT_PACKET = -2;
const A2S_INFO = 0x54;
const A2S_PLAYER = 0x55;
const S2C_CHALLENGE = 0x41;
const INFO_RESPONSE = 0x49;
const GOLDSRC_INFO_RESPONSE = 0x6d;
const PLAYER_RESPONSE = 0x44;
// The Ship (app 2400) adds three bytes to its info answer.
const THE_SHIP_APP_ID = 2400;
// A server that answers every request with a fresh challenge would otherwise keep us busy.
const MAX_CHALLENGES = 3;
// Source splits at about 1.2 KiB a packet; no real answer needs more than this.
const MAX_SPLIT_PACKETS = 32;
const HEADER = Buffer.from([0xff, 0xff, 0xff, 0xff]);
const INFO_PAYLOAD = Buffer.from('Source Engine Query\0', 'latin1');
const NO_CHALLENGE = Buffer.from([0xff, 0xff, 0xff, 0xff]);

/** What a server reports in its A2S_INFO answer. */
export interface A2sInfo {
  protocol: number;
  name: string;
  map: string;
  /** Game folder, e.g. `csgo`. */
  folder: string;
  /** Game name, e.g. `Counter-Strike 2`. */
  game: string;
  /** Low 16 bits of the Steam app id. */
  appId: number;
  /** Players on the server, bots included. */
  players: number;
  maxPlayers: number;
  bots: number;
  /** `d` dedicated, `l` listen, `p` SourceTV relay. */
  serverType: string;
  /** `l` Linux, `w` Windows, `m`/`o` macOS. */
  environment: string;
  /** Whether a password is needed to join. */
  passworded: boolean;
  vac: boolean;
  version: string;
  /** Extra data, when the server sends it. */
  port?: number;
  steamId?: string;
  sourceTv?: { port: number; name: string };
  keywords?: string;
  gameId?: string;
  /** Round trip of the final request, in milliseconds. */
  latencyMs: number;
}

/** One entry of an A2S_PLAYER answer. */
export interface A2sPlayer {
  index: number;
  /** Empty for players still connecting. */
  name: string;
  score: number;
  /** Seconds on the server. */
  duration: number;
}

/** A cursor over a little-endian answer; reading past its end is a malformed answer. */
class Reader {
  offset = 0;
  readonly buf: Buffer;

  constructor(buf: Buffer) {
    this.buf = buf;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number): number {
    if (this.offset + n > this.buf.length) throw new RangeError('the answer ends early');
    const at = this.offset;
    this.offset += n;
    return at;
  }

  byte(): number {
    return this.buf.readUInt8(this.need(1));
  }

  short(): number {
    return this.buf.readUInt16LE(this.need(2));
  }

  long(): number {
    return this.buf.readInt32LE(this.need(4));
  }

  float(): number {
    return this.buf.readFloatLE(this.need(4));
  }

  longLong(): bigint {
    return this.buf.readBigUInt64LE(this.need(8));
  }

  string(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new RangeError('a string has no terminator');
    const text = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }
}

/** Reads the body of an A2S_INFO answer (after its 0x49 type byte). */
export function parseInfo(body: Buffer, latencyMs = 0): A2sInfo {
  const r = new Reader(body);
  const info: A2sInfo = {
    protocol: r.byte(),
    name: r.string(),
    map: r.string(),
    folder: r.string(),
    game: r.string(),
    appId: r.short(),
    players: r.byte(),
    maxPlayers: r.byte(),
    bots: r.byte(),
    serverType: String.fromCharCode(r.byte()),
    environment: String.fromCharCode(r.byte()),
    passworded: r.byte() === 1,
    vac: r.byte() === 1,
    version: '',
    latencyMs,
  };
  if (info.appId === THE_SHIP_APP_ID) r.offset += 3;
  info.version = r.string();
  if (r.remaining > 0) {
    const edf = r.byte();
    if (edf & 0x80) info.port = r.short();
    if (edf & 0x10) info.steamId = r.longLong().toString();
    if (edf & 0x40) info.sourceTv = { port: r.short(), name: r.string() };
    if (edf & 0x20) info.keywords = r.string();
    if (edf & 0x01) info.gameId = r.longLong().toString();
  }
  return info;
}

/** Reads the body of an A2S_PLAYER answer (after its 0x44 type byte). */
export function parsePlayers(body: Buffer): A2sPlayer[] {
  const r = new Reader(body);
  r.byte(); // the count is one byte and wraps past 255 players: the entries themselves are read
  const players: A2sPlayer[] = [];
  while (r.remaining > 0) {
    players.push({ index: r.byte(), name: r.string(), score: r.long(), duration: r.float() });
  }
  return players;
}

function infoRequest(challenge: Buffer | undefined): Buffer {
  return Buffer.concat([
    HEADER,
    Buffer.from([A2S_INFO]),
    INFO_PAYLOAD,
    challenge ?? Buffer.alloc(0),
  ]);
}

function playerRequest(challenge: Buffer | undefined): Buffer {
  return Buffer.concat([HEADER, Buffer.from([A2S_PLAYER]), challenge ?? NO_CHALLENGE]);
}

class Unsupported extends Error {}

/**
 * Sends one A2S request and waits for the answer of type `expected`: answers an S2C_CHALLENGE
 * by repeating the request with the challenge, and joins Source split answers. Resolves with the
 * answer's body (after the type byte) and the round trip of the last request.
 */
function exchange(
  target: PlayerQueryTarget,
  request: (challenge: Buffer | undefined) => Buffer,
  expected: number,
): Promise<{ body: Buffer; latencyMs: number }> {
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = `${target.host}:${target.port}`;
  const details = { host: target.host, port: target.port, protocol: A2S_PROTOCOL };

  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(target.host) === 6 ? 'udp6' : 'udp4');
    let settled = false;
    let sentAt = 0n;
    let challenges = 0;
    let splitId: number | undefined;
    const parts = new Map<number, Buffer>();

    const finish = (error: Error | undefined, value?: { body: Buffer; latencyMs: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(value as { body: Buffer; latencyMs: number });
    };
    const timer = setTimeout(
      () => finish(PlayerQueryTimeout(where, timeoutMs, { ...details, timeoutMs })),
      timeoutMs,
    );
    const send = (challenge?: Buffer) => {
      sentAt = process.hrtime.bigint();
      socket.send(request(challenge));
    };

    const onMessage = (payload: Buffer) => {
      const type = payload[0];
      if (type === S2C_CHALLENGE) {
        if (payload.length < 5) throw new RangeError('the challenge is shorter than 4 bytes');
        if (++challenges > MAX_CHALLENGES) {
          throw new RangeError('the server keeps asking for a new challenge');
        }
        parts.clear();
        splitId = undefined;
        send(payload.subarray(1, 5));
        return;
      }
      if (type === GOLDSRC_INFO_RESPONSE && expected === INFO_RESPONSE) {
        throw new Unsupported('obsolete GoldSrc info answer (0x6D)');
      }
      if (type !== expected) {
        throw new RangeError(
          `expected an answer of type 0x${expected.toString(16)}, got 0x${(type ?? 0).toString(16)}`,
        );
      }
      const latencyMs = Number(process.hrtime.bigint() - sentAt) / 1e6;
      finish(undefined, {
        body: payload.subarray(1),
        latencyMs: Math.round(latencyMs * 100) / 100,
      });
    };

    const onPacket = (msg: Buffer) => {
      if (msg.length < 5) throw new RangeError('a packet is shorter than its header');
      const header = msg.readInt32LE(0);
      if (header === SINGLE_PACKET) return onMessage(msg.subarray(4));
      if (header !== SPLIT_PACKET) throw new RangeError(`unknown packet header ${header}`);
      // Source split header: answer id (top bit: bzip2-compressed), total, number, packet size.
      if (msg.length < 12) throw new RangeError('a split packet is shorter than its header');
      const id = msg.readUInt32LE(4);
      if (id & 0x80000000) throw new Unsupported('compressed split answer');
      const total = msg.readUInt8(8);
      const number = msg.readUInt8(9);
      // GoldSrc packs total and number into one byte; read as Source, the number lands past the total.
      if (total === 0 || number >= total || total > MAX_SPLIT_PACKETS) {
        throw new Unsupported('split answer in GoldSrc form');
      }
      if (splitId !== undefined && id !== splitId) return; // left over from before a challenge
      splitId = id;
      parts.set(number, msg.subarray(12));
      if (parts.size < total) return;
      const whole = Buffer.concat([...Array(total).keys()].map((n) => parts.get(n) as Buffer));
      if (whole.length < 5 || whole.readInt32LE(0) !== SINGLE_PACKET) {
        throw new RangeError('the joined split answer has no header');
      }
      onMessage(whole.subarray(4));
    };

    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish(PlayerQueryUnreachable(where, err.code ?? err.message, { ...details })),
    );
    socket.on('message', (msg: Buffer) => {
      if (settled) return;
      try {
        onPacket(msg);
      } catch (err) {
        if (isPnError(err)) finish(err);
        else if (err instanceof Unsupported)
          finish(PlayerQueryUnsupported(where, err.message, details));
        else finish(PlayerQueryMalformed(where, (err as Error).message, { ...details }));
      }
    });
    // A connected socket only receives from the server, and hears of a closed port (ICMP) as an error.
    socket.connect(target.port, target.host, () => send());
  });
}

function parsed<T>(target: PlayerQueryTarget, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw PlayerQueryMalformed(`${target.host}:${target.port}`, (err as Error).message, {
      host: target.host,
      port: target.port,
      protocol: A2S_PROTOCOL,
    });
  }
}

/**
 * Asks a Source-engine or Steamworks server for its info with A2S_INFO, answering a challenge
 * when the server asks for one. Throws `PN_PLAYER_QUERY_TIMEOUT`, `PN_PLAYER_QUERY_UNREACHABLE`,
 * `PN_PLAYER_QUERY_MALFORMED` or `PN_PLAYER_QUERY_UNSUPPORTED`.
 */
export async function queryA2sInfo(target: PlayerQueryTarget): Promise<A2sInfo> {
  const { body, latencyMs } = await exchange(target, infoRequest, INFO_RESPONSE);
  return parsed(target, () => parseInfo(body, latencyMs));
}

/** Asks a server for its players with A2S_PLAYER (always challenged). Throws as {@link queryA2sInfo}. */
export async function queryA2sPlayers(target: PlayerQueryTarget): Promise<A2sPlayer[]> {
  const { body } = await exchange(target, playerRequest, PLAYER_RESPONSE);
  return parsed(target, () => parsePlayers(body));
}

/**
 * A2S as a player query: counts from A2S_INFO (bots are not counted as players online), names
 * from A2S_PLAYER when the server answers it (many hide their player list).
 */
export const a2sQuery: PlayerQuery = {
  protocol: A2S_PROTOCOL,
  async query(target) {
    const info = await queryA2sInfo(target);
    const players = await queryA2sPlayers(target).catch(() => undefined);
    return {
      online: Math.max(0, info.players - info.bots),
      max: info.maxPlayers,
      name: info.name,
      version: info.version,
      latencyMs: info.latencyMs,
      ...(players
        ? { players: players.filter((p) => p.name !== '').map((p) => ({ name: p.name })) }
        : {}),
    };
  },
};
