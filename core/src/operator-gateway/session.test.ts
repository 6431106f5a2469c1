import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { Logger } from '@pteronimbus/sdk';
import { MemoryEventBus } from '../ports/events.ts';
import { LinkSession } from './session.ts';
import type { SigningKeys } from './keys.ts';
import type { ClusterStore } from './store.ts';

class FakeSocket extends EventEmitter {
  sent: string[] = [];
  pings = 0;
  closed: { code: number; reason: string } | null = null;
  terminated = false;
  send(data: string) {
    this.sent.push(data);
  }
  ping() {
    this.pings++;
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  terminate() {
    this.terminated = true;
  }
}

const logger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child: () => logger,
};

function session(store: Partial<ClusterStore> = {}) {
  const socket = new FakeSocket();
  const onClose = vi.fn();
  const s = new LinkSession(
    'cl_1',
    socket as unknown as WebSocket,
    {
      store: store as ClusterStore,
      events: new MemoryEventBus(),
      logger,
      timing: { heartbeatIntervalMs: 1000, helloTimeoutMs: 5000 },
      keys: {} as SigningKeys,
      onDropped: () => {},
    },
    onClose,
  );
  return { socket, onClose, s };
}

describe('LinkSession', () => {
  it('pings on every beat and cuts a link that missed the previous ping', () => {
    vi.useFakeTimers();
    try {
      const { socket, onClose } = session();
      vi.advanceTimersByTime(1000);
      expect(socket.pings).toBe(1);
      socket.emit('pong');
      vi.advanceTimersByTime(1000);
      expect(socket.pings).toBe(2);
      expect(socket.terminated).toBe(false);
      vi.advanceTimersByTime(1000);
      expect(socket.terminated).toBe(true);
      expect(onClose).toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes a link that never says hello', () => {
    vi.useFakeTimers();
    try {
      const { socket } = session();
      // Pongs keep it alive, but silence on the protocol does not.
      for (let i = 0; i < 5; i++) {
        vi.advanceTimersByTime(1000);
        socket.emit('pong');
      }
      expect(socket.closed).toEqual({ code: 4400, reason: 'no hello' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes with an internal error when the store fails, without leaking the cause', async () => {
    const { socket } = session({
      markSeen: async () => {
        throw new Error('database down');
      },
    });
    socket.emit(
      'message',
      Buffer.from(
        JSON.stringify({ type: 'hello', lastRevision: 0, operatorVersion: '1', protocol: 2 }),
      ),
    );
    await expect.poll(() => socket.closed).toEqual({ code: 1011, reason: 'internal error' });
  });
});
