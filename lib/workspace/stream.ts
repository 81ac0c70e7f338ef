import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import type { RealtimeChannel } from '@/lib/realtime/listener';
import { type LogStreamListener, startLogStream } from '@/lib/realtime/log-stream';
import { sharedRead } from '@/lib/realtime/shared-read';
import { lastEventId, sseResponse } from '@/lib/realtime/sse';
import { branchKey, type PresenceMessage, STREAM_EVENT, type WorkspaceBranch } from './collab-protocol';
import { eventsAfter, latestEventId } from './events';
import { listPresence, presenceOfUser } from './presence';

/**
 * The SSE stream of one branch: its activity log (`workspace-event`, `id:` = sequence, resumable
 * with Last-Event-ID: exactly the missed events, in order, once) and presence changes (`presence`,
 * no id: presence is state, re-sent whole on every (re)connect rather than replayed).
 */
export interface WorkspaceStreamOptions {
  request: Request;
  db: Kysely<Database>;
  listener: LogStreamListener<RealtimeChannel>;
  branch: WorkspaceBranch;
}

/** Per process and database: every open stream of a branch reads the same rows after the same notification. */
const sharedReads = new WeakMap<Kysely<Database>, { eventsAfter: typeof eventsAfter; presenceOfUser: typeof presenceOfUser }>();
function sharedReadsOf(db: Kysely<Database>) {
  let reads = sharedReads.get(db);
  if (!reads) {
    reads = {
      eventsAfter: sharedRead((_db, branch, after, limit) => `${branchKey(branch)}\n${after}\n${limit}`, eventsAfter),
      presenceOfUser: sharedRead((_db, branch, userId) => `${branchKey(branch)}\n${userId}`, presenceOfUser),
    };
    sharedReads.set(db, reads);
  }
  return reads;
}

export function workspaceStream({ request, db, listener, branch }: WorkspaceStreamOptions): Response {
  const resumeAfter = lastEventId(request);
  return sseResponse(request, async (stream) => {
    // A first connection starts at "now": history is the client's GET /api/workspace/events.
    const afterSeq = resumeAfter ?? (await latestEventId(db, branch));
    const stopEvents = startLogStream({
      listener,
      channel: 'workspace_events',
      key: branchKey(branch),
      afterSeq,
      fetchAfter: (after, limit) => sharedReadsOf(db).eventsAfter(db, branch, after, limit),
      deliver: (event) => stream.send({ id: event.id, event: STREAM_EVENT.workspaceEvent, data: event }),
    });
    const stopPresence = followPresence({
      db,
      listener,
      branch,
      send: (message) => stream.send({ event: STREAM_EVENT.presence, data: message }),
    });
    return () => {
      stopEvents();
      stopPresence();
    };
  });
}

interface PresenceFollower {
  db: Kysely<Database>;
  listener: LogStreamListener<RealtimeChannel>;
  branch: WorkspaceBranch;
  send: (message: PresenceMessage) => void;
}

/**
 * Sends every presence row of the branch once LISTEN is up and again after each listener reconnect
 * (notifications sent meanwhile are lost), then each changed row as its notification arrives. Reads
 * of one user never overlap: a burst of cursor moves costs one read in flight plus one after it.
 */
function followPresence({ db, listener, branch, send }: PresenceFollower): () => void {
  let stopped = false;
  const reading = new Set<string>();
  const stale = new Set<string>();

  const report = (error: unknown) => {
    if (!stopped) console.error('[workspace] presence read failed:', error instanceof Error ? error.message : error);
  };

  const refreshUser = async (userId: string) => {
    if (reading.has(userId)) {
      stale.add(userId);
      return;
    }
    reading.add(userId);
    try {
      do {
        stale.delete(userId);
        const entry = await sharedReadsOf(db).presenceOfUser(db, branch, userId);
        if (stopped) return;
        send(entry ?? { userId, gone: true });
      } while (stale.has(userId));
    } catch (error) {
      report(error);
    } finally {
      reading.delete(userId);
    }
  };

  const refreshAll = () => {
    listPresence(db, branch).then((entries) => {
      if (!stopped) for (const entry of entries) send(entry);
    }, report);
  };

  const unsubscribe = listener.subscribe('workspace_presence', branchKey(branch), (payload) => {
    if (typeof payload.user_id === 'string') void refreshUser(payload.user_id);
  });
  const unhook = listener.onReconnect(refreshAll);
  listener.ready.then(() => {
    if (!stopped) refreshAll();
  }, report);

  return () => {
    stopped = true;
    unsubscribe();
    unhook();
  };
}
