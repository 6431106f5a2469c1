import { getCurrentScope, onScopeDispose, readonly, ref, shallowRef, toValue, watch } from 'vue';
import type { MaybeRefOrGetter, Ref } from 'vue';
import { api } from '../api/client.ts';
import {
  createStreamClient,
  type StreamClient,
  type StreamError,
  type StreamHandlers,
  type StreamState,
  type SubscribeOptions,
} from '../api/stream.ts';

let shared: StreamClient | null = null;
const state = ref<StreamState>('idle');
const lastDropped = shallowRef<{ topic: string; error: StreamError } | null>(null);
let detach: (() => void) | null = null;

function attach(client: StreamClient) {
  detach?.();
  state.value = client.state;
  const offState = client.onState((next) => (state.value = next));
  const offError = client.onSubscriptionError((topic, error) => {
    lastDropped.value = { topic, error };
  });
  const online = () => client.reconnectNow();
  globalThis.addEventListener?.('online', online);
  detach = () => {
    offState();
    offError();
    globalThis.removeEventListener?.('online', online);
  };
}

/** The tab's one stream client, created on first use. */
export function streamClient(): StreamClient {
  if (!shared) {
    // A socket closed because its session ended elsewhere: renew the session now, and if that
    // fails the panel learns it signed out (and this client closes, below).
    shared = createStreamClient({
      onSessionEnded: () => void api.refreshSession().catch(() => undefined),
    });
    attach(shared);
  }
  return shared;
}

// When the session ends, the socket it opened goes with it; signing in again opens a new one.
api.onSessionLost(() => shared?.close());

/** Replaces the tab's stream client (tests connect it to their own server); `null` resets. */
export function setStreamClient(client: StreamClient | null): void {
  shared?.close();
  shared = client;
  lastDropped.value = null;
  if (client) attach(client);
  else {
    detach?.();
    detach = null;
    state.value = 'idle';
  }
}

/**
 * The connection as the panel shows it: a "live" dot while `open`, a banner while
 * `reconnecting`, and the last subscription the server refused or dropped.
 */
export function useStreamConnection(): {
  state: Readonly<Ref<StreamState>>;
  lastDropped: Readonly<Ref<{ topic: string; error: StreamError } | null>>;
} {
  return { state: readonly(state), lastDropped: readonly(lastDropped) };
}

/** Where one topic subscription stands, as a view shows it. */
export type TopicStatus = 'off' | 'pending' | 'live' | 'refused' | 'dropped';

/**
 * Subscribes to `topic` for as long as the calling component (or effect scope) lives, and again
 * whenever the topic changes; a `null` topic subscribes to nothing. `status` says whether events
 * flow; `error` holds the refusal or the drop.
 */
export function useStreamTopic<T = unknown>(
  topic: MaybeRefOrGetter<string | null>,
  handlers: StreamHandlers<T>,
  options: SubscribeOptions = {},
) {
  const status = ref<TopicStatus>('off');
  const error = shallowRef<StreamError | null>(null);
  let unsubscribe: (() => void) | null = null;

  function stop() {
    unsubscribe?.();
    unsubscribe = null;
  }

  function start(name: string | null) {
    stop();
    error.value = null;
    if (name === null) {
      status.value = 'off';
      return;
    }
    status.value = 'pending';
    const subscription = streamClient().subscribe<T>(
      name,
      {
        onEvent: (event) => handlers.onEvent(event),
        onSubscribed: (info) => {
          status.value = 'live';
          handlers.onSubscribed?.(info);
        },
        onError: (cause, dropped) => {
          status.value = dropped ? 'dropped' : 'refused';
          error.value = cause;
          unsubscribe = null;
          handlers.onError?.(cause, dropped);
        },
      },
      options,
    );
    unsubscribe = () => subscription.unsubscribe();
  }

  const stopWatch = watch(() => toValue(topic), start, { immediate: true });
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopWatch();
      stop();
    });
  }

  return {
    status: readonly(status),
    error: readonly(error),
    /** Subscribes again (after a refusal, or to start over). */
    retry: () => start(toValue(topic)),
    stop,
  };
}
