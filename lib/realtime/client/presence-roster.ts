import {
  displayName,
  PRESENCE_IDLE_AFTER_MS,
  PRESENCE_OFFLINE_AFTER_MS,
  type PresenceEntry,
  type PresenceMessage,
} from '@/lib/workspace/collab-protocol';

/**
 * The browser's view of who is on a branch, fed by the stream and by polls in any order. Times are
 * kept in the browser's own clock (`seenAt` = arrival − the server-measured age), so no clock
 * needs to agree with the server's.
 */
export interface RosterEntry extends PresenceEntry {
  /** Browser time of the entry's heartbeat. */
  seenAt: number;
  /** Browser time of their last change of page, cursor or selection. */
  activeAt: number;
}

export type Roster = ReadonlyMap<string, RosterEntry>;

export function applyPresence(roster: Roster, message: PresenceMessage, receivedAt: number): Roster {
  if ('gone' in message) {
    if (!roster.has(message.userId)) return roster;
    const next = new Map(roster);
    next.delete(message.userId);
    return next;
  }
  const current = roster.get(message.user.id);
  // A poll answered before a newer stream update must not roll the cursor back.
  if (current && Date.parse(current.heartbeatAt) > Date.parse(message.heartbeatAt)) return roster;
  const next = new Map(roster);
  next.set(message.user.id, { ...message, seenAt: receivedAt - message.ageMs, activeAt: receivedAt - message.idleMs });
  return next;
}

/**
 * While the stream is live the server says when someone goes offline (their streams closed, or their
 * heartbeat stopped): an open stream keeps its user's heartbeat without telling anyone, so entries
 * must not age here. While it is down, the polled entries age by the 30-s rule until the next poll.
 */
export function isOnline(entry: RosterEntry, now: number, live: boolean): boolean {
  return entry.online && (live || now - entry.seenAt < PRESENCE_OFFLINE_AFTER_MS);
}

/** Other people online at `now`, by name; `live`: the stream is up (see `isOnline`). */
export function peopleOnline(roster: Roster, now: number, selfId: string, live: boolean): RosterEntry[] {
  return [...roster.values()]
    .filter((entry) => entry.user.id !== selfId && isOnline(entry, now, live))
    .sort((a, b) => displayName(a.user).localeCompare(displayName(b.user)));
}

/** Whole minutes someone has been idle at `now`, or null while they count as active. */
export function idleMinutes(entry: RosterEntry, now: number): number | null {
  const idleMs = now - entry.activeAt;
  return idleMs < PRESENCE_IDLE_AFTER_MS ? null : Math.floor(idleMs / 60_000);
}
