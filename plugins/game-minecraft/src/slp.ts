import { connect, type Socket } from 'node:net';
import type { PlayerQuery, PlayerQueryResult, PlayerQueryTarget } from '@pteronimbus/sdk';
import { PlayerQueryMalformed, PlayerQueryTimeout, PlayerQueryUnreachable } from './errors.ts';

/** Protocol id of the Server List Ping in templates' operator hints. */
export const SLP_PROTOCOL = 'minecraft-slp';

const DEFAULT_TIMEOUT_MS = 3000;
// A status answer with a 64×64 favicon is a few dozen KiB; anything far larger is not a server.
const MAX_PACKET_BYTES = 1 << 20;
// Servers answer a status request whatever the version; -1 is what clients send when probing.
const PROBE_PROTOCOL_VERSION = -1;
const NEXT_STATE_STATUS = 1;

/** What a Minecraft Java server reports in its status answer. */
export interface ServerListPingStatus extends PlayerQueryResult {
  /** The protocol number of the server's version. */
  protocol?: number;
  /** The decoded JSON answer, as sent. */
  raw: Record<string, unknown>;
}

/** Encodes a 32-bit integer as a protocol VarInt (7 bits a byte, least significant first). */
export function encodeVarInt(value: number): Buffer {
  let v = value >>> 0;
  const bytes: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0);
  return Buffer.from(bytes);
}

/**
 * Decodes a VarInt at `offset`: its value and size, or `undefined` when `buf` ends before it does.
 * Throws a `RangeError` for one longer than five bytes.
 */
export function decodeVarInt(buf: Buffer, offset = 0): { value: number; size: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (offset + i >= buf.length) return undefined;
    const byte = buf[offset + i] as number;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value: value | 0, size: i + 1 };
  }
  throw new RangeError('VarInt longer than 5 bytes');
}

function protocolString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([encodeVarInt(bytes.length), bytes]);
}

/** Frames a packet: VarInt length, then the VarInt packet id and the payload. */
function packet(id: number, ...fields: Buffer[]): Buffer {
  const body = Buffer.concat([encodeVarInt(id), ...fields]);
  return Buffer.concat([encodeVarInt(body.length), body]);
}

function handshake(host: string, port: number): Buffer {
  const portBytes = Buffer.alloc(2);
  portBytes.writeUInt16BE(port);
  return packet(
    0x00,
    encodeVarInt(PROBE_PROTOCOL_VERSION),
    protocolString(host),
    portBytes,
    encodeVarInt(NEXT_STATE_STATUS),
  );
}

/** Plain text of a chat component (a string, a `{ text, extra }` object, or a list of them). */
export function chatText(component: unknown): string {
  if (typeof component === 'string') return component;
  if (Array.isArray(component)) return component.map(chatText).join('');
  if (typeof component === 'object' && component !== null) {
    const c = component as { text?: unknown; translate?: unknown; extra?: unknown };
    const own =
      typeof c.text === 'string' ? c.text : typeof c.translate === 'string' ? c.translate : '';
    return own + (Array.isArray(c.extra) ? c.extra.map(chatText).join('') : '');
  }
  return '';
}

/** Drops the `§x` formatting codes legacy servers put in names and messages. */
function stripFormatting(text: string): string {
  return text.replace(/§[0-9a-fk-orx]/gi, '');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Reads the status JSON into a result; throws a message for what is missing or wrong. */
function readStatus(json: string): Omit<ServerListPingStatus, 'latencyMs'> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new TypeError('the status is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TypeError('the status is not a JSON object');
  }
  const status = raw as Record<string, unknown>;
  const players = status.players as Record<string, unknown> | undefined;
  if (typeof players !== 'object' || players === null) {
    throw new TypeError('the status has no players object');
  }
  if (!isCount(players.online) || !isCount(players.max)) {
    throw new TypeError('players.online and players.max must be counts');
  }
  const result: Omit<ServerListPingStatus, 'latencyMs'> = {
    online: players.online,
    max: players.max,
    raw: status,
  };
  if (Array.isArray(players.sample)) {
    result.players = players.sample
      .filter((p): p is { name: string } => typeof (p as { name?: unknown })?.name === 'string')
      .map((p) => ({ name: stripFormatting(p.name) }));
  }
  const version = status.version as { name?: unknown; protocol?: unknown } | undefined;
  if (typeof version?.name === 'string') result.version = stripFormatting(version.name);
  if (typeof version?.protocol === 'number') result.protocol = version.protocol;
  if (status.description !== undefined) {
    const motd = stripFormatting(chatText(status.description)).trim();
    if (motd !== '') result.name = motd;
  }
  return result;
}

/**
 * Asks a Minecraft Java server (or proxy) for its status with the Server List Ping: a handshake
 * in the status state, a status request, then a ping whose pong gives the latency. Servers that
 * close the connection after the status, as some proxies do, are reported without latency.
 *
 * Throws `PN_PLAYER_QUERY_TIMEOUT`, `PN_PLAYER_QUERY_UNREACHABLE` or `PN_PLAYER_QUERY_MALFORMED`.
 */
export function serverListPing(target: PlayerQueryTarget): Promise<ServerListPingStatus> {
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = `${target.host}:${target.port}`;
  const details = { host: target.host, port: target.port, protocol: SLP_PROTOCOL };

  return new Promise((resolve, reject) => {
    let buffer: Buffer = Buffer.alloc(0);
    let status: Omit<ServerListPingStatus, 'latencyMs'> | undefined;
    let pingSentAt = 0n;
    let settled = false;
    const socket: Socket = connect({ host: target.host, port: target.port });

    const finish = (error: Error | undefined, value?: ServerListPingStatus) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value as ServerListPingStatus);
    };
    const malformed = (reason: string) =>
      finish(PlayerQueryMalformed(where, reason, { ...details }));
    const withoutLatency = () => finish(undefined, status as ServerListPingStatus);

    const timer = setTimeout(() => {
      if (status) withoutLatency();
      else finish(PlayerQueryTimeout(where, timeoutMs, { ...details, timeoutMs }));
    }, timeoutMs);

    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(Buffer.concat([handshake(target.host, target.port), packet(0x00)]));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (status) withoutLatency();
      else finish(PlayerQueryUnreachable(where, err.code ?? err.message, { ...details }));
    });
    socket.on('close', () => {
      if (status) withoutLatency();
      else malformed('the server closed the connection before answering');
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        for (;;) {
          const length = decodeVarInt(buffer);
          if (!length) return;
          if (length.value <= 0 || length.value > MAX_PACKET_BYTES) {
            return malformed(`packet length ${length.value}`);
          }
          if (buffer.length < length.size + length.value) return;
          const body = buffer.subarray(length.size, length.size + length.value);
          buffer = buffer.subarray(length.size + length.value);
          if (settled) return;
          onPacket(body);
        }
      } catch (err) {
        malformed((err as Error).message);
      }
    });

    function onPacket(body: Buffer): void {
      const id = decodeVarInt(body);
      if (!id) throw new RangeError('packet without an id');
      if (!status) {
        if (id.value !== 0x00)
          throw new RangeError(`expected a status answer, got packet ${id.value}`);
        const length = decodeVarInt(body, id.size);
        const start = id.size + (length?.size ?? 0);
        if (!length || length.value < 0 || start + length.value > body.length) {
          throw new RangeError('the status string overruns its packet');
        }
        status = readStatus(body.subarray(start, start + length.value).toString('utf8'));
        pingSentAt = process.hrtime.bigint();
        const payload = Buffer.alloc(8);
        payload.writeBigInt64BE(pingSentAt);
        socket.write(packet(0x01, payload));
        return;
      }
      if (id.value !== 0x01 || body.length !== id.size + 8) {
        throw new RangeError('expected a pong');
      }
      if (body.readBigInt64BE(id.size) !== pingSentAt)
        throw new RangeError('the pong does not echo the ping');
      const latencyMs = Number(process.hrtime.bigint() - pingSentAt) / 1e6;
      finish(undefined, { ...status, latencyMs: Math.round(latencyMs * 100) / 100 });
    }
  });
}

/** The Server List Ping as a player query, for the `games.player-query` extension point. */
export const serverListPingQuery: PlayerQuery = {
  protocol: SLP_PROTOCOL,
  async query(target) {
    const { raw: _raw, protocol: _protocol, ...result } = await serverListPing(target);
    return result;
  },
};
