import type { AgentView } from '@/lib/agents/queries';

/** What the signed-in user's agent list stream says (`/api/agents/stream`). */
export type AgentsStreamMessage = { type: 'agent'; agent: AgentView } | { type: 'removed'; id: string } | { type: 'resync' };

type Listener = (message: AgentsStreamMessage) => void;

/** One user's subscription in this tab: its listeners and, while it has any, its part in the tabs' sharing. */
interface Subscription {
  listeners: Set<Listener>;
  stop: () => void;
}

const subscriptions = new Map<string, Subscription>();

function dispatch(subscription: Subscription, message: AgentsStreamMessage): void {
  subscription.listeners.forEach((listener) => listener(message));
}

/** Opens the stream and hands every message to `deliver`; returns the function that closes it. */
function openStream(deliver: (message: AgentsStreamMessage) => void): () => void {
  const stream = new EventSource('/api/agents/stream');
  stream.addEventListener('agent', (event) => deliver({ type: 'agent', agent: JSON.parse((event as MessageEvent<string>).data) as AgentView }));
  stream.addEventListener('agent-removed', (event) => deliver({ type: 'removed', id: (JSON.parse((event as MessageEvent<string>).data) as { id: string }).id }));
  stream.addEventListener('resync', () => deliver({ type: 'resync' }));
  return () => stream.close();
}

/**
 * The tabs of one user share ONE stream: browsers allow six HTTP/1.1 connections per host, and each
 * workspace tab needs one of its own. The tab holding the Web Lock reads the stream and relays what it
 * says to the others over a BroadcastChannel; when it closes, the lock passes to another tab, which
 * opens the stream and tells everyone to resync (changes in between were not streamed to anyone).
 */
function shareAcrossTabs(userId: string, subscription: Subscription): () => void {
  const name = `webedt-agents:${userId}`;
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event: MessageEvent<AgentsStreamMessage>) => dispatch(subscription, event.data);
  /** What the leading tab says goes to this tab's listeners and to every other tab. */
  const relay = (message: AgentsStreamMessage) => {
    channel.postMessage(message);
    dispatch(subscription, message);
  };
  const waiting = new AbortController();
  let stepDown: (() => void) | undefined;
  let stopped = false;

  const lead = (tookOver: boolean) =>
    new Promise<void>((release) => {
      if (stopped) return release();
      const close = openStream(relay);
      if (tookOver) relay({ type: 'resync' });
      stepDown = () => {
        close();
        release();
      };
    });

  void (async () => {
    const led = await navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await lead(false);
      return true;
    });
    if (led || stopped) return;
    await navigator.locks.request(name, { signal: waiting.signal }, () => lead(true));
  })().catch((error: unknown) => {
    if (!(error instanceof DOMException && error.name === 'AbortError')) console.error('[agents] shared stream failed:', error);
  });

  return () => {
    stopped = true;
    waiting.abort();
    stepDown?.();
    channel.close();
  };
}

/**
 * Follows the user's agents. Everything in a tab that does (the Agents badge, the list, the attempts
 * comparison) shares one subscription, and the user's tabs share one EventSource where the browser
 * can (Web Locks need a secure context: localhost or HTTPS); elsewhere each tab has its own.
 */
export function subscribeToAgents(userId: string, listener: Listener): () => void {
  let subscription = subscriptions.get(userId);
  if (!subscription) {
    const created: Subscription = { listeners: new Set(), stop: () => {} };
    const shared = typeof navigator !== 'undefined' && 'locks' in navigator && typeof BroadcastChannel !== 'undefined';
    created.stop = shared ? shareAcrossTabs(userId, created) : openStream((message) => dispatch(created, message));
    subscriptions.set(userId, (subscription = created));
  }
  const current = subscription;
  current.listeners.add(listener);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0 && subscriptions.get(userId) === current) {
      subscriptions.delete(userId);
      current.stop();
    }
  };
}
