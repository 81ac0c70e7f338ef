import pg from 'pg';
import { env } from '@/lib/env';

/**
 * The process's one LISTEN connection (DESIGN.md, "Realtime"). PostgreSQL notifications are fanned
 * out in memory by (channel, routing key), so a thousand open SSE streams cost one connection.
 *
 * Notifications are wake-ups, not data: NOTIFY payloads carry ids and a routing key only, and a
 * notification sent while the connection is down is lost for good. That is why every successful
 * RE-connect runs the `onReconnect` hooks — streams use them to catch up from the database by
 * sequence (see `log-stream.ts`).
 */

/** Channels the migrations' triggers notify on (`db/migrations/0003_live_workspace.ts`). */
export const REALTIME_CHANNELS = ['workspace_events', 'workspace_presence', 'branch_participants', 'agent_events', 'agents'] as const;
export type RealtimeChannel = (typeof REALTIME_CHANNELS)[number];

/** A parsed NOTIFY payload; every trigger payload is a JSON object with a string routing `key`. */
export type NotificationPayload = Readonly<Record<string, unknown>> & { readonly key: string };
export type NotificationHandler = (payload: NotificationPayload) => void;

export interface PgListenerOptions<C extends string> {
  connectionString: string;
  channels: readonly C[];
  /** First reconnect delay; doubles on each failed attempt. */
  initialBackoffMs?: number;
  /** Upper bound of the reconnect delay, so a recovered database is noticed quickly. */
  maxBackoffMs?: number;
  /** Gives up on a connection attempt that hangs (e.g. a black-holed host) so the next one can start. */
  connectTimeoutMs?: number;
  log?: (message: string) => void;
}

class ListenerClosedError extends Error {
  constructor() {
    super('PgListener was closed');
    this.name = 'ListenerClosedError';
  }
}

export class PgListener<C extends string = string> {
  /** Resolves once LISTEN is active for the first time; rejects if closed before that. */
  readonly ready: Promise<void>;

  private readonly options: Required<PgListenerOptions<C>>;
  private readonly channels: ReadonlySet<string>;
  private readonly handlers = new Map<string, Map<string, Set<NotificationHandler>>>();
  private readonly reconnectHooks = new Set<() => void>();
  private client: pg.Client | null = null;
  private isConnected = false;
  private closed = false;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;
  private interruptBackoff: (() => void) | null = null;
  private readonly loop: Promise<void>;

  constructor(options: PgListenerOptions<C>) {
    this.options = {
      initialBackoffMs: 100,
      maxBackoffMs: 5_000,
      connectTimeoutMs: 10_000,
      log: (message) => console.error(`[realtime] ${message}`),
      ...options,
    };
    this.channels = new Set(options.channels);
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Nobody may be awaiting `ready` when it rejects on close; that must not become an unhandled rejection.
    this.ready.catch(() => {});
    this.loop = this.run();
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** PID of the server backend holding the LISTEN, or null while disconnected. */
  backendPid(): number | null {
    // `processID` is set from the server's BackendKeyData but missing from @types/pg.
    const client = this.client as (pg.Client & { processID?: number }) | null;
    return this.isConnected ? (client?.processID ?? null) : null;
  }

  subscribe(channel: C, key: string, handler: NotificationHandler): () => void {
    if (!this.channels.has(channel)) throw new Error(`PgListener does not listen on channel "${channel}"`);
    let byKey = this.handlers.get(channel);
    if (!byKey) this.handlers.set(channel, (byKey = new Map()));
    let set = byKey.get(key);
    if (!set) byKey.set(key, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      // Drop empty buckets so routing keys of closed streams do not accumulate for the process's lifetime.
      if (set.size === 0 && byKey.get(key) === set) byKey.delete(key);
    };
  }

  onReconnect(hook: () => void): () => void {
    this.reconnectHooks.add(hook);
    return () => {
      this.reconnectHooks.delete(hook);
    };
  }

  /**
   * Stops for good: no more notifications, hooks or reconnects. Resolves once the connection is
   * closed; a connection attempt in flight is let finish first (bounded by `connectTimeoutMs`).
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.isConnected = false;
      this.rejectReady(new ListenerClosedError());
      this.interruptBackoff?.();
      await this.client?.end().catch(() => {});
      this.handlers.clear();
      this.reconnectHooks.clear();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    let failedAttempts = 0;
    let hasConnected = false;
    while (!this.closed) {
      const connection = await this.connect();
      if (!connection) {
        failedAttempts += 1;
        await this.backoff(failedAttempts);
        continue;
      }
      failedAttempts = 0;
      this.isConnected = true;
      if (hasConnected) {
        this.runReconnectHooks();
      } else {
        hasConnected = true;
        this.resolveReady();
      }
      const reason = await connection.lost;
      this.isConnected = false;
      this.client = null;
      await connection.client.end().catch(() => {});
      if (this.closed) break;
      this.options.log(`LISTEN connection lost (${reason}); reconnecting`);
      // Even the first retry waits a little: a restarting server refuses connections for a moment.
      await this.backoff(1);
    }
  }

  /** One connection attempt, LISTENing on every channel; null on failure (already logged). */
  private async connect(): Promise<{ client: pg.Client; lost: Promise<string> } | null> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      // Lets the OS notice a silently dead peer on an otherwise idle LISTEN connection.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Attached before anything can happen: an unhandled 'error' event would crash the process, and a
    // notification or failure may arrive in the same network read as the LISTEN's reply.
    const lost = new Promise<string>((resolve) => {
      client.on('error', (error) => resolve(error.message));
      client.on('end', () => resolve('connection ended'));
    });
    client.on('notification', (message) => this.dispatch(message));
    try {
      await client.connect();
      // Only now may close() end it: ending a pg client mid-handshake can leave `end()` waiting forever.
      if (this.closed) throw new ListenerClosedError();
      this.client = client;
      const listen = [...this.channels].map((channel) => `LISTEN ${client.escapeIdentifier(channel)};`);
      await client.query(listen.join(' '));
      if (this.closed) throw new ListenerClosedError();
      return { client, lost };
    } catch (error) {
      this.client = null;
      await client.end().catch(() => {});
      if (!this.closed) this.options.log(`LISTEN connect failed: ${(error as Error).message}`);
      return null;
    }
  }

  /** Exponential backoff with jitter, so many processes do not reconnect in lockstep; close() cuts it short. */
  private backoff(attempt: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** (attempt - 1));
    const delay = ceiling / 2 + (Math.random() * ceiling) / 2;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptBackoff = null;
        resolve();
      };
      const timer = setTimeout(done, delay);
      // A process whose only remaining work is reconnecting may exit.
      timer.unref();
      this.interruptBackoff = done;
    });
  }

  private dispatch(message: pg.Notification): void {
    const payload = parsePayload(message.payload);
    if (!payload) {
      this.options.log(`ignored malformed notification on "${message.channel}"`);
      return;
    }
    const handlers = this.handlers.get(message.channel)?.get(payload.key);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      // One faulty subscriber must not starve the others or break the connection's event loop.
      try {
        handler(payload);
      } catch (error) {
        this.options.log(`notification handler failed: ${(error as Error).message}`);
      }
    }
  }

  private runReconnectHooks(): void {
    for (const hook of [...this.reconnectHooks]) {
      try {
        hook();
      } catch (error) {
        this.options.log(`reconnect hook failed: ${(error as Error).message}`);
      }
    }
  }
}

function parsePayload(raw: string | undefined): NotificationPayload | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  return typeof record.key === 'string' ? (record as NotificationPayload) : null;
}

const GLOBAL_LISTENER = Symbol.for('webedt.realtime.listener');
type ListenerGlobal = typeof globalThis & { [GLOBAL_LISTENER]?: PgListener<RealtimeChannel> };

/**
 * The process-wide listener. Kept on `globalThis` so Next's dev-mode module reloading does not
 * open a new LISTEN connection (and orphan the old one) on every edit.
 */
export function getListener(): PgListener<RealtimeChannel> {
  const store = globalThis as ListenerGlobal;
  const existing = store[GLOBAL_LISTENER];
  if (existing) return existing;
  const connectionString = env().DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL must be set before the realtime listener starts');
  const listener = new PgListener({ connectionString, channels: REALTIME_CHANNELS });
  store[GLOBAL_LISTENER] = listener;
  return listener;
}
