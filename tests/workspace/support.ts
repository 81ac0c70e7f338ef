import { eventsHandlers } from '@/app/api/workspace/events/handlers';
import { streamHandlers } from '@/app/api/workspace/events/stream/handlers';
import { presenceHandlers } from '@/app/api/workspace/presence/handlers';
import { createGuards, type SessionUser } from '@/lib/auth/guard';
import type { DB } from '@/lib/db/client';
import { PgListener, REALTIME_CHANNELS, type RealtimeChannel } from '@/lib/realtime/listener';
import type { WorkspaceBranch } from '@/lib/workspace/collab-protocol';
import { createPresenceWriter, type PresenceWriter, type PresenceWriterOptions } from '@/lib/workspace/presence';

const writers = new WeakMap<DB, PresenceWriter>();

/** One presence writer per test database, as a process has one; `options` apply when it is made. */
export function testPresenceWriter(db: DB, options: PresenceWriterOptions = {}): PresenceWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = createPresenceWriter(db, options)));
  return writer;
}

/**
 * The real workspace route handlers, built exactly as the routes build them but with the session
 * user, database, listener and presence writer of a test. `putPresence` also writes the batch its
 * PUT was queued in, so a test reads the row right after.
 */
export function workspaceRoutes(user: SessionUser | null, db: DB, listener: PgListener<RealtimeChannel>) {
  const { withRepoAccess } = createGuards({ resolveUser: async () => user, db: () => db, trustProxy: () => false });
  const writer = testPresenceWriter(db);
  const deps = { withRepoAccess, db: () => db, listener: () => listener, presence: () => writer };
  const context = { params: Promise.resolve({}) };
  const url = (path: string, query: Record<string, string> = {}) => `http://app.test${path}?${new URLSearchParams(query)}`;
  const json = (method: string, body: unknown) => ({
    method,
    headers: { 'content-type': 'application/json', origin: 'http://app.test', host: 'app.test' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const presence = presenceHandlers(deps);
  const events = eventsHandlers(deps);
  const stream = streamHandlers(deps);
  return {
    putPresence: async (body: unknown) => {
      const response = await presence.PUT(new Request(url('/api/workspace/presence'), json('PUT', body)), context);
      await writer.flush();
      return response;
    },
    getPresence: (query: Record<string, string>) => presence.GET(new Request(url('/api/workspace/presence', query)), context),
    postEvent: (body: unknown) => events.POST(new Request(url('/api/workspace/events'), json('POST', body)), context),
    getEvents: (query: Record<string, string>) => events.GET(new Request(url('/api/workspace/events', query)), context),
    openStream: (query: Record<string, string>, init: RequestInit = {}) =>
      stream.GET(new Request(url('/api/workspace/events/stream', query), init), context),
  };
}

export function testListener(url: string): PgListener<RealtimeChannel> {
  return new PgListener({ connectionString: url, channels: REALTIME_CHANNELS, initialBackoffMs: 20, maxBackoffMs: 200, log: () => {} });
}

let branches = 0;
/** A branch of alice/sample-game no other test uses (presence and events are per branch). */
export function freshBranch(): WorkspaceBranch {
  branches += 1;
  return { owner: 'alice', repo: 'sample-game', branch: `feature/collab-${process.pid}-${branches}` };
}

export const asQuery = (branch: WorkspaceBranch): Record<string, string> => ({ ...branch });
