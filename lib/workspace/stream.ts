import type { Kysely } from 'kysely';
import type { Database } from '@/lib/db/schema';
import type { RealtimeChannel } from '@/lib/realtime/listener';
import { createLogFeed, type LogFeed } from '@/lib/realtime/log-feed';
import type { LogStreamListener } from '@/lib/realtime/log-stream';
import { sharedRead } from '@/lib/realtime/shared-read';
import { encodeSseMessage, lastEventId, sseResponse } from '@/lib/realtime/sse';
import { branchKey, type PresenceMessage, STREAM_EVENT, type WorkspaceBranch, type WorkspaceEventView } from './collab-protocol';
import { eventsAfter, latestEventId } from './events';
import { isParticipantId, listParticipants, participantEntries } from './participants';
import { listPresence, presenceExpired, presenceOfUsers, type PresenceWriter } from './presence';

/**
 * The SSE stream of one branch: its activity log (`workspace-event`, `id:` = sequence, resumable
 * with Last-Event-ID: exactly the missed events, in order, once) and presence changes (`presence`,
 * no id: presence is state, re-sent whole on every (re)connect rather than replayed).
 *
 * All streams of a branch in one process share one feed of each: an event or a presence change is
 * read once and encoded once, then written to every stream (bench/realtime.ts, fan-out); what one
 * read brings is one write per stream. An open stream is its user's heartbeat (`PresenceWriter.hold`).
 */
export interface WorkspaceStreamOptions {
  request: Request;
  db: Kysely<Database>;
  listener: LogStreamListener<RealtimeChannel>;
  presence: PresenceWriter;
  branch: WorkspaceBranch;
  userId: string;
}

type Send = (chunk: Uint8Array) => void;

interface BranchFeeds {
  events: LogFeed<WorkspaceEventView>;
  presence: PresenceFeed;
}

/** How often a process with open streams looks for people whose heartbeat just turned 30 s old. */
export const PRESENCE_SWEEP_MS = 2_000;

/** The feeds of the branches that have open streams, and the sweep that runs while there are any. */
interface FeedRegistry {
  byBranch: Map<string, BranchFeeds>;
  sweep: ReturnType<typeof setInterval> | undefined;
}

/** Per listener and database (tests run several), the feed registry. */
const feedsByListener = new WeakMap<object, WeakMap<Kysely<Database>, FeedRegistry>>();

/**
 * Nobody writes when someone's heartbeat goes stale (their instance died, or they had no stream and
 * stopped sending), so each process looks for it: one read per sweep, whatever the number of streams,
 * then the branches concerned re-read those users and send their now offline entries.
 */
function startSweep(db: Kysely<Database>, registry: FeedRegistry): void {
  let since: string | null = null;
  let sweeping = false;
  registry.sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    presenceExpired(db, since, PRESENCE_SWEEP_MS)
      .then(({ expired, checkedAt }) => {
        since = checkedAt;
        for (const { userId, key } of expired) registry.byBranch.get(key)?.presence.refresh([userId]);
      })
      .catch((error: unknown) => console.error('[workspace] presence sweep failed:', error instanceof Error ? error.message : error))
      .finally(() => {
        sweeping = false;
      });
  }, PRESENCE_SWEEP_MS);
  registry.sweep.unref();
}

function branchFeeds(db: Kysely<Database>, listener: LogStreamListener<RealtimeChannel>, presence: PresenceWriter, branch: WorkspaceBranch): BranchFeeds {
  let byDb = feedsByListener.get(listener);
  if (!byDb) feedsByListener.set(listener, (byDb = new WeakMap()));
  let registry = byDb.get(db);
  if (!registry) byDb.set(db, (registry = { byBranch: new Map(), sweep: undefined }));
  const key = branchKey(branch);
  const existing = registry.byBranch.get(key);
  if (existing) return existing;

  const { byBranch } = registry;
  const idleRegistry = registry;
  const forgetWhenIdle = () => {
    if (feeds.events.size === 0 && feeds.presence.size === 0 && byBranch.get(key) === feeds) byBranch.delete(key);
    if (byBranch.size === 0) {
      clearInterval(idleRegistry.sweep);
      idleRegistry.sweep = undefined;
    }
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
    presence: createPresenceFeed(db, listener, presence, branch, forgetWhenIdle),
  };
  byBranch.set(key, feeds);
  if (!registry.sweep) startSweep(db, registry);
  return feeds;
}

/** Encoded once per batch; the feed hands the same array to every stream that is level with it. */
const encodedEvents = new WeakMap<readonly WorkspaceEventView[], Uint8Array>();
function encodedEventBatch(events: readonly WorkspaceEventView[]): Uint8Array {
  let chunk = encodedEvents.get(events);
  if (!chunk) {
    chunk = concatChunks(events.map((event) => encodeSseMessage({ id: event.id, event: STREAM_EVENT.workspaceEvent, data: event })));
    encodedEvents.set(events, chunk);
  }
  return chunk;
}

/** Several SSE messages as one chunk: one write on each stream instead of one per message. */
function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

const encodedPresence = (messages: readonly PresenceMessage[]) =>
  concatChunks(messages.map((message) => encodeSseMessage({ event: STREAM_EVENT.presence, data: message })));

export async function workspaceStream({ request, db, listener, presence, branch, userId }: WorkspaceStreamOptions): Promise<Response> {
  // A first connection starts at "now": history is the client's GET /api/workspace/events. "Now" is read
  // before the response opens, so whatever is logged once the client sees it open reaches the stream.
  const afterSeq = lastEventId(request) ?? (await latestEventId(db, branch));
  return sseResponse(request, async (stream) => {
    const feeds = branchFeeds(db, listener, presence, branch);
    const leaveEvents = feeds.events.join(afterSeq, (events) => stream.sendEncoded(encodedEventBatch(events)));
    const leavePresence = feeds.presence.join(stream.sendEncoded);
    const release = presence.hold(userId, branch);
    return () => {
      release();
      leaveEvents();
      leavePresence();
    };
  });
}

interface PresenceFeed {
  /** Sends the branch's presence list once LISTEN is up, then every change; returns the function that leaves. */
  join(send: Send): () => void;
  /** Re-reads these users and sends their entries to every member. */
  refresh(userIds: readonly string[]): void;
  readonly size: number;
}

/**
 * Presence of one branch for all its streams in this process. Every row is re-sent to everyone after
 * each listener reconnect (notifications sent meanwhile are lost), then the users each notification
 * names (a whole batch of the writers', one per branch), then users the sweep found gone silent.
 * One read at a time: users named meanwhile are read together in the next one, and what a read
 * returns goes to each stream as one write.
 */
function createPresenceFeed(
  db: Kysely<Database>,
  listener: LogStreamListener<RealtimeChannel>,
  presence: PresenceWriter,
  branch: WorkspaceBranch,
  onIdle: () => void,
): PresenceFeed {
  const members = new Set<Send>();
  /** Users to re-read; `everyone` when a notification named too many to list. */
  let wanted = new Set<string>();
  let everyone = false;
  let reading = false;
  let stopListening: (() => void) | null = null;

  /** People, then agents and Live Chat turns at work. */
  const readEveryone = async () => {
    const [people, participants] = await Promise.all([listPresence(db, branch), listParticipants(db, branch)]);
    return [...people, ...participants];
  };
  // Streams joining together (a burst of tabs, everyone after a reconnect) share one read of the list.
  const readList = sharedRead(() => '', readEveryone);
  const report = (error: unknown) => {
    if (members.size) console.error('[workspace] presence read failed:', error instanceof Error ? error.message : error);
  };
  const broadcast = (messages: readonly PresenceMessage[], to: Iterable<Send> = members) => {
    // Someone shown offline while a stream of theirs is open here: another instance marked them left when
    // their tab there closed. This process heartbeats them at once; their entry comes back online.
    const shown = messages.filter((message) => !('online' in message) || message.online || message.participant || !presence.reclaim(message.user.id, branch));
    if (shown.length === 0) return;
    const chunk = encodedPresence(shown);
    for (const send of to) send(chunk);
  };
  /** The whole list (people, then agents and Live Chat turns) to `to()`: the members as they are when it arrives. */
  const sendList = (to: () => Iterable<Send>) => {
    readList().then((entries) => broadcast(entries, [...to()]), report);
  };

  const readWanted = async () => {
    if (reading) return;
    reading = true;
    try {
      while (members.size && (everyone || wanted.size)) {
        if (everyone) {
          everyone = false;
          wanted = new Set();
          broadcast(await readEveryone());
          continue;
        }
        const userIds = [...wanted];
        wanted = new Set();
        const [people, participants] = await Promise.all([
          presenceOfUsers(db, branch, userIds.filter((id) => !isParticipantId(id))),
          participantEntries(db, branch, userIds.filter(isParticipantId)),
        ]);
        // A turn whose process died is gone once its heartbeat is stale, as the list leaves it out.
        const entries = [...people, ...participants.filter((entry) => entry.online)];
        const found = new Set(entries.map((entry) => entry.user.id));
        const gone = userIds.filter((userId) => !found.has(userId)).map((userId) => ({ userId, gone: true as const }));
        if (members.size) broadcast([...entries, ...gone]);
      }
    } catch (error) {
      report(error);
    } finally {
      reading = false;
    }
  };

  const refresh = (userIds: readonly string[] | null) => {
    if (!members.size) return;
    if (userIds === null) everyone = true;
    else for (const userId of userIds) wanted.add(userId);
    void readWanted();
  };

  const start = () => {
    const unsubscribe = listener.subscribe('workspace_presence', branchKey(branch), (payload) => {
      const { users } = payload;
      refresh(Array.isArray(users) ? users.filter((user): user is string => typeof user === 'string') : null);
    });
    const unsubscribeParticipants = listener.subscribe('branch_participants', branchKey(branch), (payload) => {
      if (typeof payload.participant_id === 'string') refresh([payload.participant_id]);
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
    refresh,
    get size() {
      return members.size;
    },
  };
}
