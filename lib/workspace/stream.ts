import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import type { RealtimeChannel } from '@/lib/realtime/listener';
import { createLogFeed, type LogFeed } from '@/lib/realtime/log-feed';
import type { LogStreamListener } from '@/lib/realtime/log-stream';
import { sharedRead } from '@/lib/realtime/shared-read';
import { encodeSseMessage, lastEventId, sseResponse } from '@/lib/realtime/sse';
import { branchKey, type PresenceEntry, type PresenceMessage, STREAM_EVENT, type WorkspaceBranch, type WorkspaceEventView } from './collab-protocol';
import { eventsAfter, latestEventId } from './events';
import { listParticipants, participantEntry } from './participants';
import { listPresence, presenceOfUser } from './presence';

/**
 * The SSE stream of one branch: its activity log (`workspace-event`, `id:` = sequence, resumable
 * with Last-Event-ID: exactly the missed events, in order, once) and presence changes (`presence`,
 * no id: presence is state, re-sent whole on every (re)connect rather than replayed).
 *
 * All streams of a branch in one process share one feed of each: an event or a presence change is
 * read once and encoded once, then written to every stream (bench/realtime.ts, fan-out).
 */
export interface WorkspaceStreamOptions {
  request: Request;
  db: Kysely<Database>;
  listener: LogStreamListener<RealtimeChannel>;
  branch: WorkspaceBranch;
}

type Send = (chunk: Uint8Array) => void;

interface BranchFeeds {
  events: LogFeed<WorkspaceEventView>;
  presence: PresenceFeed;
}

/** Per listener and database (tests run several), the feeds of the branches that have open streams. */
const feedsByListener = new WeakMap<object, WeakMap<Kysely<Database>, Map<string, BranchFeeds>>>();

function branchFeeds(db: Kysely<Database>, listener: LogStreamListener<RealtimeChannel>, branch: WorkspaceBranch): BranchFeeds {
  let byDb = feedsByListener.get(listener);
  if (!byDb) feedsByListener.set(listener, (byDb = new WeakMap()));
  let byBranch = byDb.get(db);
  if (!byBranch) byDb.set(db, (byBranch = new Map()));
  const key = branchKey(branch);
  const existing = byBranch.get(key);
  if (existing) return existing;

  const registry = byBranch;
  const forgetWhenIdle = () => {
    if (feeds.events.size === 0 && feeds.presence.size === 0 && registry.get(key) === feeds) registry.delete(key);
  };
  const feeds: BranchFeeds = {
    events: createLogFeed({
      listener,
      channel: 'workspace_events',
      key,
      // Catch-up reads of streams resuming from the same position are shared too.
      fetchAfter: sharedRead((after, limit) => `${after}\n${limit}`, (after, limit) => eventsAfter(db, branch, after, limit)),
      onIdle: forgetWhenIdle,
    }),
    presence: createPresenceFeed(db, listener, branch, forgetWhenIdle),
  };
  registry.set(key, feeds);
  return feeds;
}

/** Encoded once per event object; the feed hands the same object to every stream. */
const encodedEvents = new WeakMap<WorkspaceEventView, Uint8Array>();
function encodedEvent(event: WorkspaceEventView): Uint8Array {
  let chunk = encodedEvents.get(event);
  if (!chunk) encodedEvents.set(event, (chunk = encodeSseMessage({ id: event.id, event: STREAM_EVENT.workspaceEvent, data: event })));
  return chunk;
}

const encodedPresence = (message: PresenceMessage) => encodeSseMessage({ event: STREAM_EVENT.presence, data: message });

export function workspaceStream({ request, db, listener, branch }: WorkspaceStreamOptions): Response {
  const resumeAfter = lastEventId(request);
  return sseResponse(request, async (stream) => {
    // A first connection starts at "now": history is the client's GET /api/workspace/events.
    const afterSeq = resumeAfter ?? (await latestEventId(db, branch));
    const feeds = branchFeeds(db, listener, branch);
    const leaveEvents = feeds.events.join(afterSeq, (event) => stream.sendEncoded(encodedEvent(event)));
    const leavePresence = feeds.presence.join(stream.sendEncoded);
    return () => {
      leaveEvents();
      leavePresence();
    };
  });
}

interface PresenceFeed {
  /** Sends the branch's presence list once LISTEN is up, then every change; returns the function that leaves. */
  join(send: Send): () => void;
  readonly size: number;
}

/**
 * Presence of one branch for all its streams in this process. Every row is re-sent to everyone after
 * each listener reconnect (notifications sent meanwhile are lost), then each changed row as its
 * notification arrives. Reads of one user never overlap: a burst of cursor moves costs one read in
 * flight plus one after it, whatever the number of streams.
 */
function createPresenceFeed(
  db: Kysely<Database>,
  listener: LogStreamListener<RealtimeChannel>,
  branch: WorkspaceBranch,
  onIdle: () => void,
): PresenceFeed {
  const members = new Set<Send>();
  const reading = new Set<string>();
  const stale = new Set<string>();
  let stopListening: (() => void) | null = null;

  const report = (error: unknown) => {
    if (members.size) console.error('[workspace] presence read failed:', error instanceof Error ? error.message : error);
  };
  const broadcast = (chunk: Uint8Array, to: Iterable<Send> = members) => {
    for (const send of to) send(chunk);
  };
  /** The whole list (people, then agents and Live Chat turns) to `to()`: the members as they are when it arrives. */
  const sendList = (to: () => Iterable<Send>) => {
    Promise.all([listPresence(db, branch), listParticipants(db, branch)]).then(([people, participants]) => {
      const targets = [...to()];
      for (const entry of [...people, ...participants]) broadcast(encodedPresence(entry), targets);
    }, report);
  };

  /** `userId` is a person's id or a participant's (`agent:…`, `live-chat:…`); `read` finds its entry. */
  const refreshUser = async (userId: string, read: (id: string) => Promise<PresenceEntry | null>) => {
    if (reading.has(userId)) {
      stale.add(userId);
      return;
    }
    reading.add(userId);
    try {
      do {
        stale.delete(userId);
        const entry = await read(userId);
        if (!members.size) return;
        broadcast(encodedPresence(entry ?? { userId, gone: true }));
      } while (stale.has(userId));
    } catch (error) {
      report(error);
    } finally {
      reading.delete(userId);
    }
  };
  const readPerson = (userId: string) => presenceOfUser(db, branch, userId);
  const readParticipant = (id: string) => participantEntry(db, branch, id);

  const start = () => {
    const unsubscribe = listener.subscribe('workspace_presence', branchKey(branch), (payload) => {
      if (typeof payload.user_id === 'string') void refreshUser(payload.user_id, readPerson);
    });
    const unsubscribeParticipants = listener.subscribe('branch_participants', branchKey(branch), (payload) => {
      if (typeof payload.participant_id === 'string') void refreshUser(payload.participant_id, readParticipant);
    });
    const unhook = listener.onReconnect(() => sendList(() => members));
    stopListening = () => {
      unsubscribe();
      unsubscribeParticipants();
      unhook();
    };
  };

  return {
    join(send) {
      if (!stopListening) start();
      members.add(send);
      listener.ready.then(() => {
        if (members.has(send)) sendList(() => (members.has(send) ? [send] : []));
      }, report);
      return () => {
        if (!members.delete(send) || members.size) return;
        stopListening?.();
        stopListening = null;
        onIdle();
      };
    },
    get size() {
      return members.size;
    },
  };
}
